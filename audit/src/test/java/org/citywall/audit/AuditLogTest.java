package org.citywall.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.citywall.crypto.KeyRing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {

    @TempDir
    Path dir;

    final KeyRing ring = Fixtures.keyRing();

    @Test
    void appendedRecordsReadBackInOrderWithTheirSeqAndLeafHash() throws Exception {
        try (AuditLog log = AuditLog.open(Fixtures.options(dir, ring))) {
            for (int i = 0; i < 10; i++) {
                Receipt r = log.append(Fixtures.entry(i));
                assertThat(r.seq()).isEqualTo(i);
            }
            List<AuditRecord> back = log.read(0, 100);
            assertThat(back).hasSize(10);
            for (int i = 0; i < 10; i++) {
                assertThat(back.get(i).seq()).isEqualTo(i);
                assertThat(back.get(i).entry()).isEqualTo(Fixtures.entry(i));
                assertThat(log.leafHash(i)).isEqualTo(back.get(i).leafHash());
            }
        }
    }

    @Test
    void reopeningKeepsEveryRecordAndSignsAHeadAtClose() throws Exception {
        try (AuditLog log = AuditLog.open(Fixtures.options(dir, ring))) {
            for (int i = 0; i < 25; i++) {
                log.append(Fixtures.entry(i));
            }
        }
        try (AuditLog log = AuditLog.open(Fixtures.options(dir, ring))) {
            assertThat(log.recovery().clean()).isTrue();
            assertThat(log.size()).isEqualTo(25);
            assertThat(log.latestHead().size()).isEqualTo(25);
            assertThat(log.latestHead().verify(ring.publicKey(Fixtures.KEY, 1))).isTrue();
            assertThat(log.latestHead().root()).isEqualTo(log.root(25));
            assertThat(log.append(Fixtures.entry(25)).seq()).isEqualTo(25);
        }
    }

    @Test
    void headsAreSignedEveryNRecords() throws Exception {
        try (AuditLog log = AuditLog.open(Fixtures.options(dir, ring).withHeadEvery(10, Duration.ofHours(1)))) {
            for (int i = 0; i < 35; i++) {
                log.append(Fixtures.entry(i));
            }
            assertThat(log.heads()).extracting(SignedTreeHead::size).containsExactly(0L, 10L, 20L, 30L);
        }
    }

    @Test
    void aSecondWriterIsRefused() throws Exception {
        try (AuditLog log = AuditLog.open(Fixtures.options(dir, ring))) {
            assertThatThrownBy(() -> AuditLog.open(Fixtures.options(dir, ring)))
                    .hasMessageContaining("already open for writing");
            assertThat(log.append(Fixtures.entry(0)).seq()).isZero(); // the first writer is unaffected
        }
    }

    @Test
    void segmentsRollAtTheirLimitAndEachEndsAtASignedHead() throws Exception {
        try (AuditLog log = AuditLog.open(Fixtures.options(dir, ring).withSegmentLimits(100, 1 << 30, Duration.ofDays(1)))) {
            for (int i = 0; i < 250; i++) {
                log.append(Fixtures.entry(i));
            }
            assertThat(log.heads()).extracting(SignedTreeHead::size).contains(100L, 200L);
            assertThat(log.read(95, 10)).extracting(AuditRecord::seq).containsExactly(95L, 96L, 97L, 98L, 99L, 100L, 101L, 102L, 103L, 104L);
        }
        assertThat(Files.list(dir.resolve("segments")).map(p -> p.getFileName().toString()).sorted())
                .containsExactly("00000000000000000000.jsonl", "00000000000000000000.seal.json",
                        "00000000000000000100.jsonl", "00000000000000000100.seal.json", "00000000000000000200.jsonl");
        try (AuditLog log = AuditLog.open(Fixtures.options(dir, ring))) {
            assertThat(log.size()).isEqualTo(250);
            assertThat(log.recovery().clean()).isTrue();
        }
    }
}
