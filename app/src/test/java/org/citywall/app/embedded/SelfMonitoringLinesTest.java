package org.citywall.app.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.citywall.audit.AuditEntry;
import org.citywall.audit.AuditRecord;
import org.citywall.audit.AuditResult;
import org.citywall.detection.correlation.CorrelationSettings;
import org.citywall.detection.decode.DecoderConfig;
import org.citywall.detection.decode.EventDecoder;
import org.citywall.detection.sigma.DetectionLoop;
import org.citywall.detection.sigma.RuleSet;
import org.citywall.event.Event;
import org.citywall.event.RawEvent;
import org.junit.jupiter.api.Test;

/** The platform's audit records, fed to the detection job, fire the built-in rules written for them. */
class SelfMonitoringLinesTest {
    private static final String CONSOLE_BRUTE_FORCE = "e5a7c9e1-3f6b-4d02-a4e8-8f0a2d4e6b15";
    private static final String DECRYPT_FAILURES = "crypto_decrypt_failures";

    private final EventDecoder decoder = new EventDecoder(DecoderConfig.defaults());
    private final Instant t0 = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void onlyLogInsLogOutsAndCryptoCallsAreFed() {
        assertThat(SelfMonitoringLines.of(record(0, "alert.read", "analyst", AuditResult.SUCCESS, "10.0.0.1:5000"))).isEmpty();
        assertThat(SelfMonitoringLines.of(record(0, "console.logout", "analyst", AuditResult.SUCCESS, "10.0.0.1:5000"))).isPresent();
        assertThat(SelfMonitoringLines.of(record(0, "crypto.sign", "tax-app", AuditResult.SUCCESS, "10.0.0.2:5000"))).isPresent();
    }

    @Test
    void aLineCarriesWhoWhatWhereAndHowButNoInputDigest() {
        AuditRecord r = AuditRecord.of(7, t0, AuditEntry.builder().subject("tax-app").role("app").action("crypto.decrypt")
                .object("tax-data").result(AuditResult.FAILURE).source("[2001:db8::5]:4431").requestId("req-1")
                .detail("version", 3L).detail("input_sm3", "ab".repeat(32)).detail("error", "decryption_failed").build());
        Event e = decode(SelfMonitoringLines.of(r).orElseThrow());
        assertThat(e.get("event.action")).isEqualTo("crypto.decrypt");
        assertThat(e.get("event.outcome")).isEqualTo("failure");
        assertThat(e.get("user.name")).isEqualTo("tax-app");
        assertThat(e.get("source.ip")).isEqualTo("2001:db8::5");
        assertThat(e.get("citywall.key.id")).isEqualTo("tax-data");
        assertThat(e.get("event.reason")).isEqualTo("decryption_failed");
        assertThat(SelfMonitoringLines.of(r).orElseThrow()).doesNotContain("ab".repeat(32));
    }

    @Test
    void fiveFailedConsoleLogInsFromOneAddressRaiseTheConsoleBruteForceAlert() throws Exception {
        assertThat(run(logIns("198.51.100.4", AuditResult.FAILURE, AuditResult.FAILURE, AuditResult.FAILURE,
                AuditResult.FAILURE, AuditResult.FAILURE))).contains(CONSOLE_BRUTE_FORCE);
    }

    @Test
    void fourFailuresAndASuccessRaiseNothing() throws Exception {
        assertThat(run(logIns("198.51.100.5", AuditResult.FAILURE, AuditResult.FAILURE, AuditResult.FAILURE,
                AuditResult.FAILURE, AuditResult.SUCCESS))).doesNotContain(CONSOLE_BRUTE_FORCE);
    }

    /** Console log-ins from {@code ip}, five seconds apart, ending as given. */
    private List<AuditRecord> logIns(String ip, AuditResult... results) {
        List<AuditRecord> out = new ArrayList<>();
        for (int i = 0; i < results.length; i++) {
            out.add(record(i * 5, "console.login", i % 2 == 0 ? "admin" : "root", results[i], ip + ":" + (40000 + i)));
        }
        return out;
    }

    @Test
    void repeatedDecryptionFailuresOfOneApplicationRaiseTheirAlert() throws Exception {
        List<AuditRecord> records = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            records.add(record(i * 10, "crypto.decrypt", "stolen-app", AuditResult.FAILURE, "10.9.9.9:1000"));
        }
        RuleSet pack = RuleSet.builder().addBuiltInPack().build();
        String decryptRule = pack.correlations().stream().filter(c -> c.origin().contains(DECRYPT_FAILURES))
                .map(c -> c.id()).findFirst().orElseThrow();
        assertThat(run(records)).contains(decryptRule);
    }

    private List<String> run(List<AuditRecord> records) throws Exception {
        DetectionLoop loop = new DetectionLoop(RuleSet.builder().addBuiltInPack().build(), CorrelationSettings.DEFAULT, 0);
        List<String> fired = new ArrayList<>();
        for (AuditRecord r : records) {
            DetectionLoop.Output out = loop.process(decode(SelfMonitoringLines.of(r).orElseThrow()));
            out.correlations().forEach(c -> fired.add(c.ruleId()));
        }
        loop.finish().forEach(c -> fired.add(c.ruleId()));
        return fired;
    }

    private Event decode(String line) {
        return decoder.decode(new RawEvent(line.getBytes(StandardCharsets.UTF_8), t0.toEpochMilli(), "127.0.0.1:0",
                SelfMonitoringFeed.INPUT, "province"), "e-" + line.hashCode());
    }

    private AuditRecord record(int second, String action, String subject, AuditResult result, String source) {
        return AuditRecord.of(second, t0.plusSeconds(second), AuditEntry.builder().subject(subject).action(action)
                .result(result).source(source).requestId("r" + second).build());
    }
}
