package org.citywall.detection.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import org.citywall.event.Event;
import org.junit.jupiter.api.Test;

/** BSD syslog as real devices send it: what each variant yields, and what strict mode rejects. */
class Rfc3164VariantsTest {

    static Event at(String receivedAt, String line) {
        return Decoding.decode(DecoderConfig.defaults(), line.getBytes(StandardCharsets.UTF_8), Instant.parse(receivedAt));
    }

    static Event strict(String line) {
        return Decoding.decode(DecoderConfig.builder().format(Format.RFC3164).syslogMode(SyslogMode.STRICT).build(), line);
    }

    @Test
    void decemberLogsReceivedInJanuaryBelongToTheOldYear() {
        Event e = at("2027-01-01T00:00:05Z", "<13>Dec 31 23:59:58 host1 app: late");
        assertThat(e.getString("@timestamp")).isEqualTo("2026-12-31T23:59:58Z");
        assertThat(e.getString("event.timezone")).isEqualTo("UTC");
    }

    @Test
    void aSenderWhoseClockRunsAheadIntoJanuaryGetsTheNewYear() {
        Event e = at("2026-12-31T23:59:50Z", "<13>Jan  1 00:00:03 host1 app: early");
        assertThat(e.getString("@timestamp")).isEqualTo("2027-01-01T00:00:03Z");
    }

    @Test
    void linesReplayedMonthsLaterStayInTheirOwnYear() {
        // a January file sent in late November is from this January, not the next one
        Event e = at("2026-11-28T09:00:00Z", "<13>Jan 15 08:00:00 host1 app: from a replayed file");
        assertThat(e.getString("@timestamp")).isEqualTo("2026-01-15T08:00:00Z");
    }

    @Test
    void aClockAFewDaysAheadKeepsItsYear() {
        Event e = at("2026-06-01T00:00:00Z", "<13>Jun  3 00:00:00 host1 app: fast clock");
        assertThat(e.getString("@timestamp")).isEqualTo("2026-06-03T00:00:00Z");
    }

    @Test
    void february29thGoesToTheNearestLeapYear() {
        Event e = at("2029-01-10T00:00:00Z", "<13>Feb 29 12:00:00 host1 app: leap");
        assertThat(e.getString("@timestamp")).isEqualTo("2028-02-29T12:00:00Z");
    }

    @Test
    void yearLessTimesAreReadInTheConfiguredZone() {
        DecoderConfig shanghai = DecoderConfig.builder().zone(ZoneId.of("Asia/Shanghai")).build();
        Event e = Decoding.decode(shanghai, "<13>Nov 27 10:15:30 host1 app: x".getBytes(StandardCharsets.UTF_8), Decoding.RECEIVED);
        assertThat(e.getString("@timestamp")).isEqualTo("2026-11-27T02:15:30Z");
        assertThat(e.getString("event.timezone")).isEqualTo("Asia/Shanghai");
    }

    @Test
    void isoTimestampsWithOffsets() {
        Event e = Decoding.decode("<14>2026-11-27T10:15:30.123456+08:00 web-01 nginx[12]: hello");
        assertThat(e.fields()).containsEntry("@timestamp", "2026-11-27T02:15:30.123456Z")
                .containsEntry("host.name", "web-01").containsEntry("log.syslog.appname", "nginx")
                .containsEntry("process.pid", 12L).containsEntry("message", "hello").doesNotContainKey("event.timezone");
    }

    @Test
    void missingPriMissingHostAndTagWithoutPid() {
        Event e = Decoding.decode("Nov 27 10:15:30 CRON[29311]: (root) CMD (backup)");
        assertThat(e.fields()).doesNotContainKey("log.syslog.priority").doesNotContainKey("host.name")
                .containsEntry("log.syslog.appname", "CRON").containsEntry("log.syslog.procid", "29311")
                .containsEntry("message", "(root) CMD (backup)");
        Event noPid = Decoding.decode("<13>Nov 27 10:15:30 host1 kernel: eth0 link up");
        assertThat(noPid.fields()).containsEntry("log.syslog.appname", "kernel").doesNotContainKey("log.syslog.procid")
                .containsEntry("message", "eth0 link up");
    }

    @Test
    void noTimestampButHostAndTag() {
        Event e = Decoding.decode("<13>host1 app[1]: x");
        assertThat(e.fields()).containsEntry("host.name", "host1").containsEntry("log.syslog.appname", "app")
                .containsEntry("@timestamp", "2026-11-27T02:00:00Z");
    }

    @Test
    void ciscoIosSequenceNumbersUnsyncedClockAndMnemonics() {
        Event e = at("2026-03-05T00:00:00Z", "<189>1250: *Mar  1 00:43:47.935: %SYS-5-CONFIG_I: Configured from console by console");
        assertThat(e.fields()).containsEntry("@timestamp", "2026-03-01T00:43:47.935Z").containsEntry("event.code", "SYS-5-CONFIG_I")
                .containsEntry("message", "Configured from console by console").doesNotContainKey("host.name");
        Event utc = at("2026-02-11T00:00:00Z", "<190>47: Feb 10 03:45:12.123 UTC: %SEC-6-IPACCESSLOGP: list 101 denied tcp 10.1.1.1(1234) -> 10.2.2.2(22), 1 packet");
        assertThat(utc.fields()).containsEntry("@timestamp", "2026-02-10T03:45:12.123Z").containsEntry("event.code", "SEC-6-IPACCESSLOGP");
    }

    @Test
    void ciscoAsaWithAndWithoutTimestamp() {
        Event bare = Decoding.decode("<166>%ASA-6-302013: Built outbound TCP connection 1 for outside:203.0.113.5/443 (203.0.113.5/443) to inside:10.0.0.5/51234 (10.0.0.5/51234)");
        assertThat(bare.fields()).containsEntry("event.code", "ASA-6-302013").doesNotContainKey("host.name")
                .containsEntry("log.syslog.priority", 166L);
        assertThat(bare.getString("message")).startsWith("Built outbound TCP connection");
        Event stamped = Decoding.decode("<166>Jul 06 2020 20:33:28 fw01 : %ASA-4-106023: Deny tcp src outside:198.51.100.1/4444 dst inside:10.0.0.5/22");
        assertThat(stamped.fields()).containsEntry("@timestamp", "2020-07-06T20:33:28Z").containsEntry("host.name", "fw01")
                .containsEntry("event.code", "ASA-4-106023");
    }

    @Test
    void huaweiAndH3cHeaders() {
        Event huawei = Decoding.decode("<190>Jan 12 2026 10:00:00+08:00 HUAWEI %%01SHELL/5/CMDRECORD(s)[0]:Recorded command information. (Task=VT0, Ip=10.1.1.1, User=admin, Command=\"display current\")");
        assertThat(huawei.fields()).containsEntry("@timestamp", "2026-01-12T02:00:00Z").containsEntry("host.name", "HUAWEI")
                .containsEntry("event.code", "01SHELL/5/CMDRECORD(s)[0]");
        assertThat(huawei.getString("message")).startsWith("Recorded command information.");
        Event h3c = Decoding.decode("<189>Jan 12 10:00:00:123 2026 H3C %%10SHELL/5/SHELL_LOGIN(l): VTY logged in from 10.1.1.1.");
        assertThat(h3c.fields()).containsEntry("@timestamp", "2026-01-12T10:00:00.123Z").containsEntry("host.name", "H3C")
                .containsEntry("event.code", "10SHELL/5/SHELL_LOGIN(l)").containsEntry("message", "VTY logged in from 10.1.1.1.");
    }

    @Test
    void facilityAndSeverityNames() {
        Event e = Decoding.decode("<86>Nov 27 10:15:30 host1 sshd[1]: x");
        assertThat(e.fields()).containsEntry("log.syslog.facility.code", 10L).containsEntry("log.syslog.facility.name", "authpriv")
                .containsEntry("log.syslog.severity.code", 6L).containsEntry("log.syslog.severity.name", "Informational");
    }

    @Test
    void strictModeRequiresPriTimestampAndHostname() {
        assertThat(strict("Nov 27 10:15:30 host1 app: x").fields()).containsEntry("error.type", "rfc3164.pri")
                .containsEntry(EventDecoder.FIELD_DECODE_COLUMN, 0L);
        assertThat(strict("<13>host1 app: x").fields()).containsEntry("error.type", "rfc3164.timestamp")
                .containsEntry(EventDecoder.FIELD_DECODE_COLUMN, 4L);
        assertThat(strict("<13>Nov 27 10:15:30 app[1]: x").fields()).containsEntry("error.type", "rfc3164.hostname")
                .containsEntry(EventDecoder.FIELD_DECODE_COLUMN, 20L);
        assertThat(strict("<13>Nov 27 10:15:30 host1 app[1]: x").fields()).doesNotContainKey("error.type");
    }

    @Test
    void trailingNewlinesAndNulsAreNotPartOfTheMessage() {
        Event e = Decoding.decode("<13>Nov 27 10:15:30 host1 app: x\r\n\0");
        assertThat(e.fields()).containsEntry("message", "x").containsEntry("event.original", "<13>Nov 27 10:15:30 host1 app: x\r\n\0");
    }
}
