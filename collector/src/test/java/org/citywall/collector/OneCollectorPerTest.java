package org.citywall.collector;

import org.junit.jupiter.api.AfterEach;

/** A collector with a recording bus for each test: started on the inputs' free ports, closed after the test. */
abstract class OneCollectorPerTest {
    /** The default in-flight budget of a collector. */
    static final long DEFAULT_BUDGET = 32L * 1024 * 1024;

    final RecordingBus bus = new RecordingBus();
    Collector collector;

    @AfterEach
    void stopCollector() {
        if (collector != null) {
            collector.close();
        }
    }

    /** Starts the collector with {@code spec}; returns the port it listens on. */
    int start(InputSpec spec) {
        return start(spec, DEFAULT_BUDGET);
    }

    int start(InputSpec spec, long inflightBudget) {
        collector = Collector.builder().input(spec).bus(bus).maxInflightBytes(inflightBudget).build().start();
        return collector.boundAddress(spec.name()).getPort();
    }
}
