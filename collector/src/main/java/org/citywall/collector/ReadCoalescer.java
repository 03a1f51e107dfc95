package org.citywall.collector;

import io.netty.channel.Channel;
import java.util.concurrent.TimeUnit;

/**
 * Lets a busy connection's bytes gather in the kernel for a moment instead of waking for every few lines.
 *
 * <p>Many syslog senders write each message with its own system call. At high rates that means a wake-up,
 * an epoll call and a read for a handful of lines, which costs more than framing them. When a read cycle
 * brought less than {@value #SMALL_READ} bytes and came less than a millisecond after the previous one, the
 * connection stops reading for {@value #PAUSE_MICROS} µs, so the next read takes hundreds of lines at once.
 * A connection that sends now and then is never delayed; a busy one gains at most that pause in latency.
 * Not thread-safe: one per connection, used on its event loop.
 */
final class ReadCoalescer {

    static final int SMALL_READ = 16 * 1024;
    static final long PAUSE_MICROS = 1000;
    private static final long BUSY_GAP_NANOS = 1_000_000;

    private final Channel channel;
    private final InflightBudget budget;
    private long bytes;
    private long lastCycleEnd;
    private boolean pausing;

    ReadCoalescer(Channel channel, InflightBudget budget) {
        this.channel = channel;
        this.budget = budget;
    }

    void read(int readableBytes) {
        bytes += readableBytes;
    }

    /** At the end of a read cycle: maybe pause reading briefly. */
    void cycleEnd() {
        long now = System.nanoTime();
        boolean trickle = bytes < SMALL_READ && now - lastCycleEnd < BUSY_GAP_NANOS;
        lastCycleEnd = now;
        bytes = 0;
        if (trickle && !pausing && channel.config().isAutoRead()) {
            pausing = true;
            channel.config().setAutoRead(false);
            channel.eventLoop().schedule(this::resume, PAUSE_MICROS, TimeUnit.MICROSECONDS);
        }
    }

    private void resume() {
        pausing = false;
        // a connection the in-flight budget paused stays paused until the budget drains
        if (channel.isActive() && !budget.isPaused(channel)) {
            channel.config().setAutoRead(true);
        }
    }
}
