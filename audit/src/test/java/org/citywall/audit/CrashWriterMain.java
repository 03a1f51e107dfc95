package org.citywall.audit;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicBoolean;
import org.citywall.crypto.KeyRing;
import org.citywall.crypto.MasterKey;

/**
 * The child process of the crash tests: opens a log, reports what recovery found, then appends
 * from several threads as fast as it can and prints one ACK line per record the log
 * acknowledged — until the parent kills it with SIGKILL.
 *
 * <p>Arguments: log directory, key ring file, master key (hex), round, writer threads.
 */
public final class CrashWriterMain {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        KeyRing ring = KeyRing.open(Path.of(args[1]), MasterKey.of(HexFormat.of().parseHex(args[2])));
        String round = args[3];
        int writers = Integer.parseInt(args[4]);
        PrintStream out = new PrintStream(System.out, false, "UTF-8");
        AuditLog log = AuditLog.open(AuditLog.Options.of(dir, TreeHeadSigner.of(ring, Fixtures.KEY))
                .withHeadEvery(200, Duration.ofMillis(50)).withSegmentLimits(2000, 1L << 30, Duration.ofDays(1)));
        RecoveryReport rec = log.recovery();
        synchronized (out) {
            out.println("OPEN " + log.size() + " " + rec.clean() + " " + (rec.records() == null ? -1 : rec.records().length()));
            out.flush();
        }
        AtomicBoolean go = new AtomicBoolean(true);
        for (int t = 0; t < writers; t++) {
            int thread = t;
            Thread w = new Thread(() -> {
                for (long n = 0; go.get(); n++) {
                    String id = "r" + round + "-" + thread + "-" + n;
                    AuditEntry e = AuditEntry.builder().subject("crash-" + thread).action("crash.write").result(AuditResult.SUCCESS)
                            .requestId(id).detail("n", n).build();
                    Receipt r = log.append(e);
                    synchronized (out) {
                        out.println("ACK " + r.seq() + " " + id + " " + TreeHashes.hex(r.leafHash()));
                        out.flush();
                    }
                }
            });
            w.start();
        }
        Thread.sleep(Long.MAX_VALUE); // until killed
    }
}
