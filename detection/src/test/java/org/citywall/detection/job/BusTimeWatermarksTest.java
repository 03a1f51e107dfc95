package org.citywall.detection.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

/** The watermark follows the collectors' clock as of the records being read, not the job's own clock. */
class BusTimeWatermarksTest {
    static final long OOO = 250;
    static final long IDLE = 5_000;
    static final long NOW = 1_800_000_000_000L;

    /** A record: its event time and when a collector received it. */
    record Rec(long eventTime, long receivedAt) {}

    long now = NOW;
    final List<Long> emitted = new ArrayList<>();
    final WatermarkOutput out = new WatermarkOutput() {
        @Override
        public void emitWatermark(Watermark w) {
            emitted.add(w.getTimestamp());
        }

        @Override
        public void markIdle() {}

        @Override
        public void markActive() {}
    };
    final BusTimeWatermarks<Rec> g = new BusTimeWatermarks<>(OOO, 0, IDLE, Rec::receivedAt, () -> now);

    private long watermark() {
        g.onPeriodicEmit(out);
        return emitted.get(emitted.size() - 1);
    }

    private void see(long eventTime, long receivedAt) {
        g.onEvent(new Rec(eventTime, receivedAt), eventTime, out);
    }

    @Test
    void caught_up_it_follows_the_clock_so_a_quiet_source_is_judged_at_once() {
        see(NOW - 20, NOW - 10);
        assertThat(watermark()).isEqualTo(NOW - 10 - OOO);
        now += 1_000; // nothing more arrives: the watermark moves on with the clock
        assertThat(watermark()).isEqualTo(NOW + 1_000 - 10 - OOO);
    }

    @Test
    void reading_a_backlog_it_stays_with_the_backlog_instead_of_calling_it_late() {
        long hourAgo = NOW - 3_600_000;
        see(hourAgo, hourAgo + 5);
        assertThat(watermark()).isEqualTo(hourAgo + 5 - OOO);
        // the backlog is read fast: ten minutes of logs in ten seconds
        for (int i = 1; i <= 10; i++) {
            now += 1_000;
            see(hourAgo + i * 60_000, hourAgo + i * 60_000 + 5);
        }
        assertThat(watermark()).isEqualTo(hourAgo + 600_000 + 5 - OOO);
        assertThat(watermark()).isLessThan(now - 3_000_000);
    }

    @Test
    void a_source_quiet_for_longer_than_the_idleness_is_taken_to_have_caught_up() {
        long hourAgo = NOW - 3_600_000;
        see(hourAgo, hourAgo);
        now += IDLE + 1;
        assertThat(watermark()).isEqualTo(now - OOO);
    }

    @Test
    void a_sender_clock_in_the_future_does_not_push_the_watermark_past_the_receive_time() {
        long hourAgo = NOW - 3_600_000;
        see(NOW + 86_400_000, hourAgo); // received an hour ago, claiming tomorrow
        assertThat(watermark()).isEqualTo(hourAgo - OOO);
    }

    @Test
    void before_its_first_record_it_claims_no_time_until_the_idleness_has_passed() {
        g.onPeriodicEmit(out);
        now += IDLE;
        g.onPeriodicEmit(out);
        assertThat(emitted).as("a restarted job does not know yet how far behind it is").isEmpty();
        now += 1;
        assertThat(watermark()).isEqualTo(now - OOO);
    }

    @Test
    void records_without_a_receive_stamp_count_as_received_now() {
        see(NOW - 50, 0);
        assertThat(watermark()).isEqualTo(NOW - OOO);
    }

    @Test
    void it_never_goes_back() {
        see(NOW, NOW);
        long first = watermark();
        see(NOW - 600_000, NOW - 600_000); // a record from a lagging partition arrives after
        g.onPeriodicEmit(out);
        assertThat(emitted).allSatisfy(w -> assertThat(w).isLessThanOrEqualTo(first));
        assertThat(emitted.get(emitted.size() - 1)).isEqualTo(first);
    }
}
