package org.citywall.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.citywall.crypto.KeyRing;
import org.citywall.crypto.KeyType;
import org.citywall.crypto.MasterKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash tests with a real process and a real SIGKILL: a child JVM appends from several threads
 * and prints every acknowledgement; the test kills it at a random moment, then reopens the log
 * and checks that every acknowledged record is there, unchanged, in its place, and that the log
 * still verifies. Some rounds also leave part of a record at the end of the open segment, as a
 * power cut in the middle of a write would (a killed process loses no page cache, so this is
 * the only way to produce a torn tail here): recovery must cut it off, keep it in quarantine
 * and say so.
 */
class CrashRecoveryTest {

    @TempDir
    Path dir;

    @Test
    void noAcknowledgedRecordIsLostAcrossKillsAndTornTailsAreRepairedAndReported() throws Exception {
        byte[] master = new byte[16];
        new Random(1).nextBytes(master);
        Path ringFile = dir.resolve("ring.cwk");
        KeyRing ring = KeyRing.create(ringFile, MasterKey.of(master));
        ring.create(Fixtures.KEY, KeyType.SM2_SIGNING);
        Path log = dir.resolve("log");
        Random random = new Random(42);
        Map<Long, String[]> acked = new HashMap<>();
        for (int round = 0; round < 5; round++) {
            int killAfter = 300 + random.nextInt(3000);
            Map<Long, String[]> thisRound = killChildAfter(log, ringFile, master, round, killAfter);
            assertThat(thisRound.size()).isGreaterThanOrEqualTo(killAfter);
            acked.putAll(thisRound);

            boolean tear = round % 2 == 1;
            byte[] torn = null;
            if (tear) {
                torn = partialRecord(random);
                Path active = lastSegment(log);
                Files.write(active, torn, StandardOpenOption.APPEND);
            }
            try (AuditLog reopened = AuditLog.open(Fixtures.options(log, ring))) {
                RecoveryReport rec = reopened.recovery();
                if (tear) {
                    assertThat(rec.records()).as("round %d recovery", round).isNotNull();
                    assertThat(rec.records().length()).isEqualTo(torn.length);
                    assertThat(Files.readAllBytes(rec.records().savedTo())).isEqualTo(torn);
                    assertThat(rec.notes()).anyMatch(n -> n.contains("torn tail"));
                }
                assertThat(reopened.size()).isGreaterThanOrEqualTo(acked.size());
                for (Map.Entry<Long, String[]> a : acked.entrySet()) {
                    AuditRecord r = reopened.read(a.getKey(), 1).get(0);
                    assertThat(r.requestId()).isEqualTo(a.getValue()[0]);
                    assertThat(TreeHashes.hex(r.leafHash())).isEqualTo(a.getValue()[1]);
                }
            }
            VerificationReport v = AuditVerifier.verify(log, TrustedKeys.of(ring, Fixtures.KEY));
            assertThat(v.intact()).as(v.render()).isTrue();
            assertThat(v.findings()).as(v.render()).isEmpty();
        }
    }

    /** Runs the child until it has acknowledged at least {@code n} records, then SIGKILLs it. */
    private Map<Long, String[]> killChildAfter(Path log, Path ringFile, byte[] master, int round, int n) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                CrashWriterMain.class.getName(), log.toString(), ringFile.toString(), HexFormat.of().formatHex(master),
                Integer.toString(round), "8")
                .redirectError(dir.resolve("child-" + round + ".err").toFile()).start();
        Map<Long, String[]> acked = new ConcurrentHashMap<>();
        CountDownLatch enough = new CountDownLatch(1);
        AtomicInteger count = new AtomicInteger();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    String[] f = line.split(" ");
                    if (f[0].equals("ACK")) {
                        acked.put(Long.parseLong(f[1]), new String[] {f[2], f[3]});
                        if (count.incrementAndGet() >= n) {
                            enough.countDown();
                        }
                    }
                }
            } catch (Exception ignored) {
                // the pipe closes when the child dies
            }
        });
        reader.start();
        try {
            assertThat(enough.await(120, TimeUnit.SECONDS)).as("child acknowledged %d records", n).isTrue();
        } finally {
            p.destroyForcibly(); // SIGKILL on Linux
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(p.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
        reader.join(10_000);
        return acked;
    }

    /** Part of a record line with no line feed: what a write cut short leaves. */
    private static byte[] partialRecord(Random random) {
        byte[] line = AuditRecord.of(0, java.time.Instant.parse("2026-01-01T00:00:00Z"), Fixtures.entry(random.nextInt()))
                .canonicalBytes();
        return java.util.Arrays.copyOf(line, 1 + random.nextInt(line.length - 1));
    }

    private static Path lastSegment(Path log) throws Exception {
        try (var s = Files.list(log.resolve("segments"))) {
            List<Path> segs = s.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
            return segs.get(segs.size() - 1);
        }
    }
}
