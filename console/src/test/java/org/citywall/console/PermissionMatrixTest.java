package org.citywall.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.citywall.console.api.Access;
import org.citywall.console.api.ApiRoute;
import org.citywall.audit.AuditLog;
import org.citywall.console.users.Role;
import org.citywall.crypto.KeyRing;
import org.citywall.crypto.KeyType;
import org.citywall.embedded.elasticsearch.EmbeddedElasticsearch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route of the route table × every role × a resource in the user's own domain and in another
 * → the expected allow or deny, written down here independently of the code. A route added to the
 * table without a row here, or without a sample request, fails this test (and so the build).
 * Allowed means the guard let the request through (not 401, 403, or 404 for a visible resource);
 * denied means 401/403, or 404 for another domain's resource (other domains stay invisible).
 */
class PermissionMatrixTest {
    static final Set<Role> NONE = EnumSet.noneOf(Role.class);
    static final Set<Role> EVERYONE = EnumSet.allOf(Role.class);

    /** Who may call each route — the specification. Crypto routes take application keys, never sessions. */
    static final Map<String, Set<Role>> EXPECTED = new HashMap<>();

    static {
        EXPECTED.put("POST /api/v1/login", EVERYONE);
        EXPECTED.put("POST /api/v1/logout", EVERYONE);
        EXPECTED.put("GET /api/v1/session", EVERYONE);
        EXPECTED.put("GET /api/v1/alerts", EnumSet.of(Role.ANALYST, Role.AUDITOR, Role.SECADMIN));
        EXPECTED.put("GET /api/v1/alerts/{id}", EnumSet.of(Role.ANALYST, Role.AUDITOR, Role.SECADMIN));
        EXPECTED.put("PATCH /api/v1/alerts/{id}", EnumSet.of(Role.ANALYST));
        EXPECTED.put("POST /api/v1/alerts/bulk", EnumSet.of(Role.ANALYST));
        EXPECTED.put("GET /api/v1/alerts/{id}/comments", EnumSet.of(Role.ANALYST, Role.AUDITOR, Role.SECADMIN));
        EXPECTED.put("POST /api/v1/alerts/{id}/comments", EnumSet.of(Role.ANALYST));
        EXPECTED.put("GET /api/v1/alerts/{id}/history", EnumSet.of(Role.ANALYST, Role.AUDITOR, Role.SECADMIN));
        EXPECTED.put("GET /api/v1/openapi.json", EVERYONE);
        EXPECTED.put("GET /api/v1/admin/users", EnumSet.of(Role.SYSADMIN));
        EXPECTED.put("POST /api/v1/admin/users", EnumSet.of(Role.SYSADMIN));
        EXPECTED.put("PATCH /api/v1/admin/users/{name}", EnumSet.of(Role.SYSADMIN));
        EXPECTED.put("POST /api/v1/admin/users/{name}/password-reset", EnumSet.of(Role.SYSADMIN));
        EXPECTED.put("POST /api/v1/session/password", EVERYONE);
        EXPECTED.put("GET /api/v1/admin/apps", EnumSet.of(Role.SECADMIN));
        EXPECTED.put("POST /api/v1/admin/apps", EnumSet.of(Role.SECADMIN));
        EXPECTED.put("PATCH /api/v1/admin/apps/{id}", EnumSet.of(Role.SECADMIN));
        EXPECTED.put("GET /api/v1/alerts/stream", EnumSet.of(Role.ANALYST, Role.AUDITOR, Role.SECADMIN));
        EXPECTED.put("GET /api/v1/alerts/{id}/events", EnumSet.of(Role.ANALYST));
        EXPECTED.put("GET /api/v1/alerts/{id}/related", EnumSet.of(Role.ANALYST, Role.AUDITOR, Role.SECADMIN));
        EXPECTED.put("GET /api/v1/dashboard", EnumSet.of(Role.ANALYST, Role.AUDITOR, Role.SECADMIN, Role.SYSADMIN));
        EXPECTED.put("GET /api/v1/ingest", EnumSet.of(Role.ANALYST, Role.SECADMIN, Role.SYSADMIN));
        EXPECTED.put("GET /api/v1/rules", EnumSet.of(Role.ANALYST, Role.SECADMIN));
        EXPECTED.put("GET /api/v1/rules/{id}", EnumSet.of(Role.ANALYST, Role.SECADMIN));
        EXPECTED.put("POST /api/v1/rules/check", EnumSet.of(Role.SECADMIN));
        EXPECTED.put("POST /api/v1/rules", EnumSet.of(Role.SECADMIN));
        EXPECTED.put("PATCH /api/v1/rules/{id}", EnumSet.of(Role.SECADMIN));
        EXPECTED.put("GET /api/v1/audit/records", EnumSet.of(Role.AUDITOR));
        EXPECTED.put("GET /api/v1/audit/records/{seq}", EnumSet.of(Role.AUDITOR));
        EXPECTED.put("GET /api/v1/audit/head", EnumSet.of(Role.AUDITOR));
        EXPECTED.put("GET /api/v1/audit/reconciliation", EnumSet.of(Role.AUDITOR));
        EXPECTED.put("POST /api/v1/audit/export", EnumSet.of(Role.AUDITOR));
        EXPECTED.put("GET /api/v1/admin/keys", EnumSet.of(Role.SECADMIN));
        EXPECTED.put("POST /api/v1/admin/keys", EnumSet.of(Role.SECADMIN));
        EXPECTED.put("POST /api/v1/admin/keys/{name}/rotate", EnumSet.of(Role.SECADMIN));
        for (String p : List.of("sign", "verify", "encrypt", "decrypt", "rewrap", "hmac", "hmac/verify", "hash", "datakey", "keys",
                "keys/{name}/rotate", "keys/{name}/versions/{version}/disable", "keys/{name}/versions/{version}/enable", "keys/{name}/config",
                "certificates", "certificates/revoke", "cms/sign", "cms/verify")) {
            EXPECTED.put("POST /api/v1/crypto/" + p, NONE);
        }
        for (String p : List.of("keys", "keys/{name}/public", "crl")) {
            EXPECTED.put("GET /api/v1/crypto/" + p, NONE);
        }
    }

    static final AtomicInteger SEQ = new AtomicInteger();

    /** A sample body per state-changing route; {@code id} is the alert id of the cell. */
    static final Map<String, Function<String, Object>> BODIES = Map.ofEntries(
            Map.entry("POST /api/v1/rules/check", id -> Map.of("file_name", "matrix.yml", "yaml", rule("matrix-check"))),
            Map.entry("POST /api/v1/rules", id -> Map.of("file_name", "matrix-" + SEQ.incrementAndGet() + ".yml",
                    "yaml", rule("matrix-" + SEQ.incrementAndGet()))),
            Map.entry("PATCH /api/v1/rules/{id}", id -> Map.of("enabled", true)),
            Map.entry("POST /api/v1/audit/export", id -> Map.of()),
            Map.entry("POST /api/v1/admin/keys", id -> Map.of("name", "key" + SEQ.incrementAndGet(), "type", "sm4-gcm")),
            Map.entry("POST /api/v1/admin/keys/{name}/rotate", id -> Map.of()),
            Map.entry("PATCH /api/v1/admin/apps/{id}", id -> Map.of("disabled", false)),
            Map.entry("POST /api/v1/login", id -> Map.of("username", "nobody", "password", "x")),
            Map.entry("POST /api/v1/logout", id -> Map.of()),
            Map.entry("PATCH /api/v1/alerts/{id}", id -> Map.of("assignee", "alice")),
            Map.entry("POST /api/v1/alerts/bulk", id -> Map.of("ids", List.of(id), "assignee", "alice")),
            Map.entry("POST /api/v1/alerts/{id}/comments", id -> Map.of("text", "checked")),
            Map.entry("POST /api/v1/admin/users", id -> Map.of("username", "made" + SEQ.incrementAndGet(), "roles", List.of("analyst"),
                    "domains", List.of("taiyuan"))),
            Map.entry("PATCH /api/v1/admin/users/{name}", id -> Map.of("domains", List.of("taiyuan"))),
            Map.entry("POST /api/v1/admin/users/{name}/password-reset", id -> Map.of()),
            // no new password: the answer (400) shows the guard let the caller through without changing anything
            Map.entry("POST /api/v1/session/password", id -> Map.of("current_password", "x")),
            Map.entry("POST /api/v1/admin/apps", id -> Map.of("app_id", "app" + SEQ.incrementAndGet(), "permissions", List.of("crypto:hash"))));

    /** A valid Sigma rule with its own id. */
    static String rule(String id) {
        return "title: Matrix rule " + id + "\nid: " + id + "\nstatus: test\nlogsource:\n    product: linux\n    service: sshd\n"
                + "detection:\n    selection:\n        event.action: matrix_" + id.replace('-', '_') + "\n    condition: selection\nlevel: low\n";
    }

    /** The sample path of a route for a cell: alert routes take the cell's alert, other resources fixed ones made in setup. */
    static String samplePath(ApiRoute r, String alertId) {
        String p = r.path();
        if (p.startsWith("/api/v1/alerts/{id}")) {
            return p.replace("{id}", alertId);
        }
        return p.replace("/rules/{id}", "/rules/" + SSH_BRUTE_FORCE)
                .replace("/admin/apps/{id}", "/admin/apps/matrix-app")
                .replace("/admin/users/{name}", "/admin/users/target")
                .replace("/admin/keys/{name}", "/admin/keys/matrix-key")
                .replace("{seq}", "0")
                .replace("{version}", "1")
                .replace("{name}", "load-sign");
    }

    static final String SSH_BRUTE_FORCE = "1f0c9a52-6b1e-4d47-9d1c-5f2a7e3b8c01";

    @TempDir
    static Path dir;
    static EmbeddedElasticsearch es;
    static ConsoleServer console;
    static AuditLog audit;
    static final Map<Role, String> passwords = new HashMap<>();

    @BeforeAll
    static void start() {
        es = EmbeddedElasticsearch.start(dir.resolve("es"));
        KeyRing ring = KeyRing.inMemory();
        ring.create("matrix-key", KeyType.SM4_GCM);
        audit = TestAudit.open(dir.resolve("audit"));
        console = ConsoleServer.builder().dataDirectory(dir.resolve("data")).elasticsearch(es.url())
                .auditLog(audit).keyRing(ring).rulesDirectory(dir.resolve("data").resolve("rules")).ruleValidator(TestRules.validator())
                .onFirstAdministrator((u, pw) -> { }).build().start();
        console.apps().create("matrix-app", List.of("crypto:hash"));
        for (Role r : Role.values()) {
            passwords.put(r, console.users().create("u-" + r.wireName(), List.of(r), List.of("taiyuan")));
        }
        console.users().create("target", List.of(Role.ANALYST), List.of("taiyuan"));
        TestAlerts alerts = new TestAlerts(es.url());
        alerts.write(TestAlerts.alert("own", "taiyuan", "high", "ssh-brute-force", "SSH brute force", "2026-03-03T10:00:00Z", "203.0.113.7"));
        alerts.write(TestAlerts.alert("other", "datong", "high", "ssh-brute-force", "SSH brute force", "2026-03-03T10:00:00Z", "192.0.2.7"));
    }

    @AfterAll
    static void stop() throws java.io.IOException {
        TestResources.closeAll(console, audit, es);
    }

    static String key(ApiRoute r) {
        return r.method() + " " + r.path();
    }

    @Test
    void every_route_has_a_row_in_the_matrix_and_a_sample_request() {
        List<String> missing = new ArrayList<>();
        for (ApiRoute r : console.routes()) {
            if (!EXPECTED.containsKey(key(r))) {
                missing.add("no expected roles for " + key(r));
            }
            boolean changes = !r.method().name().equals("GET");
            if (changes && r.access().kind() != Access.Kind.APP && !BODIES.containsKey(key(r))) {
                missing.add("no sample body for " + key(r));
            }
        }
        assertThat(missing).isEmpty();
        assertThat(console.routes()).hasSizeGreaterThanOrEqualTo(EXPECTED.size());
    }

    @Test
    void every_route_allows_exactly_the_expected_roles_in_their_own_domain_and_nobody_in_another() {
        List<String> wrong = new ArrayList<>();
        int cells = 0;
        for (Role role : Role.values()) {
            ApiClient c = new ApiClient(console.url());
            assertThat(c.login("u-" + role.wireName(), passwords.get(role)).status()).isEqualTo(200);
            for (ApiRoute r : console.routes()) {
                if (key(r).equals("POST /api/v1/logout")) {
                    continue; // checked below with a session of its own
                }
                for (String alertId : List.of("own", "other")) {
                    boolean domainScoped = r.path().startsWith("/api/v1/alerts/{id}");
                    boolean expected = EXPECTED.getOrDefault(key(r), NONE).contains(role) && (alertId.equals("own") || !domainScoped);
                    String path = samplePath(r, alertId);
                    Object body = BODIES.containsKey(key(r)) ? BODIES.get(key(r)).apply(alertId)
                            : r.method().name().equals("GET") ? null : Map.of();
                    int s = r.path().endsWith("/stream") ? c.openStream(path) : c.send(r.method().name(), path, body).status();
                    boolean allowed = s != 401 && s != 403 && !(s == 404 && domainScoped);
                    boolean login = key(r).equals("POST /api/v1/login");
                    if (login) {
                        allowed = s != 403; // open route: a wrong password is 401, but the route is reachable
                        c.login("u-" + role.wireName(), passwords.get(role));
                    }
                    if (allowed != expected || s >= 500) {
                        wrong.add(role.wireName() + " " + r.method() + " " + path + " -> " + s + " (expected " + (expected ? "allow" : "deny") + ")");
                    }
                    cells++;
                }
            }
            ApiClient out = new ApiClient(console.url());
            out.login("u-" + role.wireName(), passwords.get(role));
            if (out.post("/api/v1/logout", Map.of()).status() != 204) {
                wrong.add(role.wireName() + " cannot log out");
            }
        }
        assertThat(cells).isGreaterThan(100);
        assertThat(wrong).isEmpty();
    }

    @Test
    void no_read_shows_a_single_user_anything_of_another_domain() {
        // the "other" alert lives in datong; every user here holds taiyuan only: lists, searches, dashboards,
        // related alerts and exports must not carry its id, address or domain
        List<String> leaks = new ArrayList<>();
        int reads = 0;
        for (Role role : Role.values()) {
            ApiClient c = new ApiClient(console.url());
            assertThat(c.login("u-" + role.wireName(), passwords.get(role)).status()).isEqualTo(200);
            for (ApiRoute r : console.routes()) {
                if (!r.method().name().equals("GET") || r.path().endsWith("/stream") || r.access().kind() == Access.Kind.APP) {
                    continue;
                }
                for (String query : List.of("", "?domain=datong", "?q=192.0.2.7", "?size=100")) {
                    ApiClient.Answer a = c.get(samplePath(r, "own") + query);
                    reads++;
                    String body = a.body();
                    if (a.status() == 200 && (body.contains("\"other\"") || body.contains("192.0.2.7") || body.contains("datong"))) {
                        leaks.add(role.wireName() + " GET " + samplePath(r, "own") + query);
                    }
                }
            }
        }
        assertThat(reads).isGreaterThan(50);
        assertThat(leaks).isEmpty();
    }

    @Test
    void a_rule_upload_is_on_the_trail_with_the_sm3_of_the_text_deployed() {
        ApiClient sec = new ApiClient(console.url());
        assertThat(sec.login("u-secadmin", passwords.get(Role.SECADMIN)).status()).isEqualTo(200);
        String yaml = "title: Trail check\nid: 6a1f3c2e-8b4d-4e7a-9c01-2f5d7e9b1a" + String.format("%02d", SEQ.incrementAndGet() % 100)
                + "\nstatus: test\nlogsource:\n    product: linux\n    service: sshd\ndetection:\n    keywords:\n"
                + "        - 'trail check marker'\n    condition: keywords\nlevel: low\n";
        ApiClient.Answer up = sec.post("/api/v1/rules", Map.of("file_name", "trail-check.yml", "yaml", yaml));
        assertThat(up.status()).as(up.body()).isEqualTo(201);
        String sm3 = java.util.HexFormat.of().formatHex(org.citywall.crypto.Sm3.digest(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(audit.query(org.citywall.audit.AuditQuery.builder().action("rule.upload").limit(1000).build()))
                .anySatisfy(r -> {
                    assertThat(r.object()).isEqualTo("rules/trail-check.yml");
                    assertThat(r.details()).containsEntry("sm3", sm3);
                });
    }
}
