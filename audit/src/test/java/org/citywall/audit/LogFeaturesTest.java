package org.citywall.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.citywall.crypto.EnvelopeEncryption;
import org.citywall.crypto.KeyRing;
import org.citywall.crypto.KeyType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Queries, proofs against signed heads, timed heads, retention into archives, read-only access. */
class LogFeaturesTest {

    @TempDir
    Path dir;

    final KeyRing ring = Fixtures.keyRing();
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void queriesFilterByEveryCriterionAndPage() throws Exception {
        try (AuditLog log = AuditLog.open(Fixtures.options(dir, ring).withClock(clock))) {
            for (int i = 0; i < 600; i++) {
                clock.advance(Duration.ofSeconds(1));
                log.append(Fixtures.entry(i));
            }
            List<AuditRecord> all = log.read(0, 600);
            AuditRecord probe = all.get(321);
            assertThat(log.query(AuditQuery.builder().subject(probe.subject()).action(probe.action()).object(probe.object())
                    .result(probe.result()).domain(probe.domain()).limit(10).build())).containsExactly(probe);
            List<AuditRecord> crypto = log.query(AuditQuery.builder().action("crypto.*").limit(AuditQuery.MAX_LIMIT).build());
            assertThat(crypto).isNotEmpty().allMatch(r -> r.action().startsWith("crypto."))
                    .hasSize((int) all.stream().filter(r -> r.action().startsWith("crypto.")).count());
            Instant from = all.get(100).time();
            Instant to = all.get(200).time();
            assertThat(log.query(AuditQuery.builder().between(from, to).limit(1000).build()))
                    .extracting(AuditRecord::seq).containsExactlyElementsOf(java.util.stream.LongStream.range(100, 200).boxed().toList());
            List<AuditRecord> page1 = log.query(AuditQuery.builder().result(AuditResult.DENIED).limit(50).build());
            List<AuditRecord> page2 = log.query(AuditQuery.builder().result(AuditResult.DENIED).limit(50)
                    .fromSeq(page1.get(49).seq() + 1).build());
            assertThat(page2.get(0).seq()).isGreaterThan(page1.get(49).seq());
            assertThatThrownBy(() -> AuditQuery.builder().between(to, from).build()).hasMessageContaining("empty");
        }
    }

    @Test
    void everyRecordHasAnInclusionProofToEverySignedHeadAndHeadsAreConsistent() throws Exception {
        try (AuditLog log = AuditLog.open(Fixtures.options(dir, ring).withHeadEvery(37, Duration.ofHours(1)))) {
            for (int i = 0; i < 300; i++) {
                log.append(Fixtures.entry(i));
            }
            List<SignedTreeHead> heads = log.heads();
            for (SignedTreeHead h : heads) {
                for (long seq = 0; seq < h.size(); seq += 7) {
                    InclusionProof p = log.inclusionProof(seq, h.size());
                    byte[] leaf = log.read(seq, 1).get(0).leafHash();
                    assertThat(p.verify(leaf, h.root())).isTrue();
                    assertThat(Rfc9162Reference.verifyInclusion(seq, h.size(), leaf, p.path(), h.root())).isTrue();
                }
            }
            for (int a = 1; a < heads.size(); a++) {
                for (int b = a + 1; b < heads.size(); b++) {
                    ConsistencyProof p = log.consistencyProof(heads.get(a).size(), heads.get(b).size());
                    assertThat(p.verify(heads.get(a).root(), heads.get(b).root())).isTrue();
                    assertThat(Rfc9162Reference.verifyConsistency(p.oldSize(), p.newSize(), heads.get(a).root(), heads.get(b).root(),
                            p.path())).isTrue();
                }
            }
        }
    }

    @Test
    void aHeadIsSignedAfterTSecondsEvenWithFewRecords() throws Exception {
        try (AuditLog log = AuditLog.open(Fixtures.options(dir, ring).withHeadEvery(1_000_000, Duration.ofMillis(100)))) {
            log.append(Fixtures.entry(1));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> log.latestHead().size() == 1);
            assertThat(log.latestHead().verify(ring.publicKey(Fixtures.KEY, 1))).isTrue();
        }
    }

    @Test
    void retentionMovesOnlyExpiredClosedSegmentsIntoVerifiedEncryptedArchives() throws Exception {
        ring.create("audit-archive", KeyType.SM4_GCM);
        EnvelopeEncryption enc = new EnvelopeEncryption(ring, "audit-archive");
        AuditLog.Options opts = Fixtures.options(dir, ring).withClock(clock).withArchiveEncryption(enc)
                .withSegmentLimits(1_000_000, 1L << 30, Duration.ofDays(1));
        try (AuditLog log = AuditLog.open(opts)) {
            for (int day = 0; day < 4; day++) {
                for (int i = 0; i < 50; i++) {
                    clock.advance(Duration.ofMinutes(20));
                    log.append(Fixtures.entry(day * 100L + i));
                }
            }
            long before = log.size();
            assertThat(log.enforceRetention()).isEmpty(); // nothing is 180 days old yet
            clock.advance(Duration.ofDays(180).minusHours(20));
            List<BundleSummary> archived = log.enforceRetention();
            assertThat(archived).isNotEmpty();
            long liveStart = log.liveStart();
            assertThat(liveStart).isEqualTo(archived.get(archived.size() - 1).toSeq());
            for (BundleSummary b : archived) {
                assertThat(b.file().getFileName().toString()).endsWith(".cwab.enc");
                assertThat(AuditVerifier.isEncrypted(b.file())).isTrue();
                VerificationReport r = AuditVerifier.verifyArchive(b.file(), enc, TrustedKeys.of(ring, Fixtures.KEY));
                assertThat(r.findings()).isEmpty();
                assertThat(r.records()).isEqualTo(b.records());
            }
            List<AuditRecord> notes = log.query(AuditQuery.builder().action("audit.archive").build());
            assertThat(notes).hasSize(archived.size());
            assertThat(notes.get(0).details()).containsEntry("from", 0L).containsEntry("encrypted", true)
                    .containsEntry("sm3", archived.get(0).sm3());
            assertThat(log.size()).isEqualTo(before + archived.size());
            assertThatThrownBy(() -> log.read(0, 1)).hasMessageContaining("archives");
            // records younger than the retention period are all still live
            assertThat(log.read(liveStart, 1).get(0).time()).isAfterOrEqualTo(clock.instant().minus(Duration.ofDays(180)).minus(Duration.ofDays(1)));
        }
        // the live log still verifies: its missing prefix is accounted for by the archive records
        assertThat(AuditVerifier.verify(dir, TrustedKeys.of(ring, Fixtures.KEY)).findings()).isEmpty();
        try (AuditLog log = AuditLog.open(opts)) {
            assertThat(log.recovery().clean()).isTrue();
        }
    }

    @Test
    void aDeletedOrReplacedArchiveIsNamedByTheVerifierOfTheLiveLog() throws Exception {
        AuditLog.Options opts = Fixtures.options(dir, ring).withClock(clock).withSegmentLimits(1_000_000, 1L << 30, Duration.ofDays(1));
        List<BundleSummary> archived;
        try (AuditLog log = AuditLog.open(opts)) {
            for (int day = 0; day < 4; day++) {
                for (int i = 0; i < 50; i++) {
                    clock.advance(Duration.ofMinutes(30));
                    log.append(Fixtures.entry(day * 100L + i));
                }
            }
            clock.advance(Duration.ofDays(181));
            archived = log.enforceRetention();
        }
        assertThat(archived).hasSizeGreaterThanOrEqualTo(2);
        TrustedKeys keys = TrustedKeys.of(ring, Fixtures.KEY);
        assertThat(AuditVerifier.verify(dir, keys).findings()).isEmpty();

        // an archive replaced by another valid, signed archive of the same log is still caught: the digest differs
        Path first = archived.get(0).file();
        Path second = archived.get(1).file();
        byte[] original = Files.readAllBytes(first);
        Files.copy(second, first, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        VerificationReport replaced = AuditVerifier.verify(dir, keys);
        assertThat(replaced.intact()).isFalse();
        assertThat(replaced.findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Finding.Kind.ARCHIVE_ALTERED);
            assertThat(f.describe()).contains(first.getFileName().toString());
        });

        Files.write(first, original);
        Files.delete(second);
        VerificationReport deleted = AuditVerifier.verify(dir, keys);
        assertThat(deleted.intact()).isFalse();
        assertThat(deleted.findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Finding.Kind.ARCHIVE_MISSING);
            assertThat(f.describe()).contains(second.getFileName().toString());
        });
    }

    @Test
    void retentionBelowSixMonthsIsRefused() {
        assertThatThrownBy(() -> Fixtures.options(dir, ring).withRetention(Duration.ofDays(90)))
                .hasMessageContaining("at least 180 days");
    }

    @Test
    void aReadOnlyOpenSeesDurableRecordsWhileTheWriterRuns() throws Exception {
        try (AuditLog log = AuditLog.open(Fixtures.options(dir, ring))) {
            for (int i = 0; i < 40; i++) {
                log.append(Fixtures.entry(i));
            }
            log.signHead();
            try (AuditLog reader = AuditLog.openReadOnly(dir)) {
                assertThat(reader.size()).isEqualTo(40);
                assertThat(reader.read(0, 40)).hasSize(40);
                assertThatThrownBy(() -> reader.append(Fixtures.entry(99))).isInstanceOf(AuditUnavailableException.class)
                        .hasMessageContaining("read-only");
            }
        }
    }
}
