package org.citywall.collector;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Splits a RELP byte stream into frames ({@code TXNR SP COMMAND SP DATALEN [SP DATA] LF}, as librelp
 * writes them). RELP has no way to resynchronise, so the first framing error ends the session: the framer
 * reports it once and reads nothing more (the handler closes the connection; the sender reconnects and
 * resends what was not acknowledged). Oversized data is truncated or rejected like any frame, its excess
 * skipped without being held. Not thread-safe: one instance per connection.
 */
final class RelpFramer {

    private static final int MAX_NUMBER_DIGITS = 9;
    private static final int MAX_COMMAND = 32;

    private final int maxFrame;
    private final boolean truncate;

    /** The frame whose excess data is being skipped, delivered once its trailer arrives. */
    private RelpFrame pending;
    private long skipBytes;
    private String error;

    RelpFramer(int maxFrame, boolean truncate) {
        this.maxFrame = maxFrame;
        this.truncate = truncate;
    }

    /**
     * Delivers every complete frame in {@code in}, leaving an incomplete one unread.
     *
     * @return null, or the framing error that ended the session (reported once; later calls read nothing)
     */
    String decode(ByteBuf in, Consumer<RelpFrame> frames) {
        return decode(in, frames, Integer.MAX_VALUE);
    }

    /**
     * Like {@link #decode(ByteBuf, Consumer)}, but stops after {@code maxFrames} frames, leaving the rest of
     * {@code in} unread for a later call.
     */
    String decode(ByteBuf in, Consumer<RelpFrame> frames, int maxFrames) {
        int[] delivered = {0};
        Consumer<RelpFrame> counting = f -> {
            delivered[0]++;
            frames.accept(f);
        };
        if (error != null) {
            in.skipBytes(in.readableBytes());
            return null;
        }
        while (in.isReadable() && delivered[0] < maxFrames) {
            if (pending != null) {
                if (skipBytes > 0) {
                    int n = (int) Math.min(skipBytes, in.readableBytes());
                    in.skipBytes(n);
                    skipBytes -= n;
                    continue;
                }
                if (in.readByte() != '\n') {
                    in.skipBytes(in.readableBytes());
                    return fail("frame " + pending.txnr() + " does not end with LF after its data");
                }
                RelpFrame done = pending;
                pending = null;
                counting.accept(done);
                continue;
            }
            int before = in.readerIndex();
            String problem = frame(in, counting);
            if (problem != null) {
                in.skipBytes(in.readableBytes());
                return fail(problem);
            }
            if (in.readerIndex() == before) {
                return null; // incomplete
            }
        }
        return null;
    }

    private String fail(String problem) {
        error = problem;
        return problem;
    }

    /** Reads one frame (or the start of an oversized one); returns a problem, or null (progress or waiting). */
    private String frame(ByteBuf in, Consumer<RelpFrame> frames) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        int[] pos = {start};
        long txnr = number(in, pos, end, "transaction number");
        if (txnr == WAIT) {
            return null;
        }
        if (txnr < 0) {
            return problem;
        }
        int cmdStart = pos[0];
        while (pos[0] < end && pos[0] - cmdStart <= MAX_COMMAND && isAlpha(in.getByte(pos[0]))) {
            pos[0]++;
        }
        int cmdLen = pos[0] - cmdStart;
        if (pos[0] == end) {
            return cmdLen > MAX_COMMAND ? "command longer than " + MAX_COMMAND + " letters" : null;
        }
        if (cmdLen == 0 || cmdLen > MAX_COMMAND || in.getByte(pos[0]) != ' ') {
            return "bad command in frame " + txnr;
        }
        pos[0]++;
        String command = in.toString(cmdStart, cmdLen, StandardCharsets.US_ASCII);
        long dataLen = number(in, pos, end, "data length");
        if (dataLen == WAIT) {
            return null;
        }
        if (dataLen < 0) {
            return problem;
        }
        // number() consumed the SP after the length, or stopped at the LF of an empty frame
        if (dataLen == 0) {
            if (pos[0] >= end) {
                return null;
            }
            if (in.getByte(pos[0]) != '\n') {
                return "frame " + txnr + " with no data does not end with LF";
            }
            in.readerIndex(pos[0] + 1);
            frames.accept(new RelpFrame((int) txnr, command, new byte[0], false, false));
            return null;
        }
        if (!lengthEndedBySpace) {
            return "frame " + txnr + " has data length " + dataLen + " but no data";
        }
        int dataStart = pos[0];
        int available = end - dataStart;
        if (dataLen <= maxFrame) {
            if (available < dataLen + 1) {
                return null;
            }
            if (in.getByte(dataStart + (int) dataLen) != '\n') {
                return "frame " + txnr + " does not end with LF after its data";
            }
            byte[] data = new byte[(int) dataLen];
            in.getBytes(dataStart, data);
            in.readerIndex(dataStart + (int) dataLen + 1);
            frames.accept(new RelpFrame((int) txnr, command, data, false, false));
            return null;
        }
        if (truncate) {
            if (available < maxFrame) {
                return null;
            }
            byte[] data = new byte[maxFrame];
            in.getBytes(dataStart, data);
            in.readerIndex(dataStart + maxFrame);
            pending = new RelpFrame((int) txnr, command, data, true, false);
            skipBytes = dataLen - maxFrame;
        } else {
            in.readerIndex(dataStart);
            pending = new RelpFrame((int) txnr, command, new byte[0], false, true);
            skipBytes = dataLen;
        }
        return null;
    }

    private static final long WAIT = -2;
    private String problem;
    private boolean lengthEndedBySpace;

    /**
     * Reads digits and the SP after them (or, for a data length, an LF, left unread). Returns the number,
     * {@link #WAIT} when the stream ends inside it, or -1 with {@link #problem} set.
     */
    private long number(ByteBuf in, int[] pos, int end, String what) {
        int start = pos[0];
        long value = 0;
        while (pos[0] < end && pos[0] - start <= MAX_NUMBER_DIGITS) {
            byte b = in.getByte(pos[0]);
            if (b < '0' || b > '9') {
                break;
            }
            value = value * 10 + (b - '0');
            pos[0]++;
        }
        int digits = pos[0] - start;
        if (digits > MAX_NUMBER_DIGITS) {
            problem = what + " longer than " + MAX_NUMBER_DIGITS + " digits";
            return -1;
        }
        if (pos[0] == end) {
            return WAIT;
        }
        byte after = in.getByte(pos[0]);
        if (digits == 0) {
            problem = "expected a " + what + ", found byte 0x" + Integer.toHexString(after & 0xff);
            return -1;
        }
        if (after == ' ') {
            pos[0]++;
            lengthEndedBySpace = true;
            return value;
        }
        if (after == '\n' && what.equals("data length")) {
            lengthEndedBySpace = false;
            return value;
        }
        problem = what + " not followed by a space";
        return -1;
    }

    private static boolean isAlpha(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
    }

    /** Whether part of a frame has arrived and its end has not. */
    boolean midFrame(ByteBuf in) {
        return pending != null || in.isReadable();
    }
}
