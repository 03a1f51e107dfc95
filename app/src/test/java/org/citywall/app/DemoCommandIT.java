package org.citywall.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.citywall.app.embedded.Endpoints;
import org.citywall.detection.sink.EsClients;
import org.citywall.event.IndexNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/citywall demo} as a user runs it: it gets ready, SIGTERM stops it and every child
 * JVM with it, and the next start on the same data directory finds everything it kept.
 */
class DemoCommandIT {

    @TempDir
    Path dataDir;

    @Test
    void startsStopsOnSigtermWithoutOrphansAndRestartsOnItsData() throws Exception {
        Path root = Path.of(System.getProperty("citywall.root", ".."));
        Path log = dataDir.resolve("demo.out");

        Process first = start(root, log);
        Endpoints endpoints = awaitReady(first, log);
        Set<Long> children = descendants(first);
        assertThat(children).as("Elasticsearch and Kafka run in child JVMs").hasSizeGreaterThanOrEqualTo(2);
        assertThat(Files.readString(dataDir.resolve("demo-users.json"))).contains("analyst");
        assertThat(Files.getPosixFilePermissions(dataDir.resolve("demo-users.json")))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        writeMarker(endpoints);
        Process status = new ProcessBuilder(root.resolve("bin/citywall").toString(), "status", "--data-dir", dataDir.toString())
                .redirectErrorStream(true).start();
        String summary = new String(status.getInputStream().readAllBytes());
        assertThat(status.waitFor()).as(summary).isZero();
        assertThat(summary).contains("healthy", "elasticsearch", "up", "syslog-tcp", "syslog-udp");

        stop(first);
        for (long pid : children) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .as("child %d stopped with its parent", pid).isFalse();
        }

        Files.delete(dataDir.resolve("endpoints.json"));
        Process second = start(root, log);
        Endpoints again = awaitReady(second, log);
        try (EsClients.Handle es = EsClients.open(List.of(again.elasticsearch()))) {
            assertThat(es.sync().exists(r -> r.index(IndexNames.ALERTS).id("restart-marker")).value())
                    .as("data written before the restart is still there").isTrue();
        }
        stop(second);
    }

    private Process start(Path root, Path log) throws Exception {
        return new ProcessBuilder(root.resolve("bin/citywall").toString(), "demo", "--data-dir", dataDir.toString(),
                "--ports", "auto", "--domain", "qa")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    private Endpoints awaitReady(Process p, Path log) throws Exception {
        long t0 = System.nanoTime();
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!p.isAlive()) {
                throw new AssertionError("citywall demo exited with " + p.exitValue() + ":\n" + Files.readString(log));
            }
            return Files.exists(dataDir.resolve("endpoints.json"));
        });
        System.out.printf("citywall demo ready in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        return Endpoints.readFrom(dataDir.resolve("endpoints.json"));
    }

    private static Set<Long> descendants(Process p) {
        return p.toHandle().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    private static void writeMarker(Endpoints e) throws Exception {
        try (EsClients.Handle es = EsClients.open(List.of(e.elasticsearch()))) {
            es.sync().index(i -> i.index(IndexNames.ALERTS).id("restart-marker")
                    .document(java.util.Map.of("rule_id", "marker", "alert_id", "restart-marker"))
                    .refresh(co.elastic.clients.elasticsearch._types.Refresh.True));
        }
    }

    private static void stop(Process p) throws Exception {
        p.destroy(); // SIGTERM, as Ctrl-C or a service manager would
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("citywall stopped after SIGTERM").isTrue();
    }
}
