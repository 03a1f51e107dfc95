package org.citywall.console.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Rates come from two reads at least a second apart; without a supplier there is nothing to show. */
class IngestHealthTest {
    static IngestInput input(long frames, long rejected, long dropped) {
        return new IngestInput("tcp", "syslog-tcp", "taiyuan", "127.0.0.1:6514", frames, frames * 100, 0, rejected, dropped, 2, 0, 0.7);
    }

    @Test
    void rates_are_the_change_per_second_between_reads_a_second_or_more_apart() {
        org.citywall.console.SteppingClock clock = new org.citywall.console.SteppingClock(Instant.parse("2026-03-03T10:00:00Z"));
        AtomicReference<IngestInput> current = new AtomicReference<>(input(1000, 0, 0));
        IngestHealth h = new IngestHealth(() -> List.of(current.get()), clock);
        assertThat(h.available()).isTrue();
        Map<String, Object> first = h.snapshot().get(0);
        assertThat(first).containsEntry("frames", 1000L).containsEntry("frames_per_second", null);

        clock.now = clock.now.plus(Duration.ofSeconds(2));
        current.set(input(1600, 4, 2));
        Map<String, Object> second = h.snapshot().get(0);
        assertThat(second).containsEntry("frames_per_second", 300.0).containsEntry("errors_per_second", 3.0);

        clock.now = clock.now.plusMillis(100); // too soon to measure: the last rate stays
        current.set(input(1700, 4, 2));
        assertThat(h.snapshot().get(0)).containsEntry("frames", 1700L).containsEntry("frames_per_second", 300.0);
    }

    @Test
    void without_collector_figures_there_is_nothing_to_show() {
        IngestHealth h = new IngestHealth(null, Clock.systemUTC());
        assertThat(h.available()).isFalse();
        assertThat(h.snapshot()).isEmpty();
    }
}
