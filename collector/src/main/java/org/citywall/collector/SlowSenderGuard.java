package org.citywall.collector;

import io.netty.channel.Channel;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection that keeps a frame incomplete for longer than the frame timeout without completing
 * any (a sender trickling bytes to hold a buffer and a connection slot). A connection the collector itself
 * paused because the bus is behind is never blamed.
 */
final class SlowSenderGuard {

    private static final Logger LOG = LoggerFactory.getLogger(SlowSenderGuard.class);

    private final Channel channel;
    private final FrameProgress progress;
    private final InputContext input;
    private final long timeoutNanos;
    private ScheduledFuture<?> tick;
    private long stuckSince;
    private long completedAtStuck;

    private SlowSenderGuard(Channel channel, FrameProgress progress, InputContext input, Duration timeout) {
        this.channel = channel;
        this.progress = progress;
        this.input = input;
        this.timeoutNanos = timeout.toNanos();
    }

    /** Starts watching; the watch ends when the channel closes. Call on the channel's event loop. */
    static void watch(Channel channel, FrameProgress progress, InputContext input) {
        SlowSenderGuard guard = new SlowSenderGuard(channel, progress, input, input.options.frameTimeout);
        long period = Math.max(50, input.options.frameTimeout.toMillis() / 4);
        guard.tick = channel.eventLoop().scheduleAtFixedRate(guard::check, period, period, TimeUnit.MILLISECONDS);
        channel.closeFuture().addListener(f -> guard.tick.cancel(false));
    }

    private void check() {
        long now = System.nanoTime();
        if (!progress.midFrame() || input.budget.isPaused(channel) || progress.completed() != completedAtStuck) {
            stuckSince = progress.midFrame() ? now : 0;
            completedAtStuck = progress.completed();
            return;
        }
        if (stuckSince == 0) {
            stuckSince = now;
        } else if (now - stuckSince >= timeoutNanos) {
            input.metrics.closed("slow_sender");
            LOG.info("event=slow_sender_closed input={} peer={} incomplete_ms={}", input.name(),
                    channel.remoteAddress(), (now - stuckSince) / 1_000_000);
            channel.close();
        }
    }
}
