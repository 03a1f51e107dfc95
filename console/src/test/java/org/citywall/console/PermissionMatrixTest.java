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
import org.citywall.console.users.Role;
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
        EXPECTED.put("GET /api/v1/admin/apps", EnumSet.of(Role.SECADMIN));
        EXPECTED.put("POST /api/v1/admin/apps", EnumSet.of(Role.SECADMIN));
        for (String p : List.of("sign", "verify", "encrypt", "decrypt", "rewrap", "hmac", "hmac/verify", "hash", "datakey", "keys",
                "keys/{name}/rotate", "certificates", "certificates/revoke", "cms/sign", "cms/verify")) {
            EXPECTED.put("POST /api/v1/crypto/" + p, NONE);
        }
        for (String p : List.of("keys", "keys/{name}/public", "crl")) {
            EXPECTED.put("GET /api/v1/crypto/" + p, NONE);
        }
    }

    static final AtomicInteger SEQ = new AtomicInteger();

    /** A sample body per state-changing route; {@code id} is the alert id of the cell. */
    static final Map<String, Function<String, Object>> BODIES = Map.of(
            "POST /api/v1/login", id -> Map.of("username", "nobody", "password", "x"),
            "POST /api/v1/logout", id -> Map.of(),
            "PATCH /api/v1/alerts/{id}", id -> Map.of("assignee", "alice"),
            "POST /api/v1/alerts/bulk", id -> Map.of("ids", List.of(id), "assignee", "alice"),
            "POST /api/v1/alerts/{id}/comments", id -> Map.of("text", "checked"),
            "POST /api/v1/admin/users", id -> Map.of("username", "made" + SEQ.incrementAndGet(), "roles", List.of("analyst"),
                    "domains", List.of("taiyuan")),
            "PATCH /api/v1/admin/users/{name}", id -> Map.of("domains", List.of("taiyuan")),
            "POST /api/v1/admin/apps", id -> Map.of("app_id", "app" + SEQ.incrementAndGet(), "permissions", List.of("crypto:hash")));

    @TempDir
    static Path dir;
    static EmbeddedElasticsearch es;
    static ConsoleServer console;
    static final Map<Role, String> passwords = new HashMap<>();

    @BeforeAll
    static void start() {
        es = EmbeddedElasticsearch.start(dir.resolve("es"));
        console = ConsoleServer.builder().dataDirectory(dir.resolve("data")).elasticsearch(es.url())
                .onFirstAdministrator((u, pw) -> { }).build().start();
        for (Role r : Role.values()) {
            passwords.put(r, console.users().create("u-" + r.wireName(), List.of(r), List.of("taiyuan")));
        }
        console.users().create("target", List.of(Role.ANALYST), List.of("taiyuan"));
        TestAlerts alerts = new TestAlerts(es.url());
        alerts.write(TestAlerts.alert("own", "taiyuan", "high", "ssh-brute-force", "SSH brute force", "2026-03-03T10:00:00Z", "203.0.113.7"));
        alerts.write(TestAlerts.alert("other", "datong", "high", "ssh-brute-force", "SSH brute force", "2026-03-03T10:00:00Z", "192.0.2.7"));
    }

    @AfterAll
    static void stop() {
        if (console != null) {
            console.close();
        }
        if (es != null) {
            es.close();
        }
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
                    boolean expected = EXPECTED.getOrDefault(key(r), NONE).contains(role)
                            && (alertId.equals("own") || !r.path().contains("{id}"));
                    String path = r.path().replace("{id}", alertId).replace("{name}", r.path().contains("users") ? "target" : "load-sign");
                    Object body = BODIES.containsKey(key(r)) ? BODIES.get(key(r)).apply(alertId)
                            : r.method().name().equals("GET") ? null : Map.of();
                    ApiClient.Answer a = c.send(r.method().name(), path, body);
                    int s = a.status();
                    boolean allowed = s != 401 && s != 403 && !(s == 404 && r.path().contains("{id}"));
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
}
