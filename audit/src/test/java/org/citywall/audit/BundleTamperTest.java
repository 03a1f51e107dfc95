package org.citywall.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.citywall.crypto.KeyRing;
import org.citywall.crypto.Sm2PrivateKey;

/**
 * Mutation testing of exported bundles: every kind of tampering, at random positions, must be
 * detected, and the first finding must name what was done and where.
 */
class BundleTamperTest {

    // heads far enough apart that most 256-record blocks hold none, so the verifier's one-step block folding is exercised
    static final int RECORDS = 2000;
    static final int HEAD_EVERY = 600;
    static Path dir;
    static KeyRing ring;
    static List<String> lines;
    static int marker;
    static TrustedKeys trusted;

    @BeforeContainer
    static void exportOnce() throws Exception {
        dir = Files.createTempDirectory("bundle-tamper");
        ring = Fixtures.keyRing();
        try (AuditLog log = AuditLog.open(Fixtures.options(dir.resolve("log"), ring).withHeadEvery(HEAD_EVERY, Duration.ofHours(1)))) {
            for (int i = 0; i < RECORDS; i++) {
                log.append(Fixtures.entry(i));
            }
            log.exportRange(0, RECORDS, dir.resolve("b.cwab"));
        }
        lines = Files.readAllLines(dir.resolve("b.cwab"), StandardCharsets.UTF_8);
        marker = lines.indexOf("{\"records\":" + RECORDS + "}");
        trusted = TrustedKeys.of(ring.publicKey(Fixtures.KEY, 1));
        assertThat(verify(lines).findings()).isEmpty();
    }

    @AfterContainer
    static void cleanUp() throws Exception {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    enum Tamper { MODIFY_FIELD, FLIP_BYTE, DELETE, INSERT_FORGED, INSERT_COPY, SWAP_ADJACENT, MOVE_LATER, TRUNCATE_BYTES,
        DELETE_WITH_ITS_LEAF, MODIFY_WITH_ITS_LEAF, FORGE_HEAD_FIELD, RESIGN_HEAD_WITH_OTHER_KEY, REPLACE_KEY_AND_RESIGN_ALL }

    @Property(tries = 520)
    void everyTamperingIsDetectedAndLocated(@ForAll Tamper tamper, @ForAll @IntRange(min = 0, max = RECORDS - 1) int i,
                                            @ForAll @IntRange(min = 0, max = 1_000_000) int salt) throws Exception {
        List<String> b = new ArrayList<>(lines);
        long expectRecord = i;
        int expectHead = -1;
        Finding.Kind expect;
        switch (tamper) {
            case MODIFY_FIELD -> {
                AuditRecord r = record(b, i);
                b.set(line(i), AuditRecord.of(r.seq(), r.time(), new AuditEntry("mallory", r.role(), r.domain(), r.action(),
                        r.object(), r.result(), r.source(), r.requestId(), r.details())).toJson());
                expect = Finding.Kind.RECORD_MODIFIED;
            }
            case FLIP_BYTE -> {
                byte[] bytes = b.get(line(i)).getBytes(StandardCharsets.UTF_8);
                int at = salt % bytes.length;
                bytes[at] = (byte) (bytes[at] == 'x' ? 'y' : 'x');
                b.set(line(i), new String(bytes, StandardCharsets.ISO_8859_1).equals(b.get(line(i))) ? "{}" : ascii(bytes));
                expect = Finding.Kind.RECORD_MODIFIED;
            }
            case DELETE -> {
                b.remove(line(i));
                expect = i == RECORDS - 1 ? Finding.Kind.TRUNCATED : Finding.Kind.RECORD_DELETED;
            }
            case INSERT_FORGED -> {
                AuditRecord r = record(b, i);
                b.add(line(i), AuditRecord.of(i, r.time(), Fixtures.entry(1_000_000 + salt)).toJson());
                expect = Finding.Kind.RECORD_INSERTED;
            }
            case INSERT_COPY -> {
                if (i == 0) {
                    return;
                }
                b.add(line(i), b.get(line(salt % i)));
                expect = Finding.Kind.RECORD_INSERTED;
            }
            case SWAP_ADJACENT -> {
                if (i == RECORDS - 1) {
                    return;
                }
                String t = b.get(line(i));
                b.set(line(i), b.get(line(i + 1)));
                b.set(line(i + 1), t);
                expect = Finding.Kind.RECORDS_REORDERED;
            }
            case MOVE_LATER -> {
                int d = 2 + salt % 19;
                if (i + d >= RECORDS) {
                    return;
                }
                String moved = b.remove(line(i));
                b.add(line(i + d), moved);
                expect = Finding.Kind.RECORDS_REORDERED;
            }
            case TRUNCATE_BYTES -> {
                String cut = b.get(line(i)).substring(0, salt % b.get(line(i)).length());
                b = new ArrayList<>(b.subList(0, line(i)));
                byte[] head = (String.join("\n", b) + "\n" + cut).getBytes(StandardCharsets.UTF_8);
                assertLocated(verifyBytes(head), Finding.Kind.TRUNCATED, i, -1, tamper);
                return;
            }
            case DELETE_WITH_ITS_LEAF -> {
                b.remove(line(i));
                removeLeaf(b, i);
                expect = i == RECORDS - 1 ? Finding.Kind.TRUNCATED : Finding.Kind.RECORD_DELETED;
            }
            case MODIFY_WITH_ITS_LEAF -> {
                AuditRecord r = record(b, i);
                AuditRecord forged = AuditRecord.of(r.seq(), r.time(), new AuditEntry(r.subject(), r.role(), r.domain(), r.action(),
                        "alert/forged", r.result(), r.source(), r.requestId(), r.details()));
                b.set(line(i), forged.toJson());
                setLeaf(b, i, forged.leafHash());
                // a consistent record and leaf list: only the signed heads can tell, so the finding names their span
                expect = Finding.Kind.RECORD_MODIFIED;
                expectRecord = (long) i / HEAD_EVERY * HEAD_EVERY;
            }
            case FORGE_HEAD_FIELD -> {
                int h = 1 + salt % (RECORDS / HEAD_EVERY);
                int at = headLine(b, h);
                SignedTreeHead sth = SignedTreeHead.parse(unwrap(b.get(at), "head"));
                TreeHead forged = switch (salt % 3) {
                    case 0 -> new TreeHead(sth.head().logId(), sth.size(), record(b, 0).leafHash(), sth.time());
                    case 1 -> new TreeHead(sth.head().logId(), sth.size() - 1, sth.root(), sth.time());
                    default -> new TreeHead(sth.head().logId(), sth.size(), sth.root(), sth.time().plusSeconds(60));
                };
                b.set(at, "{\"head\":" + new SignedTreeHead(forged, sth.keyId(), sth.keyVersion(), sth.signature()).toJson() + "}");
                expect = Finding.Kind.HEAD_FORGED;
                expectRecord = -1;
                expectHead = h;
            }
            case RESIGN_HEAD_WITH_OTHER_KEY -> {
                int h = 1 + salt % (RECORDS / HEAD_EVERY);
                int at = headLine(b, h);
                SignedTreeHead sth = SignedTreeHead.parse(unwrap(b.get(at), "head"));
                TreeHead forged = new TreeHead(sth.head().logId(), sth.size(), record(b, 0).leafHash(), sth.time());
                Sm2PrivateKey mallory = Sm2PrivateKey.generate();
                byte[] sig = mallory.sign(SignedTreeHead.signedMessage(forged, sth.keyId(), sth.keyVersion()));
                b.set(at, "{\"head\":" + new SignedTreeHead(forged, sth.keyId(), sth.keyVersion(), sig).toJson() + "}");
                expect = Finding.Kind.HEAD_FORGED;
                expectRecord = -1;
                expectHead = h;
            }
            case REPLACE_KEY_AND_RESIGN_ALL -> {
                Sm2PrivateKey mallory = Sm2PrivateKey.generate();
                for (int k = 0; k < marker; k++) {
                    if (b.get(k).startsWith("{\"key\":")) {
                        b.set(k, "{\"key\":{\"keyId\":\"" + Fixtures.KEY + "\",\"keyVersion\":1,\"publicKey\":\""
                                + Base64.getEncoder().encodeToString(mallory.publicKey().toDer()) + "\"}}");
                    } else if (b.get(k).startsWith("{\"head\":")) {
                        SignedTreeHead sth = SignedTreeHead.parse(unwrap(b.get(k), "head"));
                        byte[] sig = mallory.sign(sth.signedMessage());
                        b.set(k, "{\"head\":" + new SignedTreeHead(sth.head(), sth.keyId(), sth.keyVersion(), sig).toJson() + "}");
                    }
                }
                expect = Finding.Kind.HEAD_UNTRUSTED_KEY;
                expectRecord = -1;
                expectHead = 0;
            }
            default -> throw new IllegalStateException();
        }
        assertLocated(verify(b), expect, expectRecord, expectHead, tamper);
    }

    private static void assertLocated(VerificationReport r, Finding.Kind kind, long record, int head, Tamper tamper) {
        assertThat(r.intact()).as("%s went unnoticed", tamper).isFalse();
        Finding f = r.firstAlteration().orElseThrow();
        assertThat(f.kind()).as("%s: %s", tamper, f.describe()).isEqualTo(kind);
        assertThat(f.record()).as("%s: %s", tamper, f.describe()).isEqualTo(record);
        if (head >= 0) {
            assertThat(f.head()).as("%s: %s", tamper, f.describe()).isEqualTo(head);
        }
        assertThat(r.render()).startsWith("ALTERED");
    }

    // ------------------------------------------------------------------ bundle surgery

    static int line(int record) {
        return marker + 1 + record;
    }

    static AuditRecord record(List<String> b, int i) {
        return AuditRecord.parse(b.get(line(i)).getBytes(StandardCharsets.UTF_8));
    }

    static int headLine(List<String> b, int h) {
        int seen = 0;
        for (int k = 0; k < marker; k++) {
            if (b.get(k).startsWith("{\"head\":") && seen++ == h) {
                return k;
            }
        }
        throw new IllegalArgumentException("no head " + h);
    }

    static String unwrap(String line, String key) {
        return line.substring(("{\"" + key + "\":").length(), line.length() - 1);
    }

    static String ascii(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    static int leavesLine(List<String> b, long i) {
        for (int k = 0; k < marker; k++) {
            if (b.get(k).startsWith("{\"leaves\":")) {
                long from = Long.parseLong(b.get(k).replaceAll(".*\"from\":(\\d+).*", "$1"));
                if (i >= from && i < from + BundleWriter.LEAVES_PER_LINE) {
                    return k;
                }
            }
        }
        throw new IllegalArgumentException("no leaves line for " + i);
    }

    static void setLeaf(List<String> b, long i, byte[] hash) {
        int k = leavesLine(b, i);
        long from = Long.parseLong(b.get(k).replaceAll(".*\"from\":(\\d+).*", "$1"));
        byte[] hashes = Base64.getDecoder().decode(b.get(k).replaceAll(".*\"hashes\":\"([^\"]*)\".*", "$1"));
        System.arraycopy(hash, 0, hashes, (int) (i - from) * 32, 32);
        b.set(k, "{\"leaves\":{\"from\":" + from + ",\"hashes\":\"" + Base64.getEncoder().encodeToString(hashes) + "\"}}");
    }

    static void removeLeaf(List<String> b, long i) {
        int k = leavesLine(b, i);
        long from = Long.parseLong(b.get(k).replaceAll(".*\"from\":(\\d+).*", "$1"));
        byte[] hashes = Base64.getDecoder().decode(b.get(k).replaceAll(".*\"hashes\":\"([^\"]*)\".*", "$1"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(hashes, 0, (int) (i - from) * 32);
        out.write(hashes, (int) (i - from + 1) * 32, hashes.length - (int) (i - from + 1) * 32);
        b.set(k, "{\"leaves\":{\"from\":" + from + ",\"hashes\":\"" + Base64.getEncoder().encodeToString(out.toByteArray()) + "\"}}");
    }

    static VerificationReport verify(List<String> b) throws Exception {
        return verifyBytes((String.join("\n", b) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    static VerificationReport verifyBytes(byte[] bundle) throws Exception {
        return AuditVerifier.verifyBundle(new ByteArrayInputStream(bundle), "bundle", trusted);
    }
}
