package org.citywall.collector;

import java.util.concurrent.atomic.LongAdder;
import org.citywall.event.RawEvent;

/**
 * A bus that stores nothing and acknowledges at once: for benchmarks of the inputs alone, never for data
 * anyone needs. It counts what it was given so a benchmark can check that nothing was lost on the way.
 */
public final class NullBus implements Bus {

    private final LongAdder events = new LongAdder();

    @Override
    public void publish(RawEvent event, Receipt receipt) {
        events.increment();
        receipt.stored();
    }

    /** Events published so far. */
    public long events() {
        return events.sum();
    }
}
