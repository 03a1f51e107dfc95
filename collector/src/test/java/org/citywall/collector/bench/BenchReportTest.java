package org.citywall.collector.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The verdicts: a target needs the speed and no lost message; a fast run that lost messages misses it and says how many. */
class BenchReportTest {

    private static String verdicts(long handledByCollector) {
        var rsyslog = new Measurement("gen", 4, "rsyslog", 1_000_000, 1_000_000, 1, 1.0, Double.NaN);
        var collector = new Measurement("gen", 4, "collector+null", 1_000_000, handledByCollector, 1, 0.1, Double.NaN);
        StringWriter s = new StringWriter();
        try (PrintWriter out = new PrintWriter(s)) {
            new BenchReport(List.of(rsyslog, collector)).print(out);
        }
        return s.toString().lines().filter(l -> l.startsWith("(a)")).findFirst().orElseThrow();
    }

    @Test
    void fast_enough_without_loss_is_met() {
        assertThat(verdicts(1_000_000)).endsWith(": MET");
    }

    @Test
    void fast_enough_with_loss_is_missed_with_the_loss() {
        String line = verdicts(999_000);
        assertThat(line).contains("MISSED").contains("1000 LOST").doesNotContain("MET");
    }
}
