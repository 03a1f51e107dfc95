package org.citywall.collector.bench;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;

/** The table and the verdicts of {@code citywall bench ingest}: each collector against rsyslog in the same run. */
final class BenchReport {

    static final double TARGET_NULL = 4.0;
    static final double TARGET_KAFKA = 1.5;

    private final List<Measurement> results;

    BenchReport(List<Measurement> results) {
        this.results = results;
    }

    void print(PrintWriter out) {
        out.println();
        out.println("| generator | conns | receiver | messages | msg/s | receiver CPU-s per M msgs | M msgs per receiver CPU-s | broker CPU-s per M msgs | loss |");
        out.println("|---|---|---|---|---|---|---|---|---|");
        for (Measurement m : results) {
            out.printf("| %s | %d | %s | %,d | %,.0f | %.3f | %.2f | %s | %s |%n", m.generator(), m.connections(), m.target(),
                    m.sent(), m.messagesPerSecond(), m.cpuSecondsPerMillion(), m.millionsPerCpuSecond(),
                    Double.isNaN(m.brokerCpu()) ? "-" : String.format("%.3f", m.brokerCpu() / m.sent() * 1e6), m.loss());
        }
        out.println();
        verdict(out, "collector+null", TARGET_NULL, "(a) collector with a null bus");
        verdict(out, "collector+kafka", TARGET_KAFKA, "(b) collector into Kafka (collector CPU only)");
    }

    private void verdict(PrintWriter out, String target, double goal, String label) {
        for (Measurement m : results) {
            if (!m.target().equals(target)) {
                continue;
            }
            Optional<Measurement> base = results.stream().filter(r -> r.target().equals("rsyslog")
                    && r.generator().equals(m.generator()) && r.connections() == m.connections()).findFirst();
            if (base.isEmpty()) {
                continue;
            }
            double ratio = m.millionsPerCpuSecond() / base.get().millionsPerCpuSecond();
            out.printf("%s, %s x%d: %.2fx rsyslog's messages per CPU-second (target >= %.1fx): %s%s%n", label,
                    m.generator(), m.connections(), ratio, goal, ratio >= goal ? "MET" : "MISSED",
                    m.loss().equals("none") || m.loss().equals("n/a") ? "" : ", LOSS " + m.loss());
        }
    }
}
