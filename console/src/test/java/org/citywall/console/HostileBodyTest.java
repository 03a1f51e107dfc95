package org.citywall.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.citywall.audit.AuditLog;
import org.citywall.console.api.Access;
import org.citywall.console.api.ApiRoute;
import org.citywall.console.users.Role;
import org.citywall.crypto.KeyRing;
import org.citywall.crypto.KeyType;
import org.citywall.embedded.elasticsearch.EmbeddedElasticsearch;
import org.citywall.event.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every state-changing route of the route table, called by a caller allowed to call it, with bodies
 * a careless or hostile client sends: not JSON, truncated JSON, binary, invalid UTF-8, the wrong
 * JSON type at the top, every field of a valid body replaced by a value of another type, deep
 * nesting, absurd numbers. The answer is always a client error or a success, never a 5xx, always
 * the documented error shape, never a stack trace.
 */
class HostileBodyTest {
    @TempDir
    static Path dir;
    static EmbeddedElasticsearch es;
    static ConsoleServer console;
    static AuditLog audit;
    static final Map<Role, ApiClient> clients = new LinkedHashMap<>();
    static String appKey;
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        es = EmbeddedElasticsearch.start(dir.resolve("es"));
        KeyRing ring = KeyRing.inMemory();
        ring.create("matrix-key", KeyType.SM4_GCM);
        ring.create("load-sign", KeyType.SM2_SIGNING);
        audit = TestAudit.open(dir.resolve("audit"));
        console = ConsoleServer.builder().dataDirectory(dir.resolve("data")).elasticsearch(es.url())
                .auditLog(audit).keyRing(ring)
                .certificateAuthority(org.citywall.crypto.pki.CertificateAuthority.createRoot("CN=Hostile Test CA",
                        org.citywall.crypto.Sm2.generateKey(), Duration.ofDays(30), org.citywall.crypto.pki.CaLedger.inMemory()))
                .rulesDirectory(dir.resolve("data").resolve("rules")).ruleValidator(TestRules.validator())
                .onFirstAdministrator((u, pw) -> { }).build().start();
        appKey = console.apps().create("fuzz-app", List.of("crypto:*"));
        console.apps().create("matrix-app", List.of("crypto:hash"));
        console.users().create("target", List.of(Role.ANALYST), List.of("taiyuan"));
        for (Role r : Role.values()) {
            if (r == Role.APP) {
                continue;
            }
            String pw = console.users().create("h-" + r.wireName(), List.of(r), List.of("taiyuan"));
            ApiClient c = new ApiClient(console.url());
            assertThat(c.login("h-" + r.wireName(), pw).status()).isEqualTo(200);
            clients.put(r, c);
        }
        new TestAlerts(es.url()).write(TestAlerts.alert("own", "taiyuan", "high", "ssh-brute-force", "SSH brute force",
                "2026-03-03T10:00:00Z", "203.0.113.7"));
    }

    @AfterAll
    static void stop() throws java.io.IOException {
        TestResources.closeAll(console, audit, es);
    }

    /** Hostile bodies for a route whose valid sample body is {@code sample} (may be null). */
    static List<byte[]> hostileBodies(Object sample) {
        List<byte[]> out = new ArrayList<>();
        for (String s : List.of("", "null", "[]", "42", "\"text\"", "{", "{\"a\":", "{\"a\" 1}", "{}}", "not json at all",
                "{\"__proto__\":{\"admin\":true}}", "{\"a\":1e999999999}", "{\"a\":-0.0e-99999}",
                "{\"a\":123456789012345678901234567890}", "[".repeat(5000) + "]".repeat(5000),
                "{\"a\":".repeat(3000) + "1" + "}".repeat(3000), "{\"a\":\"\\ud800\"}", "{\"a\":\"\u0000\"}")) {
            out.add(s.getBytes(StandardCharsets.UTF_8));
        }
        out.add(new byte[] {0, 1, 2, (byte) 0xff, (byte) 0xfe, '{', '}'});
        out.add(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xc3, (byte) 0x28, '"', '}'}); // invalid UTF-8
        if (sample instanceof Map<?, ?> m) {
            for (Object field : m.keySet()) {
                for (Object wrong : List.of(Map.of("x", 1), List.of(1, 2), 7, -1, true, "", "x".repeat(10_000))) {
                    Map<Object, Object> mutated = new LinkedHashMap<>(m);
                    mutated.put(field, wrong);
                    out.add(Json.write(mutated).getBytes(StandardCharsets.UTF_8));
                }
                Map<Object, Object> withNull = new LinkedHashMap<>(m);
                withNull.put(field, null);
                out.add(Json.write(withNull).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Test
    void no_state_changing_route_answers_a_hostile_body_with_a_server_error_or_a_stack_trace() throws Exception {
        List<String> wrong = new ArrayList<>();
        int calls = 0;
        for (ApiRoute r : console.routes()) {
            String method = r.method().name();
            String key = method + " " + r.path();
            if (method.equals("GET") || key.equals("POST /api/v1/logout") || key.equals("POST /api/v1/login")) {
                continue;
            }
            String path = PermissionMatrixTest.samplePath(r, "own");
            Object sample = PermissionMatrixTest.BODIES.containsKey(key) ? PermissionMatrixTest.BODIES.get(key).apply("own") : null;
            for (byte[] body : hostileBodies(sample)) {
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(console.url() + path))
                        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
                HttpResponse<String> a;
                if (r.access().kind() == Access.Kind.APP) {
                    a = send(http, b.header("Authorization", "Bearer " + appKey).build());
                } else {
                    ApiClient c = allowedClient(key);
                    a = send(c.http, b.header("X-CSRF-Token", c.csrf).build());
                }
                calls++;
                String what = key + " with " + preview(body) + " -> " + a.statusCode() + " " + preview(a.body().getBytes(StandardCharsets.UTF_8));
                if (a.statusCode() >= 500) {
                    wrong.add(what);
                } else if (a.statusCode() >= 400 && !errorShaped(a.body())) {
                    wrong.add(what + " (not the error shape)");
                }
                if (a.body().contains("Exception") || a.body().contains("\tat ") || a.body().contains("org.citywall.")) {
                    wrong.add(what + " (internals in the answer)");
                }
            }
        }
        assertThat(calls).isGreaterThan(500);
        assertThat(wrong).isEmpty();
    }

    @Test
    void a_log_in_with_a_user_name_too_long_to_record_is_refused_as_a_bad_log_in_and_recorded_cut() throws Exception {
        String name = "mallory-" + "x".repeat(20_000);
        ApiClient.Answer a = new ApiClient(console.url()).login(name, "whatever-password");
        assertThat(a.status()).isEqualTo(401);
        var records = audit.query(org.citywall.audit.AuditQuery.builder().action("console.login").limit(1000).build());
        var cut = records.stream().filter(r -> r.subject().startsWith("mallory-")).findFirst().orElseThrow();
        assertThat(cut.subject()).hasSizeLessThanOrEqualTo(org.citywall.audit.AuditEntry.SHORT_FIELD).endsWith("…");
        assertThat(Json.write(cut.details())).contains("truncated_lengths").contains(Integer.toString(name.length()));
    }

    @Test
    void a_body_over_the_request_limit_is_refused_with_413_whether_or_not_it_declares_its_length() throws Exception {
        byte[] big = ("{\"username\":\"" + "x".repeat((2 << 20) + 64 * 1024) + "\",\"password\":\"x\"}").getBytes(StandardCharsets.UTF_8);
        ApiClient analyst = clients.get(Role.ANALYST);
        List<String> wrong = new ArrayList<>();
        for (boolean chunked : new boolean[] {false, true}) {
            HttpRequest.BodyPublisher body = chunked
                    ? HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big)) // no Content-Length
                    : HttpRequest.BodyPublishers.ofByteArray(big);
            Map<String, HttpRequest> requests = new LinkedHashMap<>();
            requests.put("login", HttpRequest.newBuilder(URI.create(console.url() + "/api/v1/login"))
                    .header("Content-Type", "application/json").POST(body).build());
            requests.put("crypto sign", HttpRequest.newBuilder(URI.create(console.url() + "/api/v1/crypto/sign"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + appKey).POST(body).build());
            requests.put("triage", HttpRequest.newBuilder(URI.create(console.url() + "/api/v1/alerts/own"))
                    .header("Content-Type", "application/json").header("X-CSRF-Token", analyst.csrf)
                    .method("PATCH", body).build());
            for (Map.Entry<String, HttpRequest> e : requests.entrySet()) {
                HttpClient client = e.getKey().equals("triage") ? analyst.http : http;
                HttpResponse<String> a = send(client, e.getValue());
                if (a.statusCode() != 413 || !errorShaped(a.body()) || !a.body().contains("payload_too_large")) {
                    wrong.add(e.getKey() + (chunked ? " chunked" : " with length") + " -> " + a.statusCode() + " " + preview(a.body().getBytes(StandardCharsets.UTF_8)));
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void the_console_still_serves_after_the_onslaught() {
        ApiClient analyst = clients.get(Role.ANALYST);
        assertThat(analyst.get("/api/v1/alerts").status()).isEqualTo(200);
    }

    /**
     * Sends once more on an I/O error: the client may pick a pooled keep-alive connection the server
     * has just closed ("header parser received no bytes"). A server that drops the connection for a
     * body fails the second attempt too.
     */
    private static HttpResponse<String> send(java.net.http.HttpClient client, HttpRequest request) throws Exception {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException stale) {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    /** A logged-in client whose role may call the route. */
    private static ApiClient allowedClient(String key) {
        for (Role r : PermissionMatrixTest.EXPECTED.getOrDefault(key, PermissionMatrixTest.NONE)) {
            if (clients.containsKey(r)) {
                return clients.get(r);
            }
        }
        throw new IllegalStateException("no role may call " + key);
    }

    @SuppressWarnings("unchecked")
    private static boolean errorShaped(String body) {
        try {
            Object error = Json.readObject(body).get("error");
            return error instanceof Map<?, ?> m && m.get("code") instanceof String && m.get("message") instanceof String;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String preview(byte[] b) {
        String s = new String(b, StandardCharsets.UTF_8).replaceAll("\\p{Cntrl}", "?");
        return s.length() > 80 ? s.substring(0, 80) + "…(" + b.length + " bytes)" : s;
    }
}
