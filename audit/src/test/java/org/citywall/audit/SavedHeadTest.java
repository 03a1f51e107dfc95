package org.citywall.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.citywall.crypto.KeyRing;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Heads an auditor saved outside the machine catch what the log's own heads cannot: a log cut back
 * together with its heads, or rebuilt and re-signed by someone who holds the signing key.
 */
class SavedHeadTest {
    static final int RECORDS = 600;
    static final int SEGMENT = 200;

    @TempDir
    Path dir;
    KeyRing ring;
    TrustedKeys trusted;
    Path log;

    @BeforeEach
    void writeLog() throws Exception {
        ring = Fixtures.keyRing();
        trusted = TrustedKeys.of(ring.publicKey(Fixtures.KEY, 1));
        log = dir.resolve("log");
        write(log, -1);
    }

    private void write(Path where, int altered) throws Exception {
        try (AuditLog l = AuditLog.open(Fixtures.options(where, ring).withHeadEvery(50, Duration.ofHours(1))
                .withSegmentLimits(SEGMENT, 1L << 30, Duration.ofDays(1)))) {
            for (int i = 0; i < RECORDS; i++) {
                l.append(Fixtures.entry(i == altered ? 9_000_000 : i));
            }
        }
    }

    private Path saveLatestHead() throws Exception {
        List<String> heads = Files.readAllLines(log.resolve("heads.jsonl"));
        Path saved = dir.resolve("kept-by-the-auditor.json");
        Files.writeString(saved, heads.get(heads.size() - 1) + "\n");
        return saved;
    }

    /** Cuts the log back to {@code keep} records, its segment files and its heads alike. */
    private void cutBack(int keep) throws Exception {
        Path segments = log.resolve("segments");
        for (long first = 0; first < RECORDS; first += SEGMENT) {
            Path seg = segments.resolve(String.format("%020d.jsonl", first));
            Path seal = segments.resolve(String.format("%020d.seal.json", first));
            if (first >= keep) {
                Files.deleteIfExists(seg);
                Files.deleteIfExists(seal);
            } else if (first + SEGMENT > keep) {
                List<String> lines = Files.readAllLines(seg, StandardCharsets.UTF_8);
                LogTamperTest.write(seg, lines.subList(0, (int) (keep - first)));
                Files.deleteIfExists(seal);
            }
        }
        List<String> heads = new ArrayList<>();
        for (String h : Files.readAllLines(log.resolve("heads.jsonl"))) {
            if (SignedTreeHead.parse(h).size() <= keep) {
                heads.add(h);
            }
        }
        LogTamperTest.write(log.resolve("heads.jsonl"), heads);
        Files.deleteIfExists(log.resolve("state.json"));
    }

    @Test
    void a_log_cut_back_with_its_heads_passes_on_its_own_heads_but_not_against_a_saved_one() throws Exception {
        Path saved = saveLatestHead();
        cutBack(450);
        assertThat(AuditVerifier.verify(log, trusted).intact()).as("its own heads cannot tell").isTrue();

        VerificationReport r = AuditVerifier.verify(log, trusted, AuditVerifier.SavedHeads.read(List.of(saved)));
        assertThat(r.intact()).isFalse();
        Finding f = r.firstAlteration().orElseThrow();
        assertThat(f.kind()).isEqualTo(Finding.Kind.TRUNCATED);
        assertThat(f.record()).isEqualTo(450);
        assertThat(f.location()).contains("kept-by-the-auditor.json line 1");
        assertThat(f.message()).contains("cut back").contains("150 signed record(s)");
    }

    @Test
    void a_log_rebuilt_and_re_signed_with_the_platform_key_does_not_reproduce_a_saved_head() throws Exception {
        Path saved = saveLatestHead();
        Path rebuilt = dir.resolve("rebuilt");
        write(rebuilt, 17); // same key, one record different
        assertThat(AuditVerifier.verify(rebuilt, trusted).intact()).as("valid on its own").isTrue();
        VerificationReport r = AuditVerifier.verify(rebuilt, trusted, AuditVerifier.SavedHeads.read(List.of(saved)));
        assertThat(r.intact()).isFalse();
        assertThat(r.firstAlteration().orElseThrow().kind()).isIn(Finding.Kind.HEAD_FORGED, Finding.Kind.HEADS_INCONSISTENT,
                Finding.Kind.RECORD_MODIFIED);
    }

    @Test
    void an_intact_log_that_grew_since_reproduces_the_saved_head() throws Exception {
        List<String> heads = Files.readAllLines(log.resolve("heads.jsonl"));
        Path saved = dir.resolve("older.json");
        Files.writeString(saved, heads.get(3) + "\n" + heads.get(5) + "\n");
        VerificationReport r = AuditVerifier.verify(log, trusted, AuditVerifier.SavedHeads.read(List.of(saved)));
        assertThat(r.findings()).isEmpty();
    }

    @Test
    void a_saved_head_with_a_forged_signature_is_itself_reported() throws Exception {
        List<String> heads = Files.readAllLines(log.resolve("heads.jsonl"));
        SignedTreeHead h = SignedTreeHead.parse(heads.get(2));
        TreeHead other = new TreeHead(h.head().logId(), h.size() + 1000, h.root(), h.time());
        Path saved = dir.resolve("forged.json");
        Files.writeString(saved, new SignedTreeHead(other, h.keyId(), h.keyVersion(), h.signature()).toJson() + "\n");
        VerificationReport r = AuditVerifier.verify(log, trusted, AuditVerifier.SavedHeads.read(List.of(saved)));
        assertThat(r.firstAlteration().orElseThrow().kind()).isEqualTo(Finding.Kind.HEAD_FORGED);
    }

    @Test
    void a_file_that_holds_no_head_is_a_clear_error() throws Exception {
        Path bad = dir.resolve("notes.txt");
        Files.writeString(bad, "remember to check the log\n");
        assertThatThrownBy(() -> AuditVerifier.SavedHeads.read(List.of(bad)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("notes.txt line 1");
    }
}
