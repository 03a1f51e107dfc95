package org.citywall.console.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Ingest health for the dashboard: each input's counters and its rates (frames and errors per
 * second) measured between two reads at least a second apart. Without a supplier there is
 * nothing to show and {@link #available()} is false.
 */
public final class IngestHealth {
    private final Supplier<List<IngestInput>> supplier;
    private final Clock clock;
    private Instant lastAt;
    private Map<String, IngestInput> last = Map.of();
    private Map<String, double[]> lastRates = Map.of();

    public IngestHealth(Supplier<List<IngestInput>> supplier, Clock clock) {
        this.supplier = supplier;
        this.clock = clock;
    }

    /** Whether the runtime passed collector figures. */
    public boolean available() {
        return supplier != null;
    }

    /**
     * Every input with its counters and {@code frames_per_second}, {@code errors_per_second}
     * (rejected + dropped + bus errors), or {@code null} rates before a second read.
     */
    public synchronized List<Map<String, Object>> snapshot() {
        if (supplier == null) {
            return List.of();
        }
        List<IngestInput> now = supplier.get();
        Instant at = clock.instant();
        boolean measure = lastAt != null && Duration.between(lastAt, at).toMillis() >= 1000;
        Map<String, double[]> rates = new HashMap<>(lastRates);
        if (measure) {
            double seconds = Duration.between(lastAt, at).toMillis() / 1000.0;
            for (IngestInput i : now) {
                IngestInput before = last.get(i.name());
                if (before != null) {
                    rates.put(i.name(), new double[] {
                        Math.max(0, i.frames() - before.frames()) / seconds,
                        Math.max(0, errors(i) - errors(before)) / seconds});
                }
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (IngestInput i : now) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", i.name());
            m.put("type", i.type());
            m.put("domain", i.domain());
            m.put("address", i.address());
            m.put("frames", i.frames());
            m.put("bytes", i.bytes());
            m.put("oversized", i.oversized());
            m.put("rejected", i.rejected());
            m.put("dropped", i.dropped());
            m.put("open_connections", i.openConnections());
            m.put("bus_errors", i.busErrors());
            m.put("bus_latency_mean_ms", i.busLatencyMeanMillis());
            double[] r = rates.get(i.name());
            m.put("frames_per_second", r == null ? null : r[0]);
            m.put("errors_per_second", r == null ? null : r[1]);
            out.add(m);
        }
        if (lastAt == null || measure) {
            Map<String, IngestInput> byName = new HashMap<>();
            now.forEach(i -> byName.put(i.name(), i));
            last = byName;
            lastAt = at;
            lastRates = rates;
        }
        return out;
    }

    private static long errors(IngestInput i) {
        return i.rejected() + i.dropped() + i.busErrors();
    }
}
