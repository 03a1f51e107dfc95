package org.citywall.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.citywall.crypto.KeyRing;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The records after the last signed tree head are covered by no signature yet, so recovery is
 * their only guard while the process is down: a damaged line with whole records after it, or a
 * record edited so that it no longer matches the leaf hash written when it was appended, must
 * make the log refuse to open (and be named by {@code audit verify}) rather than be cut off or
 * signed over. A torn last line, the one thing a crash leaves, is still repaired.
 */
class UnsignedTailTamperTest {

    static final int RECORDS = 10;

    @TempDir
    Path dir;
    KeyRing ring;
    Path log;
    Path segment;

    @BeforeEach
    void writeUnsignedRecords() throws Exception {
        ring = Fixtures.keyRing();
        log = dir.resolve("log");
        try (AuditLog l = AuditLog.open(options())) {
            for (int i = 0; i < RECORDS; i++) {
                l.append(Fixtures.entry(i));
            }
        }
        // a clean close signs a head over everything; a killed process leaves the records after
        // the last head unsigned, as dropping that closing head here does
        Path heads = log.resolve("heads.jsonl");
        List<String> headLines = Files.readAllLines(heads, StandardCharsets.UTF_8);
        Files.write(heads, (headLines.get(0) + "\n").getBytes(StandardCharsets.UTF_8));
        segment = log.resolve("segments").resolve(String.format("%020d.jsonl", 0L));
        VerificationReport v = verify();
        assertThat(v.findings()).as(v.render()).allMatch(f -> f.kind() == Finding.Kind.UNSIGNED_TAIL);
        assertThat(v.findings()).as("the records are past the last signed head").isNotEmpty();
    }

    private AuditLog.Options options() {
        return Fixtures.options(log, ring).withHeadEvery(1_000, Duration.ofHours(1));
    }

    private VerificationReport verify() throws Exception {
        return AuditVerifier.verify(log, TrustedKeys.of(ring.publicKey(Fixtures.KEY, 1)));
    }

    private List<String> lines() throws Exception {
        return new ArrayList<>(Files.readAllLines(segment, StandardCharsets.UTF_8));
    }

    private void write(List<String> lines) throws Exception {
        Files.write(segment, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aBadLineWithWholeRecordsAfterItRefusesToOpenAndNothingIsCut() throws Exception {
        List<String> lines = lines();
        lines.set(4, "{\"garbage\":");
        write(lines);
        long before = Files.size(segment);

        assertThatThrownBy(() -> AuditLog.open(options()).close())
                .isInstanceOf(AuditLogCorruptedException.class)
                .hasMessageContaining("00000000000000000000.jsonl")
                .hasMessageContaining("line 5")
                .hasMessageContaining("seq 4")
                .hasMessageContaining("byte ");
        assertThatThrownBy(() -> AuditLog.openReadOnly(log).close()).isInstanceOf(AuditLogCorruptedException.class);
        assertThat(Files.size(segment)).as("no acknowledged record was cut").isEqualTo(before);
        assertThat(log.resolve("quarantine")).doesNotExist();

        VerificationReport v = verify();
        assertThat(v.intact()).as(v.render()).isFalse();
        assertThat(v.findings()).as(v.render()).anyMatch(f -> f.kind().isAlteration() && f.record() == 4
                && f.location().contains("00000000000000000000.jsonl line 5"));
    }

    @Test
    void aTornLastLineIsStillRepairedAndQuarantined() throws Exception {
        byte[] torn = "{\"seq\":10,\"time\":\"20".getBytes(StandardCharsets.UTF_8);
        Files.write(segment, torn, StandardOpenOption.APPEND);
        try (AuditLog l = AuditLog.open(options())) {
            assertThat(l.size()).isEqualTo(RECORDS);
            assertThat(l.recovery().records()).isNotNull();
            assertThat(Files.readAllBytes(l.recovery().records().savedTo())).isEqualTo(torn);
        }
        assertThat(verify().intact()).isTrue();
    }

    @Test
    void aRecordEditedAfterTheLastHeadRefusesToOpenInsteadOfBeingSigned() throws Exception {
        List<String> lines = lines();
        AuditRecord r = AuditRecord.parse(lines.get(7).getBytes(StandardCharsets.UTF_8));
        lines.set(7, AuditRecord.of(r.seq(), r.time(), new AuditEntry("mallory", r.role(), r.domain(), r.action(),
                r.object(), r.result(), r.source(), r.requestId(), r.details())).toJson());
        write(lines);
        byte[] headsBefore = Files.readAllBytes(log.resolve("heads.jsonl"));

        assertThatThrownBy(() -> AuditLog.open(options()).close())
                .isInstanceOf(AuditLogCorruptedException.class)
                .hasMessageContaining("record 7");
        assertThat(Files.readAllBytes(log.resolve("heads.jsonl"))).as("no head was signed over the edit").isEqualTo(headsBefore);

        VerificationReport v = verify();
        assertThat(v.intact()).as(v.render()).isFalse();
        assertThat(v.findings()).as(v.render())
                .anyMatch(f -> f.kind() == Finding.Kind.RECORD_MODIFIED && f.record() == 7
                        && f.location().contains("00000000000000000000.jsonl line 8"));
    }

    @Test
    void anAllZeroLeafHashAfterTheLastHeadIsAPowerCutsLostPageAndIsRecomputed() throws Exception {
        Path leaves = log.resolve("leaves");
        byte[] cache = Files.readAllBytes(leaves);
        byte[] original = java.util.Arrays.copyOfRange(cache, 7 * TreeHashes.LENGTH, 8 * TreeHashes.LENGTH);
        java.util.Arrays.fill(cache, 7 * TreeHashes.LENGTH, 8 * TreeHashes.LENGTH, (byte) 0);
        Files.write(leaves, cache);
        assertThat(verify().findings()).allMatch(f -> !f.kind().isAlteration());

        try (AuditLog l = AuditLog.open(options())) {
            assertThat(l.size()).isEqualTo(RECORDS);
            assertThat(l.recovery().notes()).anyMatch(n -> n.contains("recomputed"));
        }
        assertThat(java.util.Arrays.copyOfRange(Files.readAllBytes(leaves), 7 * TreeHashes.LENGTH, 8 * TreeHashes.LENGTH))
                .isEqualTo(original);
        assertThat(verify().intact()).isTrue();
    }
}
