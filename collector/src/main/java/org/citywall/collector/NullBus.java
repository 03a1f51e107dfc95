package org.citywall.collector;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import org.citywall.event.RawEvent;

/**
 * A bus that stores nothing and acknowledges at once: for benchmarks of the inputs alone, never for data
 * anyone needs. It counts what it was given so a benchmark can check that nothing was lost on the way.
 */
public final class NullBus implements Bus {

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final LongAdder events = new LongAdder();
    private final LongAdder bytes = new LongAdder();

    @Override
    public CompletableFuture<Void> publish(RawEvent event) {
        events.increment();
        bytes.add(event.body().length);
        return DONE;
    }

    /** Events published so far. */
    public long events() {
        return events.sum();
    }

    /** Body bytes published so far. */
    public long bytes() {
        return bytes.sum();
    }
}
