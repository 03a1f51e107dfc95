package org.citywall.collector;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front gate: listens on its inputs, cuts what arrives into frames, stamps each with the input's domain
 * and hands it to the {@link Bus} as a {@link org.citywall.event.RawEvent}. It decodes nothing.
 *
 * <pre>{@code
 * try (Collector c = Collector.builder()
 *         .input(InputSpec.of("syslog-tcp", InputType.SYSLOG_TCP, "0.0.0.0", 5514, "taiyuan"))
 *         .input(InputSpec.of("syslog-udp", InputType.SYSLOG_UDP, "0.0.0.0", 5514, "taiyuan"))
 *         .bus(kafkaBus)
 *         .build()
 *         .start()) {
 *     InetSocketAddress tcp = c.boundAddress("syslog-tcp");
 *     String scrape = c.scrapeMetrics();
 * }
 * }</pre>
 *
 * <p>Memory is bounded: frames not yet durable on the bus are held within one collector-wide in-flight
 * budget ({@link Builder#maxInflightBytes}); when it is spent, TCP inputs stop reading, HTTP answers 429 (or
 * 503 while the bus is down) with Retry-After, and UDP drops and counts.
 */
public final class Collector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Collector.class);

    private final List<InputSpec> specs;
    private final Bus bus;
    private final MeterRegistry registry;
    private final int ioThreads;
    private final InflightBudget budget;
    private final BusHealth health = new BusHealth();
    private final Map<String, InputMetrics> metrics = new LinkedHashMap<>();
    private final Map<String, InputOptions> options = new LinkedHashMap<>();
    private final Map<String, Input> inputs = new LinkedHashMap<>();
    private Transport transport;
    private ScheduledExecutorService retryTimer;
    private Publisher publisher;
    private boolean started;
    private boolean closed;

    private Collector(Builder b) {
        this.specs = List.copyOf(b.inputs);
        this.bus = Objects.requireNonNull(b.bus, "bus");
        this.registry = b.registry != null ? b.registry : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.ioThreads = b.ioThreads;
        this.budget = new InflightBudget(b.maxInflightBytes);
        for (InputSpec spec : specs) {
            if (options.put(spec.name(), new InputOptions(spec)) != null) {
                throw new IllegalArgumentException("two inputs are named " + spec.name());
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds every input. On failure (a port in use, an unreadable certificate) nothing stays bound and the
     * exception names the input.
     *
     * @return this collector
     * @throws IllegalStateException when an input cannot listen, or the collector was started or closed before
     */
    public synchronized Collector start() {
        if (started || closed) {
            throw new IllegalStateException("a collector starts once");
        }
        started = true;
        transport = new Transport(ioThreads);
        retryTimer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "citywall-bus-retry");
            t.setDaemon(true);
            return t;
        });
        publisher = new Publisher(bus, budget, retryTimer, health);
        Gauge.builder(InputMetrics.PREFIX + "inflight.bytes", budget, InflightBudget::inflightBytes)
                .description("bytes of frames not yet durable on the bus").baseUnit("bytes").register(registry);
        Gauge.builder(InputMetrics.PREFIX + "paused.connections", budget, InflightBudget::pausedChannels)
                .description("connections not read because the in-flight budget is spent").register(registry);
        Gauge.builder(InputMetrics.PREFIX + "bus.up", health, h -> h.isDown() ? 0 : 1)
                .description("1 while the bus takes events, 0 while publishing fails").register(registry);
        try {
            for (InputSpec spec : specs) {
                InputMetrics m = new InputMetrics(registry, spec);
                metrics.put(spec.name(), m);
                InputContext ctx = new InputContext(spec, options.get(spec.name()), m, publisher, budget);
                Input input = Inputs.open(transport, ctx);
                inputs.put(spec.name(), input);
                LOG.info("event=input_listening input={} type={} address={} domain={}", spec.name(),
                        spec.type().id(), Peers.of(input.address()), spec.domain());
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        return this;
    }

    /**
     * Where an input listens; with port 0 in its spec, the port the system chose.
     *
     * @throws IllegalArgumentException when no started input has that name (or the collector is closed)
     */
    public synchronized InetSocketAddress boundAddress(String inputName) {
        Input input = inputs.get(inputName);
        if (input == null) {
            throw new IllegalArgumentException("no started input named " + inputName);
        }
        return input.address();
    }

    /** A snapshot per input, in the order they were given, for {@code citywall status}. */
    public synchronized List<InputStatus> status() {
        List<InputStatus> out = new ArrayList<>();
        for (InputSpec spec : specs) {
            InputMetrics m = metrics.get(spec.name());
            Input input = inputs.get(spec.name());
            if (m == null || input == null) {
                continue;
            }
            var latency = m.busLatencyTimer();
            out.add(new InputStatus(spec.name(), spec.type().id(), spec.domain(), input.address(),
                    (long) m.frames(), (long) m.bytes(), (long) m.total("oversized"), (long) m.total("rejected"),
                    (long) m.total("dropped"), m.openConnections(), (long) m.busErrors(),
                    latency.mean(TimeUnit.MILLISECONDS), latency.max(TimeUnit.MILLISECONDS)));
        }
        return out;
    }

    /** Whether the bus is taking events (false after a failed publish, until one succeeds). */
    public boolean busUp() {
        return !health.isDown();
    }

    /** The registry the input meters live in (the one given to the builder, or the collector's own). */
    public MeterRegistry meterRegistry() {
        return registry;
    }

    /**
     * The meters in Prometheus text format (version 0.0.4), for a {@code /metrics} endpoint.
     *
     * @throws IllegalStateException when the builder was given a registry that is not (and does not contain)
     *     a {@link PrometheusMeterRegistry}
     */
    public String scrapeMetrics() {
        PrometheusMeterRegistry prometheus = prometheus(registry);
        if (prometheus == null) {
            throw new IllegalStateException("the collector's meter registry is not a Prometheus registry");
        }
        return prometheus.scrape();
    }

    private static PrometheusMeterRegistry prometheus(MeterRegistry r) {
        if (r instanceof PrometheusMeterRegistry p) {
            return p;
        }
        if (r instanceof CompositeMeterRegistry c) {
            for (MeterRegistry inner : c.getRegistries()) {
                PrometheusMeterRegistry p = prometheus(inner);
                if (p != null) {
                    return p;
                }
            }
        }
        return null;
    }

    /**
     * Stops listening and closes every connection, then closes the bus (which sends what it buffered). Frames
     * whose publication is failing and waiting for a retry are given up and counted as dropped.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Input input : inputs.values()) {
            try {
                input.close();
            } catch (RuntimeException e) {
                LOG.warn("event=input_close_failed error=\"{}\"", ConnectionErrors.rootMessage(e));
            }
        }
        inputs.clear();
        if (publisher != null) {
            publisher.close();
        }
        if (retryTimer != null) {
            retryTimer.shutdownNow();
        }
        if (transport != null) {
            transport.close();
        }
        try {
            bus.close();
        } catch (RuntimeException e) {
            LOG.warn("event=bus_close_failed error=\"{}\"", ConnectionErrors.rootMessage(e));
        }
        LOG.info("event=collector_closed inflight_bytes={}", budget.inflightBytes());
    }

    /** Configures a collector. */
    public static final class Builder {
        private final List<InputSpec> inputs = new ArrayList<>();
        private Bus bus;
        private MeterRegistry registry;
        private int ioThreads = Math.max(1, Runtime.getRuntime().availableProcessors());
        private long maxInflightBytes = 32L * 1024 * 1024;

        private Builder() {}

        /** Adds an input; names must be unique. */
        public Builder input(InputSpec spec) {
            inputs.add(Objects.requireNonNull(spec, "spec"));
            return this;
        }

        /** Adds inputs. */
        public Builder inputs(Iterable<InputSpec> specs) {
            specs.forEach(this::input);
            return this;
        }

        /** Where raw events go (required). The collector owns it from now on and closes it when it closes. */
        public Builder bus(Bus bus) {
            this.bus = Objects.requireNonNull(bus, "bus");
            return this;
        }

        /**
         * Where the input meters go; default a new {@link PrometheusMeterRegistry}. {@link #scrapeMetrics()}
         * needs a Prometheus registry (or a composite holding one).
         */
        public Builder meterRegistry(MeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** Network threads shared by all inputs; default the number of processors. */
        public Builder ioThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("ioThreads must be at least 1");
            }
            this.ioThreads = threads;
            return this;
        }

        /**
         * Bytes of frames that may wait for the bus before inputs push back (default 32 MiB, at least 64 KiB);
         * keep it well under the Kafka producer's {@code buffer.memory}.
         */
        public Builder maxInflightBytes(long bytes) {
            this.maxInflightBytes = bytes;
            return this;
        }

        /**
         * Validates the configuration (names, options, files are checked again at start).
         *
         * @throws IllegalArgumentException naming the input and the problem
         * @throws NullPointerException when no bus was given
         */
        public Collector build() {
            return new Collector(this);
        }
    }
}
