package org.citywall.collector;

/** What every connection of one input shares: its spec and options, its meters, the way to the bus. */
final class InputContext {

    final InputSpec spec;
    final InputOptions options;
    final InputMetrics metrics;
    final Publisher publisher;
    final InflightBudget budget;
    final ConnectionLimits limits;

    InputContext(InputSpec spec, InputOptions options, InputMetrics metrics, Publisher publisher, InflightBudget budget) {
        this.spec = spec;
        this.options = options;
        this.metrics = metrics;
        this.publisher = publisher;
        this.budget = budget;
        this.limits = new ConnectionLimits(options.maxConnections, options.maxConnectionsPerPeer);
    }

    String name() {
        return spec.name();
    }

    String domain() {
        return spec.domain();
    }
}
