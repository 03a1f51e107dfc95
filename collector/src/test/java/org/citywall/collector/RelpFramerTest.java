package org.citywall.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RelpFramerTest {

    private final List<RelpFrame> frames = new ArrayList<>();

    private static ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    private static String text(RelpFrame f) {
        return f.txnr() + " " + f.command() + " " + new String(f.data(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void reads_librelps_open_syslog_and_close_frames() {
        String open = "relp_version=0\nrelp_software=librelp,1.11.0\ncommands=syslog";
        String stream = "1 open " + open.length() + " " + open + "\n"
                + "2 syslog 15 <13>hello\nworld\n"
                + "3 close 0\n";
        assertThat(new RelpFramer(64, true).decode(bytes(stream), frames::add)).isNull();
        assertThat(frames).extracting(RelpFramerTest::text)
                .containsExactly("1 open " + open, "2 syslog <13>hello\nworld", "3 close ");
    }

    @Test
    void stops_after_the_frames_it_was_allowed_and_leaves_the_rest_for_later() {
        RelpFramer f = new RelpFramer(64, true);
        ByteBuf in = bytes("1 syslog 1 a\n2 syslog 1 b\n3 syslog 0\n4 syslog 1 d\n");
        assertThat(f.decode(in, frames::add, 2)).isNull();
        assertThat(frames).extracting(RelpFramerTest::text).containsExactly("1 syslog a", "2 syslog b");
        assertThat(in.toString(StandardCharsets.ISO_8859_1)).isEqualTo("3 syslog 0\n4 syslog 1 d\n");
        assertThat(f.decode(in, frames::add, 2)).isNull();
        assertThat(frames).extracting(RelpFramerTest::text).containsExactly("1 syslog a", "2 syslog b", "3 syslog ", "4 syslog d");
        assertThat(in.isReadable()).isFalse();
    }

    @Test
    void an_incomplete_frame_waits() {
        RelpFramer f = new RelpFramer(64, true);
        ByteBuf in = Unpooled.buffer();
        in.writeBytes("7 syslog 5 ab".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(f.decode(in, frames::add)).isNull();
        assertThat(frames).isEmpty();
        in.writeBytes("cde\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(f.decode(in, frames::add)).isNull();
        assertThat(frames).extracting(RelpFramerTest::text).containsExactly("7 syslog abcde");
    }

    @Test
    void oversized_data_is_truncated_and_flagged_and_its_excess_skipped() {
        RelpFramer f = new RelpFramer(4, true);
        assertThat(f.decode(bytes("1 syslog 10 0123456789\n2 syslog 2 ok\n"), frames::add)).isNull();
        assertThat(frames).extracting(RelpFramerTest::text).containsExactly("1 syslog 0123", "2 syslog ok");
        assertThat(frames.get(0).truncated()).isTrue();
    }

    @Test
    void oversized_data_is_rejected_when_so_configured() {
        RelpFramer f = new RelpFramer(4, false);
        assertThat(f.decode(bytes("1 syslog 10 0123456789\n"), frames::add)).isNull();
        assertThat(frames).singleElement().satisfies(fr -> {
            assertThat(fr.oversizedRejected()).isTrue();
            assertThat(fr.data()).isEmpty();
        });
    }

    @Test
    void a_missing_trailer_ends_the_session_once() {
        RelpFramer f = new RelpFramer(64, true);
        assertThat(f.decode(bytes("1 syslog 3 abcX2 syslog 1 a\n"), frames::add)).contains("LF");
        assertThat(frames).isEmpty();
        assertThat(f.decode(bytes("3 syslog 1 a\n"), frames::add)).isNull();
        assertThat(frames).isEmpty();
    }

    @Test
    void tls_handshake_bytes_or_http_are_framing_errors_not_frames() {
        assertThat(new RelpFramer(64, true).decode(bytes("GET / HTTP/1.1\r\n\r\n"), frames::add)).isNotNull();
        assertThat(new RelpFramer(64, true).decode(Unpooled.wrappedBuffer(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00}),
                frames::add)).isNotNull();
        assertThat(frames).isEmpty();
    }

    @Test
    void numbers_longer_than_nine_digits_are_errors() {
        assertThat(new RelpFramer(64, true).decode(bytes("1234567890 syslog 1 a\n"), frames::add)).contains("digits");
        assertThat(new RelpFramer(64, true).decode(bytes("1 syslog 1234567890"), frames::add)).contains("digits");
    }
}
