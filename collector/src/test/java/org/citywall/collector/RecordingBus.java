package org.citywall.collector;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.citywall.event.RawEvent;

/**
 * A bus the test controls: it keeps what it is given in memory and, on command, acknowledges at once, holds
 * every acknowledgement (a slow bus), fails every publish (a bus that is down), or refuses every event for
 * good (as Kafka refuses a record larger than the broker takes).
 */
final class RecordingBus implements Bus {

    enum Mode { ACCEPT, HOLD, FAIL, REJECT }

    private final ConcurrentLinkedQueue<RawEvent> stored = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Pending> held = new ConcurrentLinkedQueue<>();
    private final AtomicInteger attempts = new AtomicInteger();
    private volatile Mode mode = Mode.ACCEPT;

    private record Pending(RawEvent event, Receipt receipt) {}

    @Override
    public void publish(RawEvent event, Receipt receipt) {
        attempts.incrementAndGet();
        switch (mode) {
            case ACCEPT -> {
                stored.add(event);
                receipt.stored();
            }
            case HOLD -> held.add(new Pending(event, receipt));
            case REJECT -> receipt.rejected(new org.apache.kafka.common.errors.RecordTooLargeException("too large for the bus (test)"));
            default -> receipt.failed(new IllegalStateException("bus down (test)"));
        }
    }

    void mode(Mode mode) {
        this.mode = mode;
    }

    /** Stores and acknowledges everything held so far, and accepts from now on. */
    void releaseAndAccept() {
        mode = Mode.ACCEPT;
        Pending p;
        while ((p = held.poll()) != null) {
            stored.add(p.event());
            p.receipt().stored();
        }
    }

    List<RawEvent> events() {
        return new ArrayList<>(stored);
    }

    List<String> bodies() {
        return stored.stream().map(RawEvent::bodyAsString).toList();
    }

    int held() {
        return held.size();
    }

    int attempts() {
        return attempts.get();
    }
}
