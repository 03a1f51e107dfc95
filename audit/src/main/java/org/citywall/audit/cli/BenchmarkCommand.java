package org.citywall.audit.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.citywall.audit.AuditEntry;
import org.citywall.audit.AuditLog;
import org.citywall.audit.AuditQuery;
import org.citywall.audit.AuditRecord;
import org.citywall.audit.AuditResult;
import org.citywall.audit.AuditVerifier;
import org.citywall.audit.TreeHashes;
import org.citywall.audit.TreeHeadSigner;
import org.citywall.audit.TrustedKeys;
import org.citywall.audit.VerificationReport;
import org.citywall.crypto.KeyRing;
import org.citywall.crypto.KeyType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code citywall audit benchmark}: append throughput with durability (group commit, against a
 * one-fsync-per-record baseline) and verification speed (against bare SM3 hashing of the same
 * records), measured in one run on this machine's disk.
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
        description = {"Measure durable append throughput (group commit vs. one fsync per record) and verification",
            "speed (bundle and log directory vs. bare SM3 hashing). Writes a scratch log and deletes it."})
public final class BenchmarkCommand implements Runnable {

    static final long APPEND_TARGET = 50_000;
    static final long VERIFY_TARGET = 200_000;

    @Spec
    CommandSpec spec;

    @Option(names = "--records", defaultValue = "200000", description = "records per measurement (default: ${DEFAULT-VALUE})")
    int records;

    @Option(names = "--writers", defaultValue = "64", description = "concurrent blocking writers (default: ${DEFAULT-VALUE})")
    int writers;

    @Option(names = "--baseline-records", defaultValue = "5000", description = "records for the fsync-per-record baseline")
    int baselineRecords;

    @Option(names = "--dir", description = "scratch directory on the disk to measure (default: a temporary directory)")
    Path dir;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            Path base = dir != null ? Files.createDirectories(dir).resolve("audit-bench-" + System.nanoTime())
                    : Files.createTempDirectory("audit-bench");
            try {
                measure(base, out);
            } finally {
                delete(base);
            }
        } catch (Exception e) {
            throw new IllegalStateException("benchmark failed: " + e.getMessage(), e);
        }
    }

    private void measure(Path base, PrintWriter out) throws Exception {
        KeyRing ring = KeyRing.inMemory();
        ring.create("audit-bench", KeyType.SM2_SIGNING);
        TreeHeadSigner signer = TreeHeadSigner.of(ring, "audit-bench");
        out.printf("audit benchmark: %d records of ~%d bytes, %d cores, scratch %s%n", records,
                entry(0).toString().length() > 0 ? AuditRecord.of(0, java.time.Instant.EPOCH, entry(0)).canonicalBytes().length : 0,
                Runtime.getRuntime().availableProcessors(), base);

        double baseline = rate(baselineRecords, timeBlocking(base.resolve("baseline"), signer, baselineRecords, 1));
        out.printf("  baseline  append, 1 writer, one fsync per record: %,12.0f records/s%n", baseline);
        double blocking = rate(records, timeBlocking(base.resolve("blocking"), signer, records, writers));
        out.printf("  append, group commit, %d blocking writers:        %,12.0f records/s  (%.1fx baseline)%n", writers, blocking,
                blocking / baseline);
        Path log = base.resolve("async");
        double async = rate(records, timeAsync(log, signer, records, 8192));
        out.printf("  append, group commit, async with 8192 in flight:   %,12.0f records/s  (%.1fx baseline)%n", async, async / baseline);

        Path bundle = base.resolve("bench.cwab");
        try (AuditLog l = AuditLog.openReadOnly(log)) {
            l.exportRange(0, l.size(), bundle);
        }
        TrustedKeys trusted = TrustedKeys.of(ring, "audit-bench");
        List<byte[]> lines = Files.readAllLines(log.resolve("segments").resolve(String.format("%020d.jsonl", 0))).stream()
                .map(s -> s.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toList();
        long c0 = cpu();
        long t0 = System.nanoTime();
        long hashed = 0;
        for (byte[] line : lines) {
            hashed += TreeHashes.leaf(line)[0];
        }
        double sm3 = rate(lines.size(), System.nanoTime() - t0 + (hashed == Long.MIN_VALUE ? 1 : 0));
        double sm3Cpu = rate(lines.size(), cpu() - c0);
        out.printf("  baseline  SM3 leaf hashes alone, 1 thread:         %,12.0f records/s  %,10.0f per CPU-second%n", sm3, sm3Cpu);
        AuditVerifier.verify(bundle, trusted); // warm-up
        c0 = cpu();
        t0 = System.nanoTime();
        VerificationReport rb = AuditVerifier.verify(bundle, trusted);
        double vb = rate(rb.records(), System.nanoTime() - t0);
        double vbCpu = rate(rb.records(), cpu() - c0);
        out.printf("  verify bundle (%d records, %d signed heads):   %,12.0f records/s  %,10.0f per CPU-second  (%.2fx bare SM3)  %s%n",
                rb.records(), rb.heads(), vb, vbCpu, vb / sm3, rb.intact() ? "intact" : "ALTERED?");
        c0 = cpu();
        t0 = System.nanoTime();
        VerificationReport rd = AuditVerifier.verify(log, trusted);
        double vd = rate(rd.records(), System.nanoTime() - t0);
        double vdCpu = rate(rd.records(), cpu() - c0);
        out.printf("  verify log directory (%d records):             %,12.0f records/s  %,10.0f per CPU-second  (%.2fx bare SM3)  %s%n",
                rd.records(), vd, vdCpu, vd / sm3, rd.intact() ? "intact" : "ALTERED?");
        try (AuditLog l = AuditLog.openReadOnly(log)) {
            // an auditor's search: one analyst's refused requests, over the whole log
            AuditQuery q = AuditQuery.builder().subject("analyst42").result(AuditResult.DENIED).limit(AuditQuery.MAX_LIMIT).build();
            for (int warm = 0; warm < 3; warm++) {
                l.query(q);
                parseEveryRecord(l, q);
            }
            t0 = System.nanoTime();
            int parsedHits = parseEveryRecord(l, q);
            double parsed = rate(l.size(), System.nanoTime() - t0);
            out.printf("  baseline  search by parsing every record:          %,12.0f records/s  (%d found)%n", parsed, parsedHits);
            t0 = System.nanoTime();
            int hits = l.query(q).size();
            double searched = rate(l.size(), System.nanoTime() - t0);
            out.printf("  search (subject and result, line prefilter):       %,12.0f records/s  (%d found, %.1fx baseline)%n",
                    searched, hits, searched / parsed);
        }
        out.printf("  system load average (1 min) during the run: %.2f%n",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        double bestAppend = Math.max(blocking, async);
        out.printf("targets: durable append >= %,d/s: %s (%,.0f); verification >= %,d/s: %s (%,.0f)%n", APPEND_TARGET,
                bestAppend >= APPEND_TARGET ? "met" : "NOT met", bestAppend, VERIFY_TARGET,
                Math.min(vb, vd) >= VERIFY_TARGET ? "met" : "NOT met", Math.min(vb, vd));
        out.flush();
    }

    /** What a search did before the prefilter: read and parse every record, then match. */
    private static int parseEveryRecord(AuditLog l, AuditQuery q) {
        int hits = 0;
        for (long from = 0; from < l.size(); from += 10_000) {
            for (AuditRecord r : l.read(from, 10_000)) {
                hits += q.matches(r) ? 1 : 0;
            }
        }
        return hits;
    }

    private long timeBlocking(Path dir, TreeHeadSigner signer, int n, int threads) throws Exception {
        try (AuditLog log = AuditLog.open(AuditLog.Options.of(dir, signer).withHeadEvery(1000, Duration.ofSeconds(10)))) {
            AtomicLong next = new AtomicLong();
            List<Thread> ts = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                Thread w = new Thread(() -> {
                    for (long i; (i = next.getAndIncrement()) < n; ) {
                        log.append(entry(i));
                    }
                });
                w.start();
                ts.add(w);
            }
            for (Thread t : ts) {
                t.join();
            }
            return System.nanoTime() - t0;
        }
    }

    private long timeAsync(Path dir, TreeHeadSigner signer, int n, int inFlight) throws Exception {
        try (AuditLog log = AuditLog.open(AuditLog.Options.of(dir, signer).withHeadEvery(1000, Duration.ofSeconds(10)))) {
            Semaphore window = new Semaphore(inFlight);
            List<CompletableFuture<?>> last = new ArrayList<>();
            long t0 = System.nanoTime();
            for (long i = 0; i < n; i++) {
                window.acquire();
                CompletableFuture<?> f = log.appendAsync(entry(i)).whenComplete((r, e) -> window.release());
                if (i >= n - inFlight) {
                    last.add(f);
                }
            }
            CompletableFuture.allOf(last.toArray(CompletableFuture[]::new)).join();
            window.acquire(inFlight);
            return System.nanoTime() - t0;
        }
    }

    /** A typical console record: an analyst reading an alert, with a request id and a digest in its details. */
    static AuditEntry entry(long i) {
        return AuditEntry.builder().subject("analyst" + (i % 97)).role("analyst").domain(i % 3 == 0 ? "taiyuan" : "province")
                .action(i % 5 == 0 ? "crypto.sign" : "alert.read").object("alert/" + Long.toHexString(i * 0x9E3779B97F4A7C15L))
                .result(i % 50 == 0 ? AuditResult.DENIED : AuditResult.SUCCESS).source("10.20." + (i % 256) + "." + (i % 200))
                .requestId("req-" + i).detail("inputSm3", Long.toHexString(i * 31) + "a1b2c3d4e5f60718293a4b5c6d7e8f90")
                .detail("bytes", i % 65536).build();
    }

    /** CPU time of this process in nanoseconds (all threads). */
    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double rate(long n, long nanos) {
        return n / (nanos / 1e9);
    }

    private static void delete(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
