package org.citywall.collector.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The table and the verdicts of {@code citywall bench ingest}: for each generator, connection count and
 * receiver, the round with the least receiver CPU per message (the one least disturbed by other work on the
 * machine; the same rule for every receiver), the range over all rounds, and each collector against
 * rsyslog.
 */
final class BenchReport {

    static final double TARGET_NULL = 4.0;
    static final double TARGET_KAFKA = 1.5;

    private final Map<String, List<Measurement>> byCase = new LinkedHashMap<>();

    BenchReport(List<Measurement> results) {
        for (Measurement m : results) {
            byCase.computeIfAbsent(key(m.generator(), m.connections(), m.target()), k -> new ArrayList<>()).add(m);
        }
    }

    private static String key(String generator, int connections, String target) {
        return generator + "|" + connections + "|" + target;
    }

    private Measurement best(List<Measurement> runs) {
        return runs.stream().min(Comparator.comparingDouble(Measurement::cpuSecondsPerMillion)).orElseThrow();
    }

    void print(PrintWriter out) {
        out.println();
        out.println("| generator | conns | receiver | messages | msg/s | receiver CPU-s per M msgs (all rounds) "
                + "| M msgs per receiver CPU-s | broker CPU-s per M msgs | loss |");
        out.println("|---|---|---|---|---|---|---|---|---|");
        List<Map.Entry<String, List<Measurement>>> cases = new ArrayList<>(byCase.entrySet());
        cases.sort(Comparator.comparing((Map.Entry<String, List<Measurement>> e) -> e.getValue().get(0).target())
                .thenComparing(e -> e.getValue().get(0).generator()).thenComparing(e -> e.getValue().get(0).connections()));
        for (var e : cases) {
            List<Measurement> runs = e.getValue();
            Measurement m = best(runs);
            double lo = runs.stream().mapToDouble(Measurement::cpuSecondsPerMillion).min().orElse(0);
            double hi = runs.stream().mapToDouble(Measurement::cpuSecondsPerMillion).max().orElse(0);
            String loss = runs.stream().map(Measurement::loss).filter(l -> !l.equals("none")).findFirst().orElse("none");
            out.printf("| %s | %d | %s | %,d | %,.0f | %.3f (%.3f-%.3f) | %.2f | %s | %s |%n", m.generator(), m.connections(),
                    m.target(), m.sent(), m.messagesPerSecond(), m.cpuSecondsPerMillion(), lo, hi, m.millionsPerCpuSecond(),
                    Double.isNaN(m.brokerCpu()) ? "-" : String.format("%.3f", m.brokerCpu() / m.sent() * 1e6), loss);
        }
        out.println();
        verdict(out, "collector+null", TARGET_NULL, "(a) collector with a null bus");
        verdict(out, "collector+kafka", TARGET_KAFKA, "(b) collector into Kafka (collector CPU only)");
    }

    private void verdict(PrintWriter out, String target, double goal, String label) {
        for (var e : byCase.entrySet()) {
            Measurement m = best(e.getValue());
            if (!m.target().equals(target)) {
                continue;
            }
            List<Measurement> base = byCase.get(key(m.generator(), m.connections(), "rsyslog"));
            if (base == null) {
                continue;
            }
            double ratio = m.millionsPerCpuSecond() / best(base).millionsPerCpuSecond();
            // a target is only met without loss: any round that lost messages misses it, whatever the speed
            String loss = e.getValue().stream().map(Measurement::loss)
                    .filter(l -> !l.equals("none") && !l.equals("n/a")).findFirst().orElse(null);
            String outcome = loss != null ? "MISSED (" + loss + ", the target requires no loss)"
                    : ratio >= goal ? "MET" : "MISSED";
            out.printf("%s, %s x%d: %.2fx rsyslog's messages per CPU-second (target >= %.1fx): %s%n", label,
                    m.generator(), m.connections(), ratio, goal, outcome);
        }
    }
}
