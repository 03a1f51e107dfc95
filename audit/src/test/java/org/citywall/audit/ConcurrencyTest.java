package org.citywall.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.citywall.crypto.KeyRing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many writers, one order: every append gets its own seq, in each writer's program order, and the log holds exactly them. */
class ConcurrencyTest {

    @TempDir
    Path dir;

    @Test
    void manyWritersShareOneGaplessOrder() throws Exception {
        KeyRing ring = Fixtures.keyRing();
        int writers = 16;
        int each = 500;
        List<List<Receipt>> receipts = new ArrayList<>();
        try (AuditLog log = AuditLog.open(Fixtures.options(dir, ring).withHeadEvery(250, Duration.ofMillis(20))
                .withSegmentLimits(3000, 1L << 30, Duration.ofDays(1)))) {
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<Receipt>>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                futures.add(pool.submit(() -> {
                    start.await();
                    List<Receipt> mine = new ArrayList<>();
                    for (int n = 0; n < each; n++) {
                        mine.add(log.append(AuditEntry.builder().subject("w" + writer).action("load.write")
                                .result(AuditResult.SUCCESS).requestId(writer + "/" + n).build()));
                    }
                    return mine;
                }));
            }
            start.countDown();
            for (Future<List<Receipt>> f : futures) {
                receipts.add(f.get());
            }
            pool.shutdown();

            Set<Long> seqs = new HashSet<>();
            for (int w = 0; w < writers; w++) {
                List<Receipt> mine = receipts.get(w);
                for (int n = 0; n < each; n++) {
                    assertThat(seqs.add(mine.get(n).seq())).isTrue();
                    if (n > 0) {
                        assertThat(mine.get(n).seq()).isGreaterThan(mine.get(n - 1).seq());
                        assertThat(mine.get(n).time()).isAfterOrEqualTo(mine.get(n - 1).time());
                    }
                }
            }
            assertThat(seqs).hasSize(writers * each);
            assertThat(seqs.stream().mapToLong(Long::longValue).max().getAsLong()).isEqualTo(writers * each - 1L);
            assertThat(log.size()).isEqualTo(writers * each);
            List<AuditRecord> all = log.read(0, writers * each);
            for (int w = 0; w < writers; w++) {
                for (int n = 0; n < each; n++) {
                    AuditRecord r = all.get((int) receipts.get(w).get(n).seq());
                    assertThat(r.requestId()).isEqualTo(w + "/" + n);
                    assertThat(r.leafHash()).isEqualTo(receipts.get(w).get(n).leafHash());
                }
            }
            for (int k = 1; k < all.size(); k++) {
                assertThat(all.get(k).time()).isAfterOrEqualTo(all.get(k - 1).time());
            }
        }
        assertThat(AuditVerifier.verify(dir, TrustedKeys.of(ring, Fixtures.KEY)).findings()).isEmpty();
    }
}
