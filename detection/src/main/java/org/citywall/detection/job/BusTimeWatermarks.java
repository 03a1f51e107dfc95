package org.citywall.detection.job;

import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Bounded out-of-orderness that keeps moving when events pause, and holds back while the job works
 * through a backlog.
 *
 * <p>Logs describe the present, so a quiet source must not hold correlations open: the watermark
 * follows the clock (less the out-of-orderness), and the last burst of a brute force is judged
 * within about a second of its last line, not when the next line comes. But "the clock" is the
 * collectors' clock when they received the lines the job is reading now: the job's own clock minus
 * how far behind the bus it is (the age of the newest receive stamp it has seen). After a restore
 * or an outage the job reads an hour of logs in minutes; a wall-clock watermark would call all of
 * them late and drop them from correlations, where this one replays their hour as it was. The lag
 * is trusted for {@code idlenessMillis} after the last record; a source quiet for longer is taken to
 * have caught up. Until its first record (or for {@code idlenessMillis} after start) it claims no time
 * at all: a restarted job does not yet know how far behind it is.
 *
 * <p>Event times later than their receive time by more than {@code maxDelayMillis} (a sender's wrong
 * clock) do not advance the watermark beyond it. Events older than the watermark are still counted
 * within the correlations' allowed lateness.
 */
final class BusTimeWatermarks<T> implements WatermarkGenerator<T> {
    private final long outOfOrderness;
    private final long maxDelay;
    private final long idleness;
    private final ToLongFunction<T> receivedAt;
    private final LongSupplier clock;
    private long maxEventTime = Long.MIN_VALUE;
    private long lastEmitted = Long.MIN_VALUE;
    private long lag;
    private long lastArrival = Long.MIN_VALUE;
    private final long created;

    /**
     * @param receivedAt when a collector received the record (epoch ms), or 0 when unknown
     */
    BusTimeWatermarks(long outOfOrdernessMillis, long maxDelayMillis, long idlenessMillis, ToLongFunction<T> receivedAt,
            LongSupplier clock) {
        this.outOfOrderness = outOfOrdernessMillis;
        this.maxDelay = maxDelayMillis;
        this.idleness = idlenessMillis;
        this.receivedAt = receivedAt;
        this.clock = clock;
        this.created = clock.getAsLong();
    }

    BusTimeWatermarks(long outOfOrdernessMillis, long maxDelayMillis, long idlenessMillis, ToLongFunction<T> receivedAt) {
        this(outOfOrdernessMillis, maxDelayMillis, idlenessMillis, receivedAt, System::currentTimeMillis);
    }

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
        long now = clock.getAsLong();
        long received = receivedAt.applyAsLong(event);
        long present = received > 0 ? Math.min(received, now) : now;
        if (received > 0) {
            lag = Math.max(0, now - received);
        }
        lastArrival = now;
        maxEventTime = Math.max(maxEventTime, Math.min(eventTimestamp, present + maxDelay));
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        long now = clock.getAsLong();
        if (lastArrival == Long.MIN_VALUE && now - created <= idleness) {
            return; // nothing read yet: a restarted job may be about to read an hour of backlog, so claim no time
        }
        long behind = lastArrival != Long.MIN_VALUE && now - lastArrival <= idleness ? lag : 0;
        long byEvents = maxEventTime == Long.MIN_VALUE ? Long.MIN_VALUE : maxEventTime - outOfOrderness;
        long byClock = now - behind - outOfOrderness - maxDelay;
        long wm = Math.max(byEvents, byClock);
        if (wm > lastEmitted) {
            lastEmitted = wm;
            output.emitWatermark(new Watermark(wm));
        }
    }
}
