package org.citywall.detection.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;
import org.citywall.detection.decode.DecodeCounters.Outcome;
import org.citywall.event.Event;
import org.citywall.event.RawEvent;
import org.junit.jupiter.api.Test;

/** The decoder's contract with the job: provenance on every event, failures kept and counted, config shippable. */
class EventDecoderTest {

    @Test
    void everyEventCarriesItsProvenance() {
        Event e = Decoding.decode("<13>Nov 27 10:15:30 host1 app: hello");
        assertThat(e.fields()).containsEntry("event.id", "test-1").containsEntry("event.created", "2026-11-27T02:00:00Z")
                .containsEntry("citywall.domain", "taiyuan").containsEntry("citywall.input", "syslog-udp")
                .containsEntry("citywall.peer", "192.0.2.1:514")
                .containsEntry("event.original", "<13>Nov 27 10:15:30 host1 app: hello");
        assertThat(e.fields().keySet().iterator().next()).as("@timestamp comes first").isEqualTo("@timestamp");
    }

    @Test
    void aDecodeFailureKeepsTheOriginalTheErrorAndATag() {
        DecoderConfig strict = DecoderConfig.builder().format(Format.RFC5424).syslogMode(SyslogMode.STRICT).build();
        EventDecoder decoder = new EventDecoder(strict);
        Event e = decoder.decode(Decoding.raw("<1>1 - host\nname - - - -".getBytes(StandardCharsets.UTF_8), Decoding.RECEIVED), "id-9");
        assertThat(e.fields()).containsEntry("error.type", "rfc5424.hostname").containsEntry("error.code", "hostname")
                .containsEntry(EventDecoder.FIELD_DECODE_COLUMN, 11L).containsEntry(EventDecoder.FIELD_DECODE_CODEC, "rfc5424")
                .containsEntry("event.dataset", "unknown").containsEntry("event.original", "<1>1 - host\nname - - - -")
                .containsEntry("event.id", "id-9").containsEntry("tags", List.of(EventDecoder.TAG_DECODE_FAILURE));
        assertThat(e.getString("error.message")).contains("column 11");
        assertThat(decoder.counters().count(Format.RFC5424, Outcome.FAILED)).isEqualTo(1);
        assertThat(decoder.counters().total(Outcome.FAILED)).isEqualTo(1);
    }

    @Test
    void countersSeeEveryOutcome() {
        EventDecoder decoder = new EventDecoder(DecoderConfig.defaults());
        decoder.decode(raw("<13>Nov 27 10:15:30 host1 app: x"), "1");
        decoder.decode(raw("<13>1 2026-11-27T02:00:00Z h a - - - x"), "2");
        decoder.decode(raw("<13>1 2026-11-27t02:00:00Z h a - - - x"), "3");
        decoder.decode(raw("just some words"), "4");
        decoder.decode(raw("{broken"), "5");
        DecodeCounters c = decoder.counters();
        assertThat(c.count(Format.RFC3164, Outcome.DECODED)).isEqualTo(1);
        assertThat(c.count(Format.RFC5424, Outcome.DECODED)).isEqualTo(1);
        assertThat(c.count(Format.RFC5424, Outcome.UNPARSED)).isEqualTo(1);
        assertThat(c.count(Format.PLAIN, Outcome.UNRECOGNISED)).isEqualTo(1);
        assertThat(c.count(Format.JSON, Outcome.FAILED)).isEqualTo(1);
        assertThat(c.total()).isEqualTo(5);
        assertThat(c.snapshot()).containsEntry("rfc5424.unparsed", 1L).containsEntry("json.failed", 1L)
                .containsEntry("cef.decoded", 0L).doesNotContainKey("auto.decoded");
    }

    @Test
    void unrecognisedLinesAreKeptAsPlainText() {
        Event e = Decoding.decode("2026-11-27 10:15:30,123 INFO [main] started\n");
        assertThat(e.fields()).containsEntry("event.dataset", "generic.log").containsEntry("message", "2026-11-27 10:15:30,123 INFO [main] started");
        assertThat(e.hasTag(EventDecoder.TAG_UNRECOGNISED)).isTrue();
    }

    @Test
    void eachInputMayHaveItsOwnFormat() {
        DecoderConfig config = DecoderConfig.builder().format("web-logs", Format.APACHE).build();
        EventDecoder decoder = new EventDecoder(config);
        String line = "10.0.0.1 - - [27/Nov/2026:10:15:35 +0000] \"GET / HTTP/1.0\" 200 1";
        Event web = decoder.decode(new RawEvent(line.getBytes(StandardCharsets.UTF_8), 0, "p", "web-logs", "d"), "1");
        Event other = decoder.decode(new RawEvent(line.getBytes(StandardCharsets.UTF_8), 0, "p", "syslog", "d"), "2");
        assertThat(web.getString("event.dataset")).isEqualTo("apache.access");
        assertThat(other.getString("event.dataset")).isEqualTo("nginx.access");
    }

    @Test
    void fixedFormatsAcceptASyslogEnvelope() {
        Event e = Decoding.decode(Format.AUDITD, "<14>Nov 27 10:15:30 host1 audispd: node=host1 type=EXECVE msg=audit(1764209730.243:1): argc=1 a0=\"id\"");
        assertThat(e.fields()).containsEntry("event.dataset", "auditd.log").containsEntry("process.command_line", "id")
                .containsEntry("log.syslog.appname", "audispd");
    }

    @Test
    void truncatedFramesAreTagged() {
        RawEvent raw = new RawEvent("<13>Nov 27 10:15:30 host1 app: cut".getBytes(StandardCharsets.UTF_8), 0, "p", "i", "d",
                RawEvent.FLAG_TRUNCATED);
        assertThat(new EventDecoder(DecoderConfig.defaults()).decode(raw, "1").hasTag("truncated")).isTrue();
    }

    @Test
    void theConfigSurvivesJavaSerialisationAsFlinkShipsIt() throws IOException, ClassNotFoundException {
        DecoderConfig config = DecoderConfig.builder().format(Format.SYSLOG).format("cloudtrail-s3", Format.CLOUDTRAIL)
                .syslogMode(SyslogMode.STRICT).zone(ZoneId.of("Asia/Shanghai"))
                .fallbackCharset(java.nio.charset.Charset.forName("GB18030")).build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(config);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            DecoderConfig copy = (DecoderConfig) in.readObject();
            assertThat(copy).isEqualTo(config);
            assertThat(copy.formatFor("cloudtrail-s3")).isEqualTo(Format.CLOUDTRAIL);
            assertThat(copy.formatFor("other")).isEqualTo(Format.SYSLOG);
            assertThat(copy.zone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
        }
    }

    @Test
    void formatNamesReadCaseInsensitivelyAndUnknownOnesAreNamed() {
        assertThat(Format.of("RFC5424")).isEqualTo(Format.RFC5424);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Format.of("xml")))
                .hasMessageContaining("unknown format 'xml'").hasMessageContaining("rfc3164");
    }

    static RawEvent raw(String s) {
        return Decoding.raw(s.getBytes(StandardCharsets.UTF_8), Decoding.RECEIVED);
    }
}
