package org.citywall.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.citywall.app.embedded.EmbeddedPlatform;
import org.citywall.app.embedded.Endpoints;
import org.citywall.app.embedded.PlatformSettings;
import org.citywall.detection.sink.EsClients;
import org.citywall.event.Alert;
import org.citywall.event.IndexNames;
import org.citywall.event.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walking skeleton, end to end with every real part: sshd lines sent by util-linux
 * {@code logger} over TCP and UDP reach the collector, the bus, the Flink job, Elasticsearch and
 * the console API.
 */
class EndToEndTest {

    @TempDir
    static Path dataDir;
    static EmbeddedPlatform platform;
    static Endpoints endpoints;
    static EsClients.Handle es;
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startPlatform() {
        platform = EmbeddedPlatform.start(new PlatformSettings(dataDir, true, "taiyuan", List.of()));
        endpoints = platform.endpoints();
        es = EsClients.open(List.of(endpoints.elasticsearch()));
    }

    @AfterAll
    static void stopPlatform() {
        if (es != null) {
            es.close();
        }
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void endpointsFileNamesEveryListener() throws Exception {
        Map<String, Object> file = Json.readObject(Files.readString(dataDir.resolve("endpoints.json")));
        assertThat(file).containsKeys("elasticsearch", "kafka", "syslog_tcp", "syslog_udp", "http_ingest", "console", "status");
        assertThat(Endpoints.readFrom(dataDir.resolve("endpoints.json"))).isEqualTo(endpoints);
    }

    @Test
    void fiveFailedPasswordsOverTcpRaiseExactlyOneBruteForceAlert() throws Exception {
        String attacker = "203.0.113.71";
        for (int i = 0; i < 5; i++) {
            logger("-T", "--rfc3164", "Failed password for " + (i % 2 == 0 ? "root" : "admin") + " from " + attacker
                    + " port " + (40000 + i) + " ssh2");
        }
        Alert alert = awaitOneBruteForceAlert(attacker, 5);
        assertThat(alert.count()).isEqualTo(5);
        assertThat(alert.ruleId()).isEqualTo("1f0c9a52-6b1e-4d47-9d1c-5f2a7e3b8c01"); // the built-in SSH brute-force correlation
        assertThat(alert.groupBy()).containsEntry("source.ip", attacker);
        assertThat(alert.domain()).isEqualTo("taiyuan");
        assertThat(alert.level()).isEqualTo("high");
        assertThat(alert.techniques()).contains("T1110.001");
        java.time.Instant first = java.time.Instant.parse(alert.firstSeen());
        java.time.Instant last = java.time.Instant.parse(alert.lastSeen());
        assertThat(first).isBeforeOrEqualTo(last);
        assertThat(first).isAfter(java.time.Instant.now().minus(java.time.Duration.ofMinutes(10)));
        assertThat(alert.eventIds()).hasSize(5);
        assertThat(Json.write(alert.matched())).contains("root", "admin", hostname());
        assertThat(alert.status()).isEqualTo(Alert.STATUS_OPEN);
    }

    @Test
    void anAnalystSeesTheAlertThroughTheConsoleAndAStrangerGets401() throws Exception {
        String attacker = "203.0.113.74";
        for (int i = 0; i < 5; i++) {
            logger("-T", "--rfc3164", "Failed password for root from " + attacker + " port " + (42000 + i) + " ssh2");
        }
        Alert alert = awaitOneBruteForceAlert(attacker, 5);

        assertThat(get("/api/v1/alerts", null).statusCode()).isEqualTo(401);
        assertThat(get("/api/v1/alerts/" + alert.id(), null).statusCode()).isEqualTo(401);

        String cookie = login("analyst", demoPassword("analyst"));
        HttpResponse<String> list = get("/api/v1/alerts?size=100", cookie);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains(alert.id(), attacker);
        HttpResponse<String> one = get("/api/v1/alerts/" + alert.id(), cookie);
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(Json.readObject(one.body())).containsEntry("alert_id", alert.id()).containsEntry("count", 5L);

        // the analyst's reads are on the tamper-evident trail, and its searchable copy in Elasticsearch
        // ignoring exceptions: the mirror may be creating the day's index (its shard not yet allocated) just now
        await().atMost(30, TimeUnit.SECONDS).ignoreExceptions().until(() -> auditCopiesOf("analyst") >= 3);
    }

    private static long auditCopiesOf(String subject) throws Exception {
        es.sync().indices().refresh(r -> r.index(IndexNames.AUDIT_PREFIX + "*").allowNoIndices(true));
        return es.sync().count(c -> c.index(IndexNames.AUDIT_PREFIX + "*").allowNoIndices(true)
                .query(q -> q.term(t -> t.field("subject").value(subject)))).count();
    }

    @Test
    void fiveFailedPasswordsOverUdpRaiseExactlyOneBruteForceAlert() throws Exception {
        String attacker = "198.51.100.72";
        for (int i = 0; i < 6; i++) {
            logger("-d", "--rfc5424", "Failed password for invalid user guest" + i + " from " + attacker + " port "
                    + (50000 + i) + " ssh2");
        }
        Alert alert = awaitOneBruteForceAlert(attacker, 6);
        assertThat(alert.count()).isEqualTo(6);
        assertThat(alert.groupBy()).containsEntry("source.ip", attacker);
        assertThat(Json.write(alert.matched())).contains("guest0", "guest5");
    }

    @Test
    void statusReportsEveryPartUpAndTheInputsFigures() throws Exception {
        logger("-T", "--rfc3164", "status probe");
        await().atMost(30, TimeUnit.SECONDS).until(() -> {
            Map<String, Object> s = Json.readObject(http.send(HttpRequest.newBuilder(URI.create(endpoints.status() + "/status"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body());
            return Boolean.TRUE.equals(s.get("healthy")) && Json.write(s.get("inputs")).contains("\"frames\":");
        });
        String metrics = http.send(HttpRequest.newBuilder(URI.create(endpoints.status() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("syslog-tcp").contains("citywall_console_errors_total{code=\"invalid_credentials\",status=\"401\"}");
        await().atMost(30, TimeUnit.SECONDS).until(() -> http.send(HttpRequest.newBuilder(URI.create(endpoints.status() + "/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body().contains("citywall_detect_events "));
    }

    @Test
    void aCloudTrailLogFilePostedOverHttpRaisesTheRootLoginAlert() throws Exception {
        String ip = "198.51.100.77";
        String token = Files.readAllLines(dataDir.resolve("http-tokens")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).map(l -> l.split(" ")[0]).findFirst().orElseThrow();
        assertThat(Files.getPosixFilePermissions(dataDir.resolve("http-tokens")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        String now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        String record = "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"Root\",\"principalId\":\"1111\","
                + "\"arn\":\"arn:aws:iam::123456789012:root\",\"accountId\":\"123456789012\"},\"eventTime\":\"" + now + "\","
                + "\"eventSource\":\"signin.amazonaws.com\",\"eventName\":\"ConsoleLogin\",\"awsRegion\":\"cn-north-1\","
                + "\"sourceIPAddress\":\"" + ip + "\",\"userAgent\":\"Mozilla\",\"requestParameters\":null,"
                + "\"responseElements\":{\"ConsoleLogin\":\"Success\"},\"eventID\":\"" + java.util.UUID.randomUUID() + "\","
                + "\"eventType\":\"AwsConsoleSignIn\",\"recipientAccountId\":\"123456789012\"}";
        String other = record.replace("signin.amazonaws.com", "s3.amazonaws.com").replace("ConsoleLogin\",\"aws", "GetObject\",\"aws");
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(endpoints.httpIngest() + "/ingest/cloudtrail"))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString("{\"Records\":[" + record + "," + other + "]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("\"accepted\":2");
        await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(500))
                .until(() -> alertsFor(ip).stream().anyMatch(a -> a.ruleTitle().equals("AWS root account console sign-in")));
        HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(URI.create(endpoints.httpIngest() + "/ingest/cloudtrail"))
                .header("Authorization", "Bearer not-the-token-of-any-source")
                .POST(HttpRequest.BodyPublishers.ofString("{\"Records\":[]}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(401);
    }

    @Test
    void fiveFailedConsoleLogInsRaiseTheConsoleBruteForceAlertThroughTheAuditTrail() throws Exception {
        String rule = "e5a7c9e1-3f6b-4d02-a4e8-8f0a2d4e6b15"; // CityWall console log-in brute force
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(endpoints.console() + "/api/v1/login"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("username", "mallory" + i,
                            "password", "not-the-password-" + i)))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(401);
        }
        await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(500)).until(() -> !alertsOfRule(rule).isEmpty());
        Alert a = alertsOfRule(rule).get(0);
        assertThat(a.count()).isGreaterThanOrEqualTo(5);
        assertThat(a.groupBy()).containsEntry("source.ip", "127.0.0.1");
        assertThat(Json.write(a.matched())).contains("mallory0", "mallory4").doesNotContain("not-the-password");
    }

    private static List<Alert> alertsOfRule(String ruleId) throws Exception {
        es.sync().indices().refresh(r -> r.index(IndexNames.ALERTS));
        SearchResponse<Map> r = es.sync().search(s -> s.index(IndexNames.ALERTS).size(10)
                .query(q -> q.term(t -> t.field("rule_id").value(ruleId))), Map.class);
        List<Alert> out = new ArrayList<>();
        for (Hit<Map> h : r.hits().hits()) {
            out.add(Alert.fromJson(Json.write(h.source())));
        }
        return out;
    }

    @Test
    void fourFailuresRaiseNothing() throws Exception {
        String attacker = "192.0.2.73";
        for (int i = 0; i < 4; i++) {
            logger("-T", "--rfc3164", "Failed password for root from " + attacker + " port " + (41000 + i) + " ssh2");
        }
        // the four events reach the archive, so the job has seen them; then the watermark passes them
        await().atMost(60, TimeUnit.SECONDS).until(() -> archivedLinesMentioning(attacker) == 4);
        Thread.sleep(5000);
        assertThat(alertsFor(attacker)).isEmpty();
    }

    /** Waits for the alert to count every failure (the last may arrive as an update a second or two later). */
    private static Alert awaitOneBruteForceAlert(String attacker, int failures) throws Exception {
        await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(500))
                .until(() -> alertsFor(attacker).stream().anyMatch(a -> a.count() >= failures));
        Thread.sleep(3000); // a second alert, if the job were to raise one, would have arrived by now
        List<Alert> alerts = alertsFor(attacker);
        assertThat(alerts).hasSize(1);
        return alerts.get(0);
    }

    private static List<Alert> alertsFor(String ip) throws Exception {
        es.sync().indices().refresh(r -> r.index(IndexNames.ALERTS));
        SearchResponse<Map> r = es.sync().search(s -> s.index(IndexNames.ALERTS).size(50)
                .query(q -> q.queryString(qs -> qs.query("\"" + ip + "\""))), Map.class);
        List<Alert> out = new ArrayList<>();
        for (Hit<Map> h : r.hits().hits()) {
            out.add(Alert.fromJson(Json.write(h.source())));
        }
        return out;
    }

    private static long archivedLinesMentioning(String ip) throws Exception {
        es.sync().indices().refresh(r -> r.index(IndexNames.EVENTS_PREFIX + "*"));
        return es.sync().count(c -> c.index(IndexNames.EVENTS_PREFIX + "*")
                .query(q -> q.match(m -> m.field("event.original").query("\"" + ip + "\"")))).count();
    }

    private static void logger(String transport, String format, String message) throws Exception {
        String target = transport.equals("-T") ? endpoints.syslogTcp() : endpoints.syslogUdp();
        String host = target.substring(0, target.lastIndexOf(':'));
        String port = target.substring(target.lastIndexOf(':') + 1);
        Process p = new ProcessBuilder("logger", transport, format, "-n", host, "-P", port, "-t", "sshd", "-i",
                "-p", "auth.info", message).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("logger: " + out).isZero();
    }

    private static String hostname() throws Exception {
        return InetAddress.getLocalHost().getHostName();
    }

    @SuppressWarnings("unchecked")
    private static String demoPassword(String user) throws Exception {
        Map<String, Object> file = Json.readObject(Files.readString(dataDir.resolve("demo-users.json")));
        return (String) ((Map<String, Object>) ((Map<String, Object>) file.get("users")).get(user)).get("password");
    }

    private static String login(String user, String password) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(endpoints.console() + "/api/v1/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("username", user, "password", password))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    static HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(endpoints.console() + path)).GET();
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
