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
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The RELP framer is indifferent to how the stream is cut, and never holds more than one frame. */
class RelpFramerFuzzTest {

    private static final int MAX = 48;
    private static final int MAX_HELD = 9 + 1 + 32 + 1 + 9 + 1 + MAX + 1;

    record Sent(int txnr, String command, byte[] data) {
        byte[] encoded() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes((txnr + " " + command + " " + data.length).getBytes(StandardCharsets.US_ASCII));
            if (data.length > 0) {
                out.write(' ');
                out.writeBytes(data);
            }
            out.write('\n');
            return out.toByteArray();
        }
    }

    @Provide
    Arbitrary<List<Sent>> sessions() {
        Arbitrary<Sent> frame = Combinators.combine(
                Arbitraries.integers().between(0, 999_999_999),
                Arbitraries.of("open", "syslog", "close", "rsp", "Syslog"),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(MAX))
                .as(Sent::new);
        return frame.list().ofMaxSize(15);
    }

    @Property(tries = 300)
    void every_frame_comes_out_whole_for_a_split_at_every_position(@ForAll("sessions") List<Sent> sent) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        sent.forEach(s -> all.writeBytes(s.encoded()));
        byte[] stream = all.toByteArray();
        for (int split = 0; split <= stream.length; split++) {
            Result r = feed(stream, new int[] {split});
            assertThat(r.error).isNull();
            assertThat(r.frames).hasSameSizeAs(sent);
            for (int i = 0; i < sent.size(); i++) {
                assertThat(r.frames.get(i).txnr()).isEqualTo(sent.get(i).txnr());
                assertThat(r.frames.get(i).command()).isEqualTo(sent.get(i).command());
                assertThat(r.frames.get(i).data()).isEqualTo(sent.get(i).data());
            }
        }
    }

    @Provide
    Arbitrary<byte[]> streams() {
        Arbitrary<byte[]> any = Arbitraries.bytes().array(byte[].class).ofMaxSize(400);
        Arbitrary<byte[]> relpish = Arbitraries.of("1", "2", "0", "99", " ", "\n", "syslog", "open", "x", "\u00ff")
                .list().ofMaxSize(120)
                .map(parts -> String.join("", parts).getBytes(StandardCharsets.ISO_8859_1));
        return Arbitraries.oneOf(any, relpish);
    }

    @Property(tries = 1000)
    void random_bytes_give_the_same_frames_and_error_however_they_are_cut(
            @ForAll("streams") byte[] stream,
            @ForAll @Size(max = 10) List<@IntRange(min = 0, max = 400) Integer> cuts) {
        Result whole = feed(stream, new int[0]);
        Result cut = feed(stream, cuts.stream().mapToInt(c -> Math.min(c, stream.length)).sorted().toArray());
        assertThat(cut.error != null).isEqualTo(whole.error != null);
        assertThat(cut.frames).hasSameSizeAs(whole.frames);
        for (int i = 0; i < whole.frames.size(); i++) {
            assertThat(cut.frames.get(i).txnr()).isEqualTo(whole.frames.get(i).txnr());
            assertThat(cut.frames.get(i).data()).isEqualTo(whole.frames.get(i).data());
            assertThat(cut.frames.get(i).data().length).isLessThanOrEqualTo(MAX);
        }
    }

    @Property(tries = 200)
    void a_byte_at_a_time_finds_what_the_whole_stream_finds(@ForAll("streams") byte[] stream) {
        int[] every = new int[stream.length];
        Arrays.setAll(every, i -> i);
        assertThat(feed(stream, every).frames).hasSameSizeAs(feed(stream, new int[0]).frames);
    }

    private static final class Result {
        final List<RelpFrame> frames = new ArrayList<>();
        String error;
    }

    private static Result feed(byte[] stream, int[] cuts) {
        RelpFramer framer = new RelpFramer(MAX, true);
        Result r = new Result();
        ByteBuf buffer = Unpooled.buffer();
        int from = 0;
        int[] bounds = Arrays.copyOf(cuts, cuts.length + 1);
        bounds[cuts.length] = stream.length;
        for (int to : bounds) {
            if (to < from) {
                continue;
            }
            buffer.writeBytes(stream, from, to - from);
            String e = framer.decode(buffer, r.frames::add);
            if (e != null) {
                assertThat(r.error).as("an error is reported once").isNull();
                r.error = e;
            }
            assertThat(buffer.readableBytes()).isLessThanOrEqualTo(MAX_HELD);
            buffer.discardReadBytes();
            from = to;
        }
        return r;
    }
}
