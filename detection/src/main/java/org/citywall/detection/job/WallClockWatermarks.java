package org.citywall.detection.job;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Bounded out-of-orderness that keeps moving when events pause: the watermark is the later of
 * (latest event time − out-of-orderness) and (now − out-of-orderness − {@code maxDelay}).
 *
 * <p>Logs describe the present, so a quiet source must not hold correlations open: the last burst
 * of a brute force is judged within about a second of its last line, not when the next line comes.
 * Event times more than {@code maxDelay} in the future (a sender's wrong clock) do not advance the
 * watermark beyond the wall clock. Events older than the watermark are still counted within the
 * correlations' allowed lateness.
 */
final class WallClockWatermarks<T> implements WatermarkGenerator<T> {
    private final long outOfOrderness;
    private final long maxDelay;
    private long maxEventTime = Long.MIN_VALUE;
    private long lastEmitted = Long.MIN_VALUE;

    WallClockWatermarks(long outOfOrdernessMillis, long maxDelayMillis) {
        this.outOfOrderness = outOfOrdernessMillis;
        this.maxDelay = maxDelayMillis;
    }

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
        long now = System.currentTimeMillis();
        maxEventTime = Math.max(maxEventTime, Math.min(eventTimestamp, now + maxDelay));
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        long now = System.currentTimeMillis();
        long byEvents = maxEventTime == Long.MIN_VALUE ? Long.MIN_VALUE : maxEventTime - outOfOrderness;
        long byClock = now - outOfOrderness - maxDelay;
        long wm = Math.max(byEvents, byClock);
        if (wm > lastEmitted) {
            lastEmitted = wm;
            output.emitWatermark(new Watermark(wm));
        }
    }
}
