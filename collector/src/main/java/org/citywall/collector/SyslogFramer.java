package org.citywall.collector;

import io.netty.buffer.ByteBuf;

/**
 * Splits a TCP byte stream into syslog frames: RFC 6587 octet counting ({@code LEN SP MSG}, LEN starting
 * with 1-9) or, when a frame does not start that way, non-transparent framing up to LF (a CR before the LF
 * is dropped too; empty lines are skipped). The choice is made anew for each frame, like rsyslog's imtcp, so
 * one connection may mix both. With octet counting off it is a plain LF framer (JSON lines).
 *
 * <p>Memory is bounded by the maximum frame size: an oversized frame is truncated (its first
 * {@code maxFrame} bytes kept, flagged) or rejected, and its remaining bytes are skipped as they arrive,
 * never buffered. The bytes an oversized frame has beyond {@code maxFrame} are skipped and reported to
 * {@link FrameSink#skipped}. A length of more than 9 digits, or one over {@link #maxCount} (16 times the
 * maximum frame, at least 16 MiB: no sender means it), is a malformed octet count: it is counted and the
 * stream resynchronises at the next LF, so a garbled count never makes the framer skip a gigabyte of later
 * frames. Every byte read ends up in exactly one place: a frame's body, {@link FrameSink#skipped}, or the
 * framing itself ({@link #framingBytes}: lengths, LFs, CRs, empty lines). Binary junk is no exception: it is a
 * line like any other. Not thread-safe: one instance per connection.
 */
final class SyslogFramer {

    private static final byte LF = '\n';
    private static final byte CR = '\r';
    private static final int MAX_LENGTH_DIGITS = 9;

    /** The smallest octet-count limit, for small maximum frames. */
    static final long MIN_MAX_COUNT = 16L * 1024 * 1024;

    private final int maxFrame;
    private final long maxCount;
    private final boolean truncate;
    private final boolean octetCounting;

    /** Bytes of an octet-counted frame still to skip. */
    private long skipBytes;
    /** Skipping up to and including the next LF. */
    private boolean skipLine;
    private long framingBytes;

    SyslogFramer(int maxFrame, boolean truncate, boolean octetCounting) {
        this.maxFrame = maxFrame;
        this.maxCount = maxCount(maxFrame);
        this.truncate = truncate;
        this.octetCounting = octetCounting;
    }

    /**
     * The largest octet count taken as a frame length: 16 times the maximum frame, at least 16 MiB. A larger
     * count is malformed, so what an oversized frame makes the framer skip is bounded by this.
     */
    static long maxCount(int maxFrame) {
        return Math.max(MIN_MAX_COUNT, 16L * maxFrame);
    }

    /** Consumes every complete frame in {@code in}; leaves the start of an incomplete one unread. */
    void decode(ByteBuf in, FrameSink sink) {
        while (in.isReadable()) {
            if (skipBytes > 0) {
                int n = (int) Math.min(skipBytes, in.readableBytes());
                in.skipBytes(n);
                skipBytes -= n;
                sink.skipped(n);
                continue;
            }
            if (skipLine) {
                int lf = in.indexOf(in.readerIndex(), in.writerIndex(), LF);
                if (lf < 0) {
                    sink.skipped(in.readableBytes());
                    in.skipBytes(in.readableBytes());
                    return;
                }
                sink.skipped(lf + 1 - in.readerIndex());
                in.readerIndex(lf + 1);
                skipLine = false;
                continue;
            }
            byte first = in.getByte(in.readerIndex());
            boolean progressed = octetCounting && first >= '1' && first <= '9'
                    ? octetCounted(in, sink)
                    : lineFramed(in, sink);
            if (!progressed) {
                return;
            }
        }
    }

    /** True when a frame (or an oversized one's start) was consumed; false to wait for more bytes. */
    private boolean octetCounted(ByteBuf in, FrameSink sink) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        int i = start;
        long length = 0;
        while (i < end && i - start <= MAX_LENGTH_DIGITS) {
            byte b = in.getByte(i);
            if (b < '0' || b > '9') {
                break;
            }
            length = length * 10 + (b - '0');
            i++;
        }
        int digits = i - start;
        if (i == end) {
            // all digits so far: a length still arriving, unless it is already too long to be one
            if (digits > MAX_LENGTH_DIGITS) {
                sink.malformed("octet count longer than " + MAX_LENGTH_DIGITS + " digits");
                skipLine = true;
                return true;
            }
            return false;
        }
        if (digits > MAX_LENGTH_DIGITS) {
            // whatever follows: more digits than any frame length has
            sink.malformed("octet count longer than " + MAX_LENGTH_DIGITS + " digits");
            skipLine = true;
            return true;
        }
        byte after = in.getByte(i);
        if (after != ' ') {
            // digits not followed by SP: an ordinary line that starts with a number (e.g. a date)
            return lineFramed(in, sink);
        }
        if (length > maxCount) {
            sink.malformed("octet count " + length + " over the limit of " + maxCount);
            skipLine = true;
            return true;
        }
        int bodyStart = i + 1;
        int available = end - bodyStart;
        if (length <= maxFrame) {
            if (available < length) {
                return false;
            }
            emit(in, bodyStart, (int) length, false, sink);
            in.readerIndex(bodyStart + (int) length);
            framingBytes += bodyStart - start;
            return true;
        }
        if (truncate) {
            if (available < maxFrame) {
                return false;
            }
            emit(in, bodyStart, maxFrame, true, sink);
            in.readerIndex(bodyStart + maxFrame);
            skipBytes = length - maxFrame;
        } else {
            sink.oversizedRejected();
            in.readerIndex(bodyStart);
            skipBytes = length;
        }
        framingBytes += bodyStart - start;
        return true;
    }

    private boolean lineFramed(ByteBuf in, FrameSink sink) {
        int start = in.readerIndex();
        // a frame of maxFrame bytes may still be followed by CR LF
        int searchEnd = (int) Math.min(in.writerIndex(), (long) start + maxFrame + 2);
        int lf = in.indexOf(start, searchEnd, LF);
        if (lf >= 0) {
            int length = lf - start;
            if (length > 0 && in.getByte(lf - 1) == CR) {
                length--;
            }
            if (length <= maxFrame) {
                if (length > 0) {
                    emit(in, start, length, false, sink);
                }
                in.readerIndex(lf + 1);
                framingBytes += lf + 1 - start - length;
                return true;
            }
        } else if (in.writerIndex() - start <= maxFrame + 1) {
            return false; // may still end within the limit (the last byte could be the CR of CR LF)
        }
        // over the limit without an end in sight: keep or drop the first maxFrame bytes, skip to the LF
        if (truncate) {
            emit(in, start, maxFrame, true, sink);
        } else {
            sink.oversizedRejected();
            sink.skipped(maxFrame);
        }
        in.readerIndex(start + maxFrame);
        skipLine = true;
        return true;
    }

    private static void emit(ByteBuf in, int index, int length, boolean truncated, FrameSink sink) {
        byte[] body = new byte[length];
        in.getBytes(index, body);
        sink.frame(body, truncated);
    }

    /**
     * The connection ended: what is left is a last frame without its end. A line without LF is kept as it
     * is (many senders do not end their last line); the received part of an octet-counted frame is kept,
     * flagged truncated, and counted as malformed.
     */
    void finish(ByteBuf in, FrameSink sink) {
        if (skipBytes > 0) {
            sink.malformed("connection closed inside an oversized octet-counted frame");
            skipBytes = 0;
        }
        if (skipLine || !in.isReadable()) {
            skipLine = false;
            if (in.isReadable()) {
                sink.skipped(in.readableBytes());
            }
            in.skipBytes(in.readableBytes());
            return;
        }
        int start = in.readerIndex();
        int end = in.writerIndex();
        if (octetCounting) {
            int i = start;
            while (i < end && in.getByte(i) >= '0' && in.getByte(i) <= '9') {
                i++;
            }
            byte first = in.getByte(start);
            if (first >= '1' && first <= '9' && i < end && in.getByte(i) == ' ' && i - start <= MAX_LENGTH_DIGITS
                    && Long.parseLong(in.toString(start, i - start, java.nio.charset.StandardCharsets.US_ASCII)) <= maxCount) {
                sink.malformed("connection closed inside an octet-counted frame");
                int received = end - (i + 1);
                int length = Math.min(received, maxFrame);
                if (length > 0) {
                    emit(in, i + 1, length, true, sink);
                }
                framingBytes += i + 1 - start;
                if (received > length) {
                    sink.skipped(received - length);
                }
                in.skipBytes(end - start);
                return;
            }
        }
        int length = end - start;
        if (in.getByte(end - 1) == CR) {
            length--;
            framingBytes++;
        }
        if (length > maxFrame) {
            if (truncate) {
                emit(in, start, maxFrame, true, sink);
                sink.skipped(length - maxFrame);
            } else {
                sink.oversizedRejected();
                sink.skipped(length);
            }
        } else if (length > 0) {
            emit(in, start, length, false, sink);
        }
        in.skipBytes(end - start);
    }

    /** Bytes consumed as framing rather than content: octet counts and their SP, LFs, CRs before them, empty lines. */
    long framingBytes() {
        return framingBytes;
    }

    /** Bytes of a started frame held by the caller's buffer (for slow-sender detection). */
    boolean midFrame(ByteBuf in) {
        return in.isReadable() || skipBytes > 0;
    }
}
