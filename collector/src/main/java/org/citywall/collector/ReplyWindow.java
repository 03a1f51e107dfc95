package org.citywall.collector;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * Bounds the frames one RELP connection may have waiting for their answer. The in-flight budget bounds the
 * bytes of frames on their way to the bus, but not the answers queued behind one that is: a sender that
 * ignores its window (or sends empty and unknown frames after a held one) would grow that queue without end.
 * When {@code limit} frames are unanswered the connection stops reading, so further frames wait in the kernel
 * and the sender's TCP window; it reads again once half of them are answered (not after each answer: every
 * switch is a system call). Not thread-safe: one per connection, used on its event loop.
 */
final class ReplyWindow {

    /** Eight times rsyslog's default omrelp window (128), so a well-behaved sender never meets it. */
    static final int DEFAULT_LIMIT = 1024;

    private static final AttributeKey<Boolean> FULL = AttributeKey.valueOf("citywall.reply-window-full");
    private static final AttributeKey<Boolean> AWAITING = AttributeKey.valueOf("citywall.reply-awaiting");

    private final Channel channel;
    private final int limit;
    private boolean full;

    ReplyWindow(Channel channel, int limit) {
        this.channel = channel;
        this.limit = limit;
    }

    /** Whether a connection is not read because its window of unanswered frames is full. Call on its event loop. */
    static boolean isFull(Channel channel) {
        return channel.hasAttr(FULL) && channel.attr(FULL).get() != null;
    }

    boolean isFull() {
        return full;
    }

    /**
     * Whether frames of a connection wait for their answer (the bus holds them). Such a connection is not
     * idle: its sender waits for us, and closing it would make the sender send those frames again.
     */
    static boolean isAwaiting(Channel channel) {
        return channel.hasAttr(AWAITING) && channel.attr(AWAITING).get() != null;
    }

    /** Notes how many frames wait for their answer now. */
    void awaiting(int unanswered) {
        channel.attr(AWAITING).set(unanswered > 0 ? Boolean.TRUE : null);
    }

    /** How many more frames may be taken with {@code unanswered} waiting. */
    int room(int unanswered) {
        return limit - unanswered;
    }

    /** After framing a read: stops reading when the window is full. */
    void framed(int unanswered) {
        if (!full && unanswered >= limit) {
            full = true;
            channel.attr(FULL).set(Boolean.TRUE);
            channel.config().setAutoRead(false);
        }
    }

    /**
     * After answers went out: reopens the window once half of it is answered, and reads again unless another
     * pause (a peer not reading our answers, the spent in-flight budget) still holds.
     *
     * @return true when it reopened: the caller frames the bytes it read before stopping
     */
    boolean answered(int unanswered, InflightBudget budget) {
        if (!full || unanswered > limit / 2) {
            return false;
        }
        full = false;
        channel.attr(FULL).set(null);
        if (channel.isActive() && channel.isWritable() && !budget.isPaused(channel)) {
            channel.config().setAutoRead(true);
        }
        return true;
    }
}
