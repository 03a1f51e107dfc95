package org.citywall.event;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * Bytes as a collector received them, before any decoding: one frame from one peer on one input,
 * stamped with the domain of that input.
 *
 * <p>This is what travels on the bus. Decoding happens later in the detection job, so a parser bug
 * never loses data and a fixed parser can replay. The wire form ({@link #toBytes()}) is versioned
 * and self-delimiting:
 *
 * <pre>
 *   'C' 'W' version(1) flags(1) receivedAtMillis(8)
 *   u16 len, domain UTF-8 · u16 len, input UTF-8 · u16 len, peer UTF-8 · u32 len, body
 * </pre>
 */
public final class RawEvent {

    /** The frame exceeded the input's maximum size and was cut; the body holds its first bytes. */
    public static final int FLAG_TRUNCATED = 1;

    private static final byte MAGIC_0 = 'C';
    private static final byte MAGIC_1 = 'W';
    private static final byte VERSION = 1;
    private static final int MAX_LABEL = 0xFFFF;

    private final byte[] body;
    private final long receivedAtMillis;
    private final String peer;
    private final String input;
    private final String domain;
    private final int flags;

    public RawEvent(byte[] body, long receivedAtMillis, String peer, String input, String domain, int flags) {
        this.body = Objects.requireNonNull(body, "body");
        this.receivedAtMillis = receivedAtMillis;
        this.peer = label(peer, "peer");
        this.input = label(input, "input");
        this.domain = label(domain, "domain");
        this.flags = flags & 0xFF;
    }

    public RawEvent(byte[] body, long receivedAtMillis, String peer, String input, String domain) {
        this(body, receivedAtMillis, peer, input, domain, 0);
    }

    private static String label(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_LABEL) {
            throw new IllegalArgumentException(name + " longer than " + MAX_LABEL + " bytes");
        }
        return value;
    }

    /** The frame exactly as received (or its first bytes when {@link #truncated()}); not copied. */
    public byte[] body() {
        return body;
    }

    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public long receivedAtMillis() {
        return receivedAtMillis;
    }

    /**
     * The receive stamp of a wire form without parsing the rest (it is the first field after the
     * magic, version and flags), or 0 when {@code wire} does not start like a raw event.
     */
    public static long receivedAtMillis(byte[] wire) {
        if (wire == null || wire.length < 12 || wire[0] != MAGIC_0 || wire[1] != MAGIC_1) {
            return 0;
        }
        long t = 0;
        for (int i = 4; i < 12; i++) {
            t = (t << 8) | (wire[i] & 0xff);
        }
        return Math.max(0, t);
    }

    public Instant receivedAt() {
        return Instant.ofEpochMilli(receivedAtMillis);
    }

    /** Remote address of the sender, {@code host:port}. */
    public String peer() {
        return peer;
    }

    /** Name of the collector input that received the frame, e.g. {@code syslog-tcp}. */
    public String input() {
        return input;
    }

    /** The 1+N domain the input stamps (province, a city, a sector cloud). */
    public String domain() {
        return domain;
    }

    public int flags() {
        return flags;
    }

    public boolean truncated() {
        return (flags & FLAG_TRUNCATED) != 0;
    }

    /** Encodes to the versioned wire form. */
    public byte[] toBytes() {
        byte[] d = domain.getBytes(StandardCharsets.UTF_8);
        byte[] i = input.getBytes(StandardCharsets.UTF_8);
        byte[] p = peer.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(12 + 6 + d.length + i.length + p.length + 4 + body.length);
        buf.put(MAGIC_0).put(MAGIC_1).put(VERSION).put((byte) flags).putLong(receivedAtMillis);
        buf.putShort((short) d.length).put(d);
        buf.putShort((short) i.length).put(i);
        buf.putShort((short) p.length).put(p);
        buf.putInt(body.length).put(body);
        return buf.array();
    }

    /**
     * Decodes the wire form.
     *
     * @throws MalformedRawEventException when the bytes are not a complete raw event of a known version
     */
    public static RawEvent fromBytes(byte[] wire) {
        try {
            ByteBuffer buf = ByteBuffer.wrap(wire);
            if (buf.remaining() < 12 || buf.get() != MAGIC_0 || buf.get() != MAGIC_1) {
                throw new MalformedRawEventException("not a CityWall raw event (bad magic)");
            }
            byte version = buf.get();
            if (version != VERSION) {
                throw new MalformedRawEventException("unknown raw event version " + version);
            }
            int flags = buf.get() & 0xFF;
            long receivedAt = buf.getLong();
            String domain = readLabel(buf);
            String input = readLabel(buf);
            String peer = readLabel(buf);
            int len = buf.getInt();
            if (len < 0 || len != buf.remaining()) {
                throw new MalformedRawEventException("body length " + len + " but " + buf.remaining() + " bytes left");
            }
            byte[] body = new byte[len];
            buf.get(body);
            return new RawEvent(body, receivedAt, peer, input, domain, flags);
        } catch (java.nio.BufferUnderflowException e) {
            throw new MalformedRawEventException("raw event truncated");
        }
    }

    private static String readLabel(ByteBuffer buf) {
        int len = Short.toUnsignedInt(buf.getShort());
        byte[] b = new byte[len];
        buf.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawEvent r && r.receivedAtMillis == receivedAtMillis && r.flags == flags
                && r.peer.equals(peer) && r.input.equals(input) && r.domain.equals(domain)
                && Arrays.equals(r.body, body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(receivedAtMillis, peer, input, domain, flags) * 31 + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        // never the body: it may hold personal data; logs carry metadata only
        return "RawEvent{input=" + input + ", domain=" + domain + ", peer=" + peer
                + ", receivedAt=" + receivedAt() + ", bytes=" + body.length + (truncated() ? ", truncated" : "") + "}";
    }
}
