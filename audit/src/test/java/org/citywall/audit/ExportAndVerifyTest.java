package org.citywall.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.citywall.crypto.KeyRing;
import org.citywall.crypto.KeyType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportAndVerifyTest {

    @TempDir
    Path dir;

    final KeyRing ring = Fixtures.keyRing();

    @Test
    void anUntouchedExportAndLogVerifyAgainstTheTrustedKey() throws Exception {
        Path bundle = dir.resolve("out.cwab");
        try (AuditLog log = AuditLog.open(Fixtures.options(dir.resolve("log"), ring).withHeadEvery(50, Duration.ofHours(1)))) {
            for (int i = 0; i < 520; i++) {
                log.append(Fixtures.entry(i));
            }
            BundleSummary s = log.exportRange(120, 300, bundle);
            assertThat(s.fromSeq()).isEqualTo(100);
            assertThat(s.toSeq()).isEqualTo(300);
            assertThat(s.heads()).isEqualTo(5);
        }
        TrustedKeys trusted = TrustedKeys.of(ring.publicKey(Fixtures.KEY, 1));
        VerificationReport r = AuditVerifier.verify(bundle, trusted);
        assertThat(r.findings()).isEmpty();
        assertThat(r.intact()).isTrue();
        assertThat(r.records()).isEqualTo(200);
        assertThat(r.firstSeq()).isEqualTo(100);

        VerificationReport whole = AuditVerifier.verify(dir.resolve("log"), trusted);
        assertThat(whole.findings()).isEmpty();
        assertThat(whole.records()).isEqualTo(520);
    }

    @Test
    void aBundleCheckedAgainstAnotherKeyIsNotTrusted() throws Exception {
        Path bundle = dir.resolve("out.cwab");
        try (AuditLog log = AuditLog.open(Fixtures.options(dir.resolve("log"), ring))) {
            for (int i = 0; i < 20; i++) {
                log.append(Fixtures.entry(i));
            }
            log.exportRange(0, 20, bundle);
        }
        KeyRing other = Fixtures.keyRing();
        VerificationReport r = AuditVerifier.verify(bundle, TrustedKeys.of(other.publicKey(Fixtures.KEY, 1)));
        assertThat(r.intact()).isFalse();
        assertThat(r.firstAlteration().orElseThrow().kind()).isEqualTo(Finding.Kind.HEAD_UNTRUSTED_KEY);
    }

    @Test
    void headsSignedBeforeAndAfterARotationVerifyWithEachVersion() throws Exception {
        Path bundle = dir.resolve("out.cwab");
        try (AuditLog log = AuditLog.open(Fixtures.options(dir.resolve("log"), ring).withHeadEvery(10, Duration.ofHours(1)))) {
            for (int i = 0; i < 30; i++) {
                log.append(Fixtures.entry(i));
            }
            ring.rotate(Fixtures.KEY);
            for (int i = 30; i < 60; i++) {
                log.append(Fixtures.entry(i));
            }
            log.exportRange(0, 60, bundle);
            assertThat(log.heads()).extracting(SignedTreeHead::keyVersion).contains(1, 2);
        }
        assertThat(AuditVerifier.verify(bundle, TrustedKeys.of(ring, Fixtures.KEY)).intact()).isTrue();
        assertThat(AuditVerifier.verify(bundle, TrustedKeys.of(ring.publicKey(Fixtures.KEY, 1), ring.publicKey(Fixtures.KEY, 2)))
                .intact()).isTrue();
        VerificationReport onlyOld = AuditVerifier.verify(bundle, TrustedKeys.of(ring.publicKey(Fixtures.KEY, 1)));
        assertThat(onlyOld.firstAlteration().orElseThrow().kind()).isEqualTo(Finding.Kind.HEAD_UNTRUSTED_KEY);
        assertThat(onlyOld.firstAlteration().orElseThrow().message()).contains("v2");
        // the whole log directory after reopening with the rotated key
        try (AuditLog log = AuditLog.open(Fixtures.options(dir.resolve("log"), ring))) {
            assertThat(log.size()).isEqualTo(60);
        }
        assertThat(AuditVerifier.verify(dir.resolve("log"), TrustedKeys.of(ring, Fixtures.KEY)).intact()).isTrue();
    }

    @Test
    void exportByTimeCoversTheRangeAndSignsAHeadForTheNewestRecords() throws Exception {
        Path bundle = dir.resolve("out.cwab");
        MutableClock clock = new MutableClock(java.time.Instant.parse("2026-05-01T00:00:00Z"));
        try (AuditLog log = AuditLog.open(Fixtures.options(dir.resolve("log"), ring).withClock(clock)
                .withHeadEvery(1000, Duration.ofHours(1)))) {
            for (int i = 0; i < 100; i++) {
                clock.advance(Duration.ofMinutes(1));
                log.append(Fixtures.entry(i));
            }
            BundleSummary s = log.export(java.time.Instant.parse("2026-05-01T00:30:00Z"),
                    java.time.Instant.parse("2026-05-01T01:00:00Z"), bundle);
            assertThat(s.fromSeq()).isZero(); // widened down to the head at 0
            assertThat(s.toSeq()).isEqualTo(100); // a head was signed at 100 for the export
            List<AuditRecord> inRange = log.query(AuditQuery.builder().between(java.time.Instant.parse("2026-05-01T00:30:00Z"),
                    java.time.Instant.parse("2026-05-01T01:00:00Z")).build());
            assertThat(inRange).extracting(AuditRecord::seq).startsWith(29L).endsWith(58L);
        }
        assertThat(AuditVerifier.verify(bundle, TrustedKeys.of(ring.publicKey(Fixtures.KEY, 1))).intact()).isTrue();
        assertThat(Files.readAllLines(bundle).get(0)).contains("\"query\":{\"from\":\"2026-05-01T00:30:00.000000Z\"");
    }
}
