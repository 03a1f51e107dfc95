package org.citywall.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The framer finds the same frames however the stream is cut into reads, and never holds more than a frame. */
class SyslogFramerFuzzTest {

    private static final int MAX = 64;
    /** The most a framer may leave buffered: a length header, a whole frame, a CR LF. */
    private static final int MAX_HELD = 10 + MAX + 2;

    record Message(byte[] body, boolean octetCounted) {
        byte[] encoded() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (octetCounted) {
                out.writeBytes((body.length + " ").getBytes(StandardCharsets.US_ASCII));
                out.writeBytes(body);
            } else {
                out.writeBytes(body);
                out.write('\n');
            }
            return out.toByteArray();
        }
    }

    @Provide
    Arbitrary<List<Message>> messages() {
        Arbitrary<Message> octet = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(MAX)
                .map(b -> new Message(b, true));
        // a line may hold anything but LF, must not end in CR, and must not look like "DIGITS SP"
        Arbitrary<Message> line = Arbitraries.bytes().filter(b -> b != '\n').array(byte[].class)
                .ofMinSize(1).ofMaxSize(MAX)
                .filter(b -> b[b.length - 1] != '\r' && !(b[0] >= '1' && b[0] <= '9'))
                .map(b -> new Message(b, false));
        return Arbitraries.oneOf(octet, line).list().ofMaxSize(20);
    }

    @Property(tries = 300)
    void every_message_comes_out_whole_for_a_split_at_every_position(@ForAll("messages") List<Message> messages) {
        byte[] stream = concat(messages.stream().map(Message::encoded).toList());
        for (int split = 0; split <= stream.length; split++) {
            CollectedFrames out = feed(stream, new int[] {split}, true);
            assertThat(out.bodies).as("split at %d", split).hasSameSizeAs(messages);
            for (int i = 0; i < messages.size(); i++) {
                assertThat(out.bodies.get(i)).isEqualTo(messages.get(i).body());
            }
            assertThat(out.malformed).isEmpty();
        }
    }

    /** Random bytes, half the time from the characters framing is made of, so lengths and ends are common. */
    @Provide
    Arbitrary<byte[]> streams() {
        Arbitrary<byte[]> any = Arbitraries.bytes().array(byte[].class).ofMaxSize(600);
        Arbitrary<byte[]> framingy = Arbitraries.of((byte) '1', (byte) '2', (byte) '9', (byte) '0', (byte) ' ',
                        (byte) '\n', (byte) '\r', (byte) '<', (byte) 'a', (byte) 0xff)
                .array(byte[].class).ofMaxSize(600);
        return Arbitraries.oneOf(any, framingy);
    }

    @Property(tries = 1000)
    void random_bytes_give_the_same_frames_however_they_are_cut_and_never_fill_memory(
            @ForAll("streams") byte[] stream,
            @ForAll @Size(max = 12) List<@IntRange(min = 0, max = 600) Integer> cuts,
            @ForAll boolean truncate) {
        int[] positions = cuts.stream().mapToInt(c -> Math.min(c, stream.length)).sorted().toArray();
        CollectedFrames whole = feed(stream, new int[0], truncate);
        CollectedFrames cut = feed(stream, positions, truncate);
        assertThat(cut.texts()).isEqualTo(whole.texts());
        assertThat(cut.frames).isEqualTo(whole.frames);
        assertThat(cut.oversizedRejected).isEqualTo(whole.oversizedRejected);
        assertThat(cut.malformed).hasSameSizeAs(whole.malformed);
        for (byte[] body : whole.bodies) {
            assertThat(body.length).isBetween(1, MAX);
        }
    }

    @Property(tries = 200)
    void a_byte_at_a_time_finds_what_the_whole_stream_finds(@ForAll("streams") byte[] stream) {
        int[] every = new int[stream.length];
        Arrays.setAll(every, i -> i);
        assertThat(feed(stream, every, true).frames).isEqualTo(feed(stream, new int[0], true).frames);
    }

    @Property(tries = 1000)
    void random_bytes_never_break_the_framer_and_every_byte_is_in_a_frame_skipped_or_framing(
            @ForAll("streams") byte[] stream,
            @ForAll @Size(max = 12) List<@IntRange(min = 0, max = 600) Integer> cuts,
            @ForAll boolean truncate,
            @ForAll boolean octetCounting) {
        int[] positions = cuts.stream().mapToInt(c -> Math.min(c, stream.length)).sorted().toArray();
        SyslogFramer framer = new SyslogFramer(MAX, truncate, octetCounting);
        CollectedFrames out = feed(framer, stream, positions);
        long inFrames = out.bodies.stream().mapToLong(b -> b.length).sum();
        assertThat(inFrames + out.skipped + framer.framingBytes()).as("bytes accounted for").isEqualTo(stream.length);
        for (byte[] body : out.bodies) {
            assertThat(body.length).isBetween(1, MAX);
        }
        // framing takes at most a 9-digit length and its SP, or a CR LF, per frame, error or empty line
        long lfs = new String(stream, StandardCharsets.ISO_8859_1).chars().filter(c -> c == '\n').count();
        assertThat(framer.framingBytes()).isLessThanOrEqualTo(10L * (out.frames.size() + out.malformed.size()) + 2 * lfs + 1);
    }

    /** Feeds the stream in pieces cut at the given positions, as reads from a socket would arrive. */
    private static CollectedFrames feed(byte[] stream, int[] cuts, boolean truncate) {
        return feed(new SyslogFramer(MAX, truncate, true), stream, cuts);
    }

    private static CollectedFrames feed(SyslogFramer framer, byte[] stream, int[] cuts) {
        CollectedFrames out = new CollectedFrames();
        ByteBuf buffer = Unpooled.buffer();
        List<Integer> bounds = new ArrayList<>();
        for (int c : cuts) {
            bounds.add(c);
        }
        bounds.add(stream.length);
        int from = 0;
        for (int to : bounds) {
            if (to < from) {
                continue;
            }
            buffer.writeBytes(stream, from, to - from);
            framer.decode(buffer, out);
            assertThat(buffer.readableBytes()).isLessThanOrEqualTo(MAX_HELD);
            buffer.discardReadBytes();
            from = to;
        }
        framer.finish(buffer, out);
        assertThat(buffer.readableBytes()).isZero();
        return out;
    }

    private static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
