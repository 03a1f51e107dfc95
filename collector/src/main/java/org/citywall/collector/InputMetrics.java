package org.citywall.collector;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The meters of one input, all tagged {@code input=NAME, type=TYPE}. Prometheus names:
 * {@code citywall_collector_frames_total}, {@code _bytes_total}, {@code _oversized_total{action}},
 * {@code _rejected_total{reason}}, {@code _dropped_total{reason}}, {@code _connections_open},
 * {@code _connections_total}, {@code _closed_total{reason}}, {@code _bus_latency_seconds} (sampled),
 * {@code _bus_errors_total}, {@code _skipped_bytes_total}; RELP inputs also {@code _unacknowledged_frames};
 * Syslog (TCP, TLS, UDP) and JSON-lines inputs also {@code _binary_frames_total{kind}}.
 */
final class InputMetrics {

    static final String PREFIX = "citywall.collector.";

    private final MeterRegistry registry;
    private final Tags tags;
    private final Counter frames;
    private final Counter bytes;
    private final Counter truncated;
    private final Counter connections;
    private final Counter busErrors;
    private final Counter skippedBytes;
    private final Timer busLatency;
    private final AtomicInteger open = new AtomicInteger();
    /** Changed per frame on every event loop: an adder, not one contended counter. */
    private final LongAdder unanswered = new LongAdder();
    private final ConcurrentHashMap<String, Counter> byReason = new ConcurrentHashMap<>();

    InputMetrics(MeterRegistry registry, InputSpec spec) {
        this.registry = registry;
        this.tags = Tags.of("input", spec.name(), "type", spec.type().id());
        frames = Counter.builder(PREFIX + "frames").description("frames received and handed to the bus")
                .tags(tags).register(registry);
        bytes = Counter.builder(PREFIX + "bytes").description("body bytes of the frames received")
                .baseUnit("bytes").tags(tags).register(registry);
        truncated = oversizedCounter("truncated");
        oversizedCounter("rejected");
        rejectedCounter("framing");
        droppedCounter("backpressure");
        connections = Counter.builder(PREFIX + "connections").description("connections accepted")
                .tags(tags).register(registry);
        busErrors = Counter.builder(PREFIX + "bus.errors").description("failed attempts to make a frame durable (retried)")
                .tags(tags).register(registry);
        skippedBytes = Counter.builder(PREFIX + "skipped.bytes")
                .description("stream bytes discarded: the rest of oversized frames (all of a rejected one), lines after "
                        + "framing errors, a TLS handshake on a plain port")
                .baseUnit("bytes").tags(tags).register(registry);
        busLatency = Timer.builder(PREFIX + "bus.latency")
                .description("from receipt until durable on the bus; sampled, one frame in 16 the bus did not take at once")
                .tags(tags).register(registry);
        Gauge.builder(PREFIX + "connections.open", open, AtomicInteger::get).description("open connections")
                .tags(tags).register(registry);
        if (spec.type() == InputType.SYSLOG_TCP || spec.type() == InputType.SYSLOG_TLS
                || spec.type() == InputType.JSON_TCP || spec.type() == InputType.SYSLOG_UDP) {
            binaryCounter("nul");
            binaryCounter("not_utf8");
        }
        if (spec.type() == InputType.RELP) {
            Gauge.builder(PREFIX + "unacknowledged.frames", unanswered, LongAdder::sum)
                    .description("frames received and not yet answered, over all connections").tags(tags).register(registry);
        }
    }

    void frame(int bodyBytes, boolean wasTruncated) {
        frames(1, bodyBytes, wasTruncated ? 1 : 0);
    }

    /** Counts a batch of frames at once (one read's worth: cheaper than counting each). */
    void frames(int count, long bodyBytes, int truncatedCount) {
        frames.increment(count);
        bytes.increment(bodyBytes);
        if (truncatedCount > 0) {
            truncated.increment(truncatedCount);
        }
    }

    void oversizedRejected() {
        oversizedCounter("rejected").increment();
        rejected("oversize");
    }

    /** A frame, request or connection refused; {@code reason} is a short word such as {@code framing} or {@code auth}. */
    void rejected(String reason) {
        rejectedCounter(reason).increment();
    }

    /** Frames lost without the sender being told (UDP under backpressure, shutdown with frames unstored). */
    void dropped(String reason, long count) {
        droppedCounter(reason).increment(count);
    }

    /** Bytes of a stream a framer skipped unread (the rest of an oversized frame, a line after a framing error). */
    void skipped(long bytes) {
        skippedBytes.increment(bytes);
    }

    double skippedBytes() {
        return skippedBytes.count();
    }

    void closed(String reason) {
        byReason.computeIfAbsent("closed:" + reason, r -> Counter.builder(PREFIX + "closed")
                .description("connections closed by the collector").tags(tags).tag("reason", reason)
                .register(registry)).increment();
    }

    /** Frames forwarded although they hold NUL bytes, or (without NUL) are not UTF-8. */
    void binary(int nul, int notUtf8) {
        if (nul > 0) {
            binaryCounter("nul").increment(nul);
        }
        if (notUtf8 > 0) {
            binaryCounter("not_utf8").increment(notUtf8);
        }
    }

    /** Frames waiting for their answer: {@code delta} more (or fewer, when negative). */
    void unanswered(int delta) {
        if (delta != 0) {
            unanswered.add(delta);
        }
    }

    long unanswered() {
        return unanswered.sum();
    }

    void opened() {
        connections.increment();
        open.incrementAndGet();
    }

    void closedConnection() {
        open.decrementAndGet();
    }

    void busError() {
        busErrors.increment();
    }

    void busLatency(long nanos) {
        busLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    int openConnections() {
        return open.get();
    }

    double frames() {
        return frames.count();
    }

    double bytes() {
        return bytes.count();
    }

    double busErrors() {
        return busErrors.count();
    }

    Timer busLatencyTimer() {
        return busLatency;
    }

    /** Sum of a counter family over all reasons, e.g. {@code rejected}. */
    double total(String family) {
        return registry.find(PREFIX + family).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
    }

    private Counter oversizedCounter(String action) {
        return byReason.computeIfAbsent("oversized:" + action, a -> Counter.builder(PREFIX + "oversized")
                .description("frames over max-frame-bytes").tags(tags).tag("action", action).register(registry));
    }

    private Counter rejectedCounter(String reason) {
        return byReason.computeIfAbsent("rejected:" + reason, r -> Counter.builder(PREFIX + "rejected")
                .description("frames, requests or connections refused").tags(tags).tag("reason", reason)
                .register(registry));
    }

    private Counter binaryCounter(String kind) {
        return byReason.computeIfAbsent("binary:" + kind, k -> Counter.builder(PREFIX + "binary.frames")
                .description("frames forwarded as they came although they hold NUL bytes (nul) or are not UTF-8 (not_utf8)")
                .tags(tags).tag("kind", kind).register(registry));
    }

    private Counter droppedCounter(String reason) {
        return byReason.computeIfAbsent("dropped:" + reason, r -> Counter.builder(PREFIX + "dropped")
                .description("frames lost without telling the sender").tags(tags).tag("reason", reason)
                .register(registry));
    }
}
