package org.citywall.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyRingConcurrencyTest {

    @TempDir
    Path dir;

    @Test
    void signingWhileRotatingYieldsOnlyVerifiableSignaturesAndAConsistentFile() throws Exception {
        MasterKey master = MasterKey.generate();
        KeyRing ring = KeyRing.create(dir.resolve("ring"), master);
        ring.create("heads", KeyType.SM2_SIGNING);
        Map<String, Envelope> signed = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            int thread = t;
            work.add(pool.submit(() -> {
                for (int i = 0; i < 200; i++) {
                    String m = "head " + thread + "/" + i;
                    signed.put(m, ring.sign("heads", m.getBytes(StandardCharsets.UTF_8)));
                }
            }));
        }
        work.add(pool.submit(() -> {
            for (int i = 0; i < 5; i++) {
                ring.rotate("heads");
            }
        }));
        for (Future<?> f : work) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(ring.currentVersion("heads")).isEqualTo(6);
        KeyRing reopened = KeyRing.open(dir.resolve("ring"), master);
        assertThat(reopened.info("heads").versions()).hasSize(6);
        assertThat(signed).hasSize(600);
        signed.forEach((m, e) -> {
            assertThat(reopened.verify(e, m.getBytes(StandardCharsets.UTF_8))).as(m).isTrue();
            assertThat(reopened.verify(e, (m + "x").getBytes(StandardCharsets.UTF_8))).isFalse();
        });
    }
}
