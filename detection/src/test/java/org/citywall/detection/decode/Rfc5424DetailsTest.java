package org.citywall.detection.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.citywall.event.Event;
import org.junit.jupiter.api.Test;

/** RFC 5424 behaviour the go-syslog cases leave open. */
class Rfc5424DetailsTest {

    @Test
    void repeatedParamsKeepEveryValueAndEscapesAreUndone() {
        Event e = Decoding.decode("<14>1 2026-11-27T02:15:30Z h a - - [origin ip=\"10.0.0.1\" ip=\"10.0.0.2\" note=\"a \\\"b\\\" \\] \\\\c\"] m");
        assertThat(e.fields()).containsEntry("log.syslog.structured_data.origin.ip", List.of("10.0.0.1", "10.0.0.2"))
                .containsEntry("log.syslog.structured_data.origin.note", "a \"b\" ] \\c");
    }

    @Test
    void theBomIsNotPartOfTheMessage() {
        Event e = Decoding.decode("<14>1 - - - - - - \uFEFF城墙 ok");
        assertThat(e.fields()).containsEntry("message", "城墙 ok").containsEntry("log.syslog.version", "1");
    }

    @Test
    void nonUtf8MessagesAreReadInTheFallbackCharset() {
        byte[] gbk = "<14>1 - host app - - - 登录失败".getBytes(Charset.forName("GB18030"));
        DecoderConfig config = DecoderConfig.builder().fallbackCharset(Charset.forName("GB18030")).build();
        Event e = Decoding.decode(config, gbk, Decoding.RECEIVED);
        assertThat(e.fields()).containsEntry("message", "登录失败").containsEntry("event.original", "<14>1 - host app - - - 登录失败");
        assertThat(e.hasTag(EventDecoder.TAG_NOT_UTF8)).isTrue();
        Event latin = Decoding.decode(DecoderConfig.defaults(), gbk, Decoding.RECEIVED);
        assertThat(latin.getString("event.original").getBytes(StandardCharsets.ISO_8859_1)).as("lossless by default").isEqualTo(gbk);
    }

    @Test
    void anAppNameOfSshdIsNormalisedLikeBsdSyslog() {
        Event e = Decoding.decode("<86>1 2026-11-27T10:15:30.5+08:00 host1 sshd 42 - - Invalid user test from 198.51.100.2 port 1");
        assertThat(e.fields()).containsEntry("event.action", "ssh_invalid_user").containsEntry("@timestamp", "2026-11-27T02:15:30.500Z")
                .containsEntry("process.pid", 42L);
    }

    @Test
    void lenientKeepsABrokenMessageWithTheHeaderReadSoFar() {
        Event e = Decoding.decode("<34>1 2026-11-27T02:15:30Z host\u0001x app - - - m");
        assertThat(e.fields()).containsEntry("log.syslog.priority", 34L).containsEntry("@timestamp", "2026-11-27T02:15:30Z")
                .containsEntry("error.type", "rfc5424.hostname").containsEntry(EventDecoder.FIELD_DECODE_COLUMN, 31L)
                .containsEntry("message", "<34>1 2026-11-27T02:15:30Z host\u0001x app - - - m")
                .containsEntry("event.dataset", "system.syslog");
        assertThat(e.hasTag(EventDecoder.TAG_SYSLOG_UNPARSED)).isTrue();
        assertThat(e.hasTag(EventDecoder.TAG_DECODE_FAILURE)).isFalse();
    }
}
