package org.citywall.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SyslogFramerTest {

    private static final int MAX = 32;

    private final CollectedFrames out = new CollectedFrames();

    private static ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    private SyslogFramer syslog(boolean truncate) {
        return new SyslogFramer(MAX, truncate, true);
    }

    @Test
    void lf_terminated_lines_are_frames_without_their_LF_or_CRLF() {
        ByteBuf in = bytes("<13>one\n<13>two\r\n<13>three");
        syslog(true).decode(in, out);
        assertThat(out.texts()).containsExactly("<13>one", "<13>two");
        assertThat(in.toString(StandardCharsets.ISO_8859_1)).isEqualTo("<13>three");
    }

    @Test
    void octet_counted_and_lf_frames_mix_on_one_connection() {
        syslog(true).decode(bytes("11 <13>a\nb c d<13>lf frame\n7 <13>xyz"), out);
        assertThat(out.texts()).containsExactly("<13>a\nb c d", "<13>lf frame", "<13>xyz");
    }

    @Test
    void an_octet_counted_frame_waits_for_all_its_bytes() {
        SyslogFramer f = syslog(true);
        ByteBuf in = Unpooled.buffer();
        in.writeBytes("10 <13>ab".getBytes(StandardCharsets.ISO_8859_1));
        f.decode(in, out);
        assertThat(out.frames).isEmpty();
        in.writeBytes("cdef".getBytes(StandardCharsets.ISO_8859_1));
        f.decode(in, out);
        assertThat(out.texts()).containsExactly("<13>abcdef");
    }

    @Test
    void a_line_that_starts_with_digits_but_no_space_is_an_ordinary_line() {
        syslog(true).decode(bytes("2026-11-27 sshd: hello\n"), out);
        assertThat(out.texts()).containsExactly("2026-11-27 sshd: hello");
        assertThat(out.malformed).isEmpty();
    }

    @Test
    void json_lines_framing_never_counts_octets() {
        new SyslogFramer(MAX, true, false).decode(bytes("5 abcdefgh\n{\"a\":1}\n"), out);
        assertThat(out.texts()).containsExactly("5 abcdefgh", "{\"a\":1}");
    }

    @Test
    void empty_lines_are_skipped() {
        syslog(true).decode(bytes("\n\r\n<13>x\n\n"), out);
        assertThat(out.texts()).containsExactly("<13>x");
    }

    @Test
    void an_oversized_line_is_truncated_flagged_and_the_rest_skipped_up_to_its_LF() {
        String big = "x".repeat(100);
        syslog(true).decode(bytes(big + "\n<13>next\n"), out);
        assertThat(out.frames).containsExactly(new CollectedFrames.Frame("x".repeat(MAX), true),
                new CollectedFrames.Frame("<13>next", false));
    }

    @Test
    void an_oversized_line_is_rejected_and_counted_when_so_configured() {
        syslog(false).decode(bytes("y".repeat(100) + "\n<13>next\n"), out);
        assertThat(out.texts()).containsExactly("<13>next");
        assertThat(out.oversizedRejected).isEqualTo(1);
    }

    @Test
    void a_line_of_exactly_the_maximum_is_whole_even_with_CRLF() {
        String exact = "z".repeat(MAX);
        syslog(true).decode(bytes(exact + "\r\n" + exact + "\n"), out);
        assertThat(out.frames).containsExactly(new CollectedFrames.Frame(exact, false),
                new CollectedFrames.Frame(exact, false));
    }

    @Test
    void an_oversized_octet_counted_frame_is_truncated_and_its_tail_skipped_without_buffering() {
        SyslogFramer f = syslog(true);
        ByteBuf in = Unpooled.buffer();
        in.writeBytes(("100 " + "a".repeat(40)).getBytes(StandardCharsets.ISO_8859_1));
        f.decode(in, out);
        assertThat(out.frames).containsExactly(new CollectedFrames.Frame("a".repeat(MAX), true));
        assertThat(in.readableBytes()).isZero(); // the tail is skipped as it comes, never held
        in.writeBytes(("b".repeat(60) + "5 <13>n").getBytes(StandardCharsets.ISO_8859_1));
        f.decode(in, out);
        assertThat(out.texts()).containsExactly("a".repeat(MAX), "<13>n");
    }

    @Test
    void an_oversized_octet_counted_frame_is_rejected_and_counted_when_so_configured() {
        syslog(false).decode(bytes("40 " + "c".repeat(40) + "3 abc"), out);
        assertThat(out.texts()).containsExactly("abc");
        assertThat(out.oversizedRejected).isEqualTo(1);
    }

    @Test
    void an_absurd_octet_count_is_malformed_counted_and_resynchronised_at_the_next_LF() {
        syslog(true).decode(bytes("99999999999 junk junk\n<13>after\n"), out);
        assertThat(out.malformed).hasSize(1);
        assertThat(out.texts()).containsExactly("<13>after");
    }

    @Test
    void binary_garbage_without_LF_holds_at_most_one_frame_of_memory() {
        SyslogFramer f = syslog(true);
        ByteBuf in = Unpooled.buffer();
        byte[] garbage = new byte[1000];
        new java.util.Random(7).nextBytes(garbage);
        for (int i = 0; i < garbage.length; i++) {
            if (garbage[i] == '\n') {
                garbage[i] = 0;
            }
        }
        garbage[0] = (byte) 0xff; // not a digit: line framing
        in.writeBytes(garbage);
        f.decode(in, out);
        assertThat(in.readableBytes()).isLessThanOrEqualTo(MAX + 2);
    }

    @Test
    void at_end_of_stream_a_last_line_without_LF_is_kept() {
        SyslogFramer f = syslog(true);
        ByteBuf in = bytes("<13>a\n<13>last");
        f.decode(in, out);
        f.finish(in, out);
        assertThat(out.texts()).containsExactly("<13>a", "<13>last");
    }

    @Test
    void at_end_of_stream_a_cut_octet_counted_frame_is_kept_truncated_and_counted_malformed() {
        SyslogFramer f = syslog(true);
        ByteBuf in = bytes("20 <13>only part");
        f.decode(in, out);
        f.finish(in, out);
        assertThat(out.frames).containsExactly(new CollectedFrames.Frame("<13>only part", true));
        assertThat(out.malformed).hasSize(1);
    }
}
