package org.citywall.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * An octet count no frame can have (10 or more digits, or more than 16 times the maximum frame and at least
 * 16 MiB) is a counted framing error and the stream resynchronises at the next LF; it never makes the
 * framer skip the frames that follow. What is skipped of an oversized frame a count allows is reported.
 */
class SyslogOctetCountLimitsTest {

    private static final int MAX = 1024;

    private static ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    @Test
    void ten_digits_then_a_space_is_malformed_and_the_next_line_is_still_a_frame() {
        CollectedFrames out = new CollectedFrames();
        new SyslogFramer(MAX, true, true).decode(bytes("1234567890 <13>garbled\n<13>next\n5 <13>x"), out);
        assertThat(out.malformed).hasSize(1).first().asString().contains("digits");
        assertThat(out.texts()).containsExactly("<13>next", "<13>x");
    }

    @Test
    void a_count_over_the_limit_is_malformed_and_the_next_line_is_still_a_frame() {
        CollectedFrames out = new CollectedFrames();
        long over = SyslogFramer.maxCount(MAX) + 1;
        new SyslogFramer(MAX, false, true).decode(bytes(over + " <13>garbled\n<13>next\n"), out);
        assertThat(out.malformed).hasSize(1).first().asString().contains("over the limit of " + SyslogFramer.maxCount(MAX));
        assertThat(out.oversizedRejected).isZero();
        assertThat(out.texts()).containsExactly("<13>next");
    }

    @Test
    void the_limit_is_16_times_the_largest_frame_and_at_least_16_MiB() {
        assertThat(SyslogFramer.maxCount(1024)).isEqualTo(16L * 1024 * 1024);
        assertThat(SyslogFramer.maxCount(64 * 1024 * 1024)).isEqualTo(1024L * 1024 * 1024);
    }

    @Test
    void the_rest_of_an_oversized_frame_within_the_limit_is_skipped_and_reported() {
        CollectedFrames out = new CollectedFrames();
        SyslogFramer f = new SyslogFramer(MAX, true, true);
        int length = 3 * MAX;
        f.decode(bytes(length + " " + "a".repeat(length) + "5 <13>x"), out);
        assertThat(out.frames).hasSize(2);
        assertThat(out.frames.get(0).truncated()).isTrue();
        assertThat(out.texts().get(1)).isEqualTo("<13>x");
        assertThat(out.skipped).isEqualTo(length - MAX);
    }

    @Property(tries = 200)
    void no_count_of_ten_or_more_digits_hides_the_frames_after_it(
            @ForAll @LongRange(min = 1_000_000_000L, max = Long.MAX_VALUE / 10) long count,
            @ForAll boolean truncate, @ForAll @IntRange(min = 1, max = 20) int cut) {
        CollectedFrames out = new CollectedFrames();
        SyslogFramer f = new SyslogFramer(MAX, truncate, true);
        byte[] stream = (count + " <13>garbled\n<13>after\n5 <13>y").getBytes(StandardCharsets.ISO_8859_1);
        ByteBuf in = Unpooled.buffer();
        for (int i = 0; i < stream.length; i += cut) {
            in.writeBytes(stream, i, Math.min(cut, stream.length - i));
            f.decode(in, out);
            in.discardReadBytes();
        }
        assertThat(out.malformed).hasSize(1);
        assertThat(out.texts()).containsExactly("<13>after", "<13>y");
    }

    @Property(tries = 200)
    void a_count_over_the_limit_never_makes_the_framer_skip_later_frames(
            @ForAll @LongRange(min = 16L * 1024 * 1024 + 1, max = 999_999_999L) long count, @ForAll boolean truncate) {
        CollectedFrames out = new CollectedFrames();
        new SyslogFramer(MAX, truncate, true).decode(bytes(count + " <13>garbled\n<13>after\n"), out);
        assertThat(out.malformed).hasSize(1);
        assertThat(out.texts()).containsExactly("<13>after");
        // the garbled line is skipped, its count included, and nothing after it
        assertThat(out.skipped).isEqualTo(String.valueOf(count).length() + " <13>garbled\n".length());
    }
}
