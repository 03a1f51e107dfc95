package org.citywall.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.citywall.console.users.Role;
import org.citywall.embedded.elasticsearch.EmbeddedElasticsearch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's first slice over real HTTP against a real Elasticsearch node: log-in, session,
 * log-out, the alert queue and single alerts limited to the caller's domains, 401 for strangers.
 */
class ConsoleServerTest {
    @TempDir
    static Path dir;
    static EmbeddedElasticsearch es;
    static ConsoleServer console;
    static TestAlerts alerts;
    static String analystPassword;
    static final AtomicReference<String> firstAdminPassword = new AtomicReference<>();

    @BeforeAll
    static void start() {
        es = EmbeddedElasticsearch.start(dir.resolve("es"));
        console = ConsoleServer.builder().dataDirectory(dir.resolve("data")).elasticsearch(es.url())
                .onFirstAdministrator((u, pw) -> firstAdminPassword.set(pw)).build().start();
        analystPassword = console.users().create("alice", List.of(Role.ANALYST), List.of("taiyuan"));
        alerts = new TestAlerts(es.url());
        alerts.write(TestAlerts.alert("a1", "taiyuan", "high", "ssh-brute-force", "SSH brute force", "2026-03-01T10:00:00Z", "203.0.113.7"));
        alerts.write(TestAlerts.alert("a2", "taiyuan", "medium", "sudo-abuse", "Sudo abuse", "2026-03-01T11:00:00Z", "198.51.100.2"));
        alerts.write(TestAlerts.alert("a3", "datong", "high", "ssh-brute-force", "SSH brute force", "2026-03-01T12:00:00Z", "192.0.2.9"));
    }

    @AfterAll
    static void stop() {
        TestResources.closeAll(console, es);
    }

    @Test
    void it_says_whether_it_is_serving_so_status_never_reports_a_stopped_console_as_up() {
        assertThat(console.isRunning()).isTrue();
        ConsoleServer other = ConsoleServer.builder().dataDirectory(dir.resolve("other")).elasticsearch(es.url())
                .onFirstAdministrator((u, pw) -> { }).build().start();
        assertThat(other.isRunning()).isTrue();
        other.close();
        assertThat(other.isRunning()).isFalse();
    }

    @Test
    void what_it_refused_is_counted_by_error_code_for_operators() {
        ConsoleServer fresh = ConsoleServer.builder().dataDirectory(dir.resolve("metrics")).elasticsearch(es.url())
                .onFirstAdministrator((u, pw) -> { }).build().start();
        try {
            assertThat(fresh.scrapeMetrics()).contains("citywall_console_errors_total{code=\"invalid_credentials\",status=\"401\"} 0.0");
            ApiClient c = new ApiClient(fresh.url());
            c.login("mallory", "Wrong-password-123");
            c.login("mallory", "Wrong-password-456");
            c.get("/api/v1/alerts");
            assertThat(fresh.scrapeMetrics())
                    .contains("citywall_console_errors_total{code=\"invalid_credentials\",status=\"401\"} 2.0")
                    .contains("citywall_console_errors_total{code=\"unauthenticated\",status=\"401\"} 1.0")
                    .doesNotContain("Wrong-password").doesNotContain("mallory");
        } finally {
            fresh.close();
        }
    }

    @Test
    void strangers_get_401_json_on_protected_routes() {
        ApiClient c = new ApiClient(console.url());
        for (String path : List.of("/api/v1/alerts", "/api/v1/alerts/a1", "/api/v1/session")) {
            ApiClient.Answer a = c.get(path);
            assertThat(a.status()).as(path).isEqualTo(401);
            assertThat(a.errorCode()).isEqualTo("unauthenticated");
            assertThat(a.header("Content-Type")).startsWith("application/json");
        }
    }

    @Test
    void a_wrong_password_and_an_unknown_user_get_the_same_answer() {
        ApiClient c = new ApiClient(console.url());
        ApiClient.Answer wrong = c.login("alice", "Wrong-password-123");
        ApiClient.Answer unknown = c.login("nobody", "Wrong-password-123");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(wrong.body()).isEqualTo(unknown.body());
        assertThat(wrong.errorCode()).isEqualTo("invalid_credentials");
    }

    @Test
    void log_in_returns_user_roles_domains_and_a_csrf_token_with_a_hardened_cookie() {
        ApiClient c = new ApiClient(console.url());
        ApiClient.Answer a = c.login("alice", analystPassword);
        assertThat(a.status()).isEqualTo(200);
        Map<String, Object> m = a.json();
        assertThat(m).containsEntry("user", "alice").containsEntry("roles", List.of("analyst"))
                .containsEntry("domains", List.of("taiyuan"));
        assertThat((String) m.get("csrf_token")).hasSizeGreaterThan(30);
        String cookie = a.raw().headers().allValues("Set-Cookie").stream().filter(s -> s.startsWith("CW_SESSION=")).findFirst().orElseThrow();
        assertThat(cookie).contains("HttpOnly").containsIgnoringCase("SameSite=Strict").doesNotContain("rememberMe");
        assertThat(c.get("/api/v1/session").json()).containsEntry("user", "alice");
    }

    @Test
    @SuppressWarnings("unchecked")
    void an_analyst_sees_only_alerts_of_her_domains() {
        ApiClient c = new ApiClient(console.url());
        c.login("alice", analystPassword);
        Map<String, Object> page = c.get("/api/v1/alerts").json();
        List<Map<String, Object>> items = (List<Map<String, Object>>) page.get("items");
        assertThat(items).extracting(i -> i.get("alert_id")).containsExactly("a2", "a1");
        assertThat(page.get("total")).isEqualTo(2L);
        assertThat((Map<String, Object>) page.get("counts")).containsEntry("open", 2L).containsEntry("closed", 0L);

        assertThat(c.get("/api/v1/alerts/a1").json()).containsEntry("rule_id", "ssh-brute-force");
        ApiClient.Answer other = c.get("/api/v1/alerts/a3");
        assertThat(other.status()).isEqualTo(404);
        assertThat(other.errorCode()).isEqualTo("not_found");
        // asking for another domain's alerts by filter finds nothing either
        assertThat(c.get("/api/v1/alerts?domain=datong").json().get("total")).isEqualTo(0L);
    }

    @Test
    @SuppressWarnings("unchecked")
    void sorting_by_level_means_by_severity_not_by_spelling() {
        String[][] made = {{"l1", "low"}, {"l2", "critical"}, {"l3", "informational"}, {"l4", "high"}, {"l5", "medium"}};
        for (int i = 0; i < made.length; i++) {
            alerts.write(TestAlerts.alert(made[i][0], "jinzhong", made[i][1], "r-" + i, "Rule " + i,
                    "2026-03-02T1" + i + ":00:00Z", "203.0.113." + (50 + i)));
        }
        String pw = console.users().create("lev", List.of(Role.ANALYST), List.of("jinzhong"));
        ApiClient c = new ApiClient(console.url());
        c.login("lev", pw);
        List<Map<String, Object>> desc = (List<Map<String, Object>>) c.get("/api/v1/alerts?sort=-level").json().get("items");
        assertThat(desc).extracting(i -> i.get("level")).containsExactly("critical", "high", "medium", "low", "informational");
        List<Map<String, Object>> asc = (List<Map<String, Object>>) c.get("/api/v1/alerts?sort=level&size=2").json().get("items");
        assertThat(asc).extracting(i -> i.get("level")).containsExactly("informational", "low");
    }

    @Test
    @SuppressWarnings("unchecked")
    void the_queue_filters_sorts_and_pages() {
        ApiClient c = new ApiClient(console.url());
        c.login("alice", analystPassword);
        List<Map<String, Object>> high = (List<Map<String, Object>>) c.get("/api/v1/alerts?level=high").json().get("items");
        assertThat(high).extracting(i -> i.get("alert_id")).containsExactly("a1");
        List<Map<String, Object>> asc = (List<Map<String, Object>>) c.get("/api/v1/alerts?sort=@timestamp&size=1&page=2").json().get("items");
        assertThat(asc).extracting(i -> i.get("alert_id")).containsExactly("a2");
        List<Map<String, Object>> text = (List<Map<String, Object>>) c.get("/api/v1/alerts?q=sudo").json().get("items");
        assertThat(text).extracting(i -> i.get("alert_id")).containsExactly("a2");
        ApiClient.Answer bad = c.get("/api/v1/alerts?sort=password");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.errorCode()).isEqualTo("invalid_query");
    }

    @Test
    @SuppressWarnings("unchecked")
    void the_openapi_document_lists_every_route_with_its_permission() {
        Map<String, Object> doc = new ApiClient(console.url()).get("/api/v1/openapi.json").json();
        assertThat(doc).containsEntry("openapi", "3.0.3");
        Map<String, Object> paths = (Map<String, Object>) doc.get("paths");
        for (var r : console.routes()) {
            Map<String, Object> op = (Map<String, Object>) ((Map<String, Object>) paths.get(r.path())).get(r.method().name().toLowerCase());
            assertThat(op).as(r.method() + " " + r.path()).containsKey("summary");
        }
        Map<String, Object> get = (Map<String, Object>) ((Map<String, Object>) paths.get("/api/v1/alerts/{id}")).get("get");
        assertThat(get).containsEntry("x-citywall-permission", "alert:read:<domain>");
        Map<String, Object> queue = (Map<String, Object>) ((Map<String, Object>) paths.get("/api/v1/alerts")).get("get");
        assertThat((List<Map<String, Object>>) queue.get("parameters")).extracting(p -> p.get("name"))
                .contains("status", "level", "q", "sort", "page", "size");
        Map<String, Object> sign = (Map<String, Object>) ((Map<String, Object>) paths.get("/api/v1/crypto/sign")).get("post");
        Map<String, Object> schema = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                sign.get("requestBody")).get("content")).get("application/json")).get("schema");
        assertThat((Map<String, Object>) schema.get("properties")).containsKeys("key", "message", "version");
    }

    @Test
    @SuppressWarnings("unchecked")
    void the_openapi_document_gives_the_crypto_answers_their_members() {
        Map<String, Object> doc = new ApiClient(console.url()).get("/api/v1/openapi.json").json();
        Map<String, Object> paths = (Map<String, Object>) doc.get("paths");
        Map<String, Object> schemas = (Map<String, Object>) ((Map<String, Object>) doc.get("components")).get("schemas");
        java.util.function.BiFunction<String, String, Map<String, Object>> answer = (method, path) -> (Map<String, Object>)
                ((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                        ((Map<String, Object>) paths.get(path)).get(method)).get("responses")).get("200")).get("content"))
                        .get("application/json")).get("schema");
        java.util.function.Function<Map<String, Object>, Map<String, Object>> resolve = ref -> (Map<String, Object>)
                schemas.get(((String) ref.get("$ref")).substring("#/components/schemas/".length()));

        for (var r : console.routes()) {
            if (r.path().startsWith("/api/v1/crypto/")) {
                assertThat(answer.apply(r.method().name().toLowerCase(), r.path())).as(r.method() + " " + r.path())
                        .isNotEqualTo(Map.of("type", "object"));
            }
        }
        assertThat(answer.apply("post", "/api/v1/crypto/sign")).containsEntry("$ref", "#/components/schemas/SignResponse");
        Map<String, Object> signed = resolve.apply(answer.apply("post", "/api/v1/crypto/sign"));
        assertThat(((Map<String, Object>) signed.get("properties")).keySet()).containsExactly("signature", "key", "version", "rawSignature");
        assertThat((Map<String, Object>) ((Map<String, Object>) signed.get("properties")).get("version")).containsEntry("type", "integer");
        assertThat((List<String>) signed.get("required")).containsExactly("version");
        assertThat(resolve.apply(answer.apply("post", "/api/v1/crypto/verify")).get("properties").toString()).contains("valid={type=boolean}");

        Map<String, Object> list = answer.apply("get", "/api/v1/crypto/keys");
        assertThat(list).containsEntry("type", "array").containsEntry("items", Map.of("$ref", "#/components/schemas/KeyView"));
        Map<String, Object> versions = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) schemas.get("KeyView"))
                .get("properties")).get("versions");
        assertThat(versions).containsEntry("items", Map.of("$ref", "#/components/schemas/KeyVersionView"));
        assertThat(((Map<String, Object>) ((Map<String, Object>) schemas.get("KeyVersionView")).get("properties")).keySet())
                .containsExactly("version", "state", "created");
        // the signer user id is part of the sign and verify requests
        for (String op : List.of("/api/v1/crypto/sign", "/api/v1/crypto/verify")) {
            Map<String, Object> body = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                    ((Map<String, Object>) ((Map<String, Object>) paths.get(op)).get("post")).get("requestBody")).get("content"))
                    .get("application/json")).get("schema");
            assertThat((Map<String, Object>) body.get("properties")).as(op).containsEntry("userId", Map.of("type", "string"));
        }
        // every reference leads somewhere
        java.util.regex.Matcher refs = java.util.regex.Pattern.compile("\\$ref=#/components/schemas/(\\w+)").matcher(doc.toString());
        int n = 0;
        for (; refs.find(); n++) {
            assertThat(schemas).containsKey(refs.group(1));
        }
        assertThat(n).isGreaterThan(20);
    }

    @Test
    void log_out_ends_the_session() {
        ApiClient c = new ApiClient(console.url());
        c.login("alice", analystPassword);
        assertThat(c.post("/api/v1/logout", Map.of()).status()).isEqualTo(204);
        assertThat(c.get("/api/v1/alerts").status()).isEqualTo(401);
    }

    @Test
    void the_first_administrator_gets_a_generated_password_once_and_only_its_hash_is_stored() throws Exception {
        String pw = firstAdminPassword.get();
        assertThat(pw).isNotNull().hasSizeGreaterThanOrEqualTo(20);
        assertThat(new ApiClient(console.url()).login("admin", pw).json()).containsEntry("roles", List.of("sysadmin"));
        Path file = dir.resolve("data/console/users.json");
        String stored = Files.readString(file);
        assertThat(stored).doesNotContain(pw).doesNotContain(analystPassword).contains("$shiro2$argon2id$");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
}
