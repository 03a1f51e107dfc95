package org.citywall.collector;

import io.netty.channel.Channel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The collector-wide bound on memory held for frames that are not yet durable on the bus.
 *
 * <p>Above the high watermark stream inputs stop reading ({@code autoRead} off, so the sender's TCP window
 * fills and the kernel, not our heap, holds the rest) and UDP drops; below the low watermark (half the
 * high one) the paused connections read again. Each frame is charged its body plus a fixed overhead for the
 * objects around it. The count is a {@link LongAdder}: every frame passes here, on every event loop and the
 * bus's threads, and a single contended counter would cost more than the framing.
 */
final class InflightBudget {

    /** Rough cost of the objects around a body: the raw event, its receipt, the producer's record. */
    static final int OVERHEAD = 256;

    private final long high;
    private final long low;
    private final LongAdder bytes = new LongAdder();
    private final Set<Channel> paused = ConcurrentHashMap.newKeySet();

    InflightBudget(long highWatermarkBytes) {
        if (highWatermarkBytes < 64 * 1024) {
            throw new IllegalArgumentException("in-flight budget must be at least 64 KiB, was " + highWatermarkBytes);
        }
        this.high = highWatermarkBytes;
        this.low = highWatermarkBytes / 2;
    }

    static long cost(int bodyBytes) {
        return (long) bodyBytes + OVERHEAD;
    }

    void acquire(long cost) {
        bytes.add(cost);
    }

    /**
     * Takes the cost only if it fits under the high watermark (for inputs that cannot pause, i.e. UDP). Only
     * releases can run concurrently with one input's check, and they only make room, so it never over-admits
     * by more than what other inputs acquire at the same instant.
     */
    boolean tryAcquire(long cost) {
        if (bytes.sum() + cost > high) {
            return false;
        }
        bytes.add(cost);
        return true;
    }

    /** Whether {@code cost} would fit under the high watermark now (takes nothing). */
    boolean fits(long cost) {
        return bytes.sum() + cost <= high;
    }

    void release(long cost) {
        bytes.add(-cost);
        if (!paused.isEmpty() && bytes.sum() <= low) {
            resumeAll();
        }
    }

    boolean exhausted() {
        return bytes.sum() >= high;
    }

    /** Stops a channel reading until the budget drains. Call on the channel's event loop. */
    void pause(Channel channel) {
        channel.config().setAutoRead(false);
        paused.add(channel);
        // the budget may have drained between the check that led here and the add above
        if (bytes.sum() <= low) {
            resumeAll();
        }
    }

    boolean isPaused(Channel channel) {
        return paused.contains(channel);
    }

    /** A closed channel needs no resuming. */
    void forget(Channel channel) {
        paused.remove(channel);
    }

    long inflightBytes() {
        return bytes.sum();
    }

    int pausedChannels() {
        return paused.size();
    }

    private void resumeAll() {
        for (Channel ch : paused) {
            if (paused.remove(ch)) {
                ch.eventLoop().execute(() -> {
                    // a connection whose peer does not read our answers stays paused until it does, and one
                    // with a full window of unanswered frames until they are answered
                    if (ch.isActive() && ch.isWritable() && !ReplyWindow.isFull(ch)) {
                        ch.config().setAutoRead(true);
                    }
                });
            }
        }
    }
}
