package org.citywall.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.citywall.detection.sink.EsClients;
import org.citywall.embedded.FreePort;
import org.citywall.embedded.elasticsearch.EmbeddedElasticsearch;
import org.citywall.event.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/citywall console} as the distributed mode runs it: against an Elasticsearch it did not
 * start, the first administrator's password shown once, kept across restarts, every log-in on the
 * audit trail and its copy in Elasticsearch, SIGTERM stops it.
 */
class ConsoleCommandIT {
    private static final Pattern ADMIN = Pattern.compile("First administrator: (\\S+) / (\\S+)");
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void runsAgainstAnExternalElasticsearchAndKeepsItsUsersAcrossRestarts() throws Exception {
        try (EmbeddedElasticsearch es = EmbeddedElasticsearch.start(dir.resolve("es"))) {
            Path root = Path.of(System.getProperty("citywall.root", ".."));
            Path data = dir.resolve("console");
            String listen = "127.0.0.1:" + FreePort.next();

            Path firstOut = dir.resolve("first.out");
            Process first = start(root, data, listen, es.url(), firstOut);
            String out = awaitReady(first, firstOut);
            Matcher m = ADMIN.matcher(out);
            assertThat(m.find()).as(out).isTrue();
            String user = m.group(1);
            String password = m.group(2);
            assertThat(login(listen, user, password)).isEqualTo(200);
            assertThat(login(listen, user, "wrong-" + password)).isEqualTo(401);
            try (EsClients.Handle client = EsClients.open(List.of(es.url()))) {
                // ignoring exceptions: the mirror may be creating the day's index (shard not yet allocated) just now
                await().atMost(30, TimeUnit.SECONDS).ignoreExceptions().until(() -> auditCopies(client, user) >= 2);
            }
            stop(first);
            assertThat(Files.readString(dir.resolve("console/logs/citywall.json"))).doesNotContain(password);

            Path secondOut = dir.resolve("second.out");
            String metrics = "127.0.0.1:" + FreePort.next();
            Process second = start(root, data, listen, es.url(), secondOut, "--metrics", metrics);
            assertThat(awaitReady(second, secondOut)).as("no new administrator on a restart").doesNotContain("First administrator")
                    .contains("metrics: http://" + metrics + "/metrics");
            assertThat(login(listen, user, password)).isEqualTo(200);
            assertThat(login(listen, user, "wrong-" + password)).isEqualTo(401);
            // operators see what the console refused, counted by code, and nothing of who or what was sent
            HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(URI.create("http://" + metrics + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.body()).contains("citywall_console_errors_total{code=\"invalid_credentials\",status=\"401\"} 1.0")
                    .doesNotContain(user).doesNotContain(password);
            stop(second);
        }
    }

    private static long auditCopies(EsClients.Handle es, String subject) throws Exception {
        es.sync().indices().refresh(r -> r.index("citywall-audit*"));
        return es.sync().count(c -> c.index("citywall-audit*").query(q -> q.term(t -> t.field("subject").value(subject)))).count();
    }

    private int login(String listen, String user, String password) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + listen + "/api/v1/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("username", user, "password", password)))).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode();
    }

    private static Process start(Path root, Path data, String listen, String es, Path out, String... more) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(root.resolve("bin/citywall").toString(), "console",
                "--data-dir", data.toString(), "--listen", listen, "--elasticsearch", es));
        command.addAll(List.of(more));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    }

    private static String awaitReady(Process p, Path out) throws Exception {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!p.isAlive()) {
                throw new AssertionError("citywall console exited with " + p.exitValue() + ":\n" + Files.readString(out));
            }
            return Files.readString(out).contains("CityWall console is ready");
        });
        return Files.readString(out);
    }

    private static void stop(Process p) throws Exception {
        p.destroy();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
    }
}
