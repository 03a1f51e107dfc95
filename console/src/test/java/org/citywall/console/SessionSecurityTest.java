package org.citywall.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.citywall.console.security.LoginThrottle;
import org.citywall.console.security.SecurityLog;
import org.citywall.console.users.Role;
import org.citywall.embedded.elasticsearch.EmbeddedElasticsearch;
import org.citywall.event.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sessions and the requests that change state: CSRF tokens, cross-origin refusal, no session
 * fixation, lockout with back-off and its log event, idle and absolute timeouts, security headers.
 */
class SessionSecurityTest {
    @TempDir
    static Path dir;
    static EmbeddedElasticsearch es;
    static ConsoleServer console;
    static ConsoleServer shortLived;
    static String password;

    @BeforeAll
    static void start() {
        es = EmbeddedElasticsearch.start(dir.resolve("es"));
        console = ConsoleServer.builder().dataDirectory(dir.resolve("data")).elasticsearch(es.url())
                .loginThrottle(new LoginThrottle(3, Duration.ofSeconds(2), Duration.ofSeconds(8), Clock.systemUTC()))
                .onFirstAdministrator((u, pw) -> { }).build().start();
        password = console.users().create("alice", List.of(Role.ANALYST), List.of("taiyuan"));
        shortLived = ConsoleServer.builder().dataDirectory(dir.resolve("data")).users(console.users()).elasticsearch(es.url())
                .idleTimeout(Duration.ofSeconds(2)).absoluteTimeout(Duration.ofSeconds(4)).build().start();
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {shortLived, console, es}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // keep closing the rest
            }
        }
    }

    @Test
    void every_session_of_an_account_ends_when_an_administrator_disables_it_resets_its_password_or_changes_its_roles() {
        String pw = console.users().create("sasha", List.of(Role.ANALYST), List.of("taiyuan"));
        ApiClient first = new ApiClient(console.url());
        ApiClient second = new ApiClient(console.url());
        assertThat(first.login("sasha", pw).status()).isEqualTo(200);
        assertThat(second.login("sasha", pw).status()).isEqualTo(200);

        // the holder's own password change keeps the session it was made in, and ends the others
        String next = "Quinn-Changed-Passw0rd!";
        assertThat(first.post("/api/v1/session/password", Map.of("current_password", pw, "new_password", next)).status()).isEqualTo(204);
        assertThat(first.get("/api/v1/session").status()).isEqualTo(200);
        ApiClient.Answer ended = second.get("/api/v1/session");
        assertThat(ended.status()).isEqualTo(401);
        assertThat(ended.errorCode()).isEqualTo("session_ended");

        console.users().setRoles("sasha", List.of(Role.ANALYST), List.of("taiyuan", "datong"));
        assertThat(first.get("/api/v1/session").errorCode()).isEqualTo("session_ended");

        assertThat(first.login("sasha", next).status()).isEqualTo(200);
        console.users().setDisabled("sasha", true);
        assertThat(first.get("/api/v1/alerts").errorCode()).isEqualTo("session_ended");
        console.users().setDisabled("sasha", false);
        assertThat(first.get("/api/v1/session").status()).as("a session that ended stays ended").isEqualTo(401);

        assertThat(first.login("sasha", next).status()).isEqualTo(200);
        console.users().resetPassword("sasha");
        assertThat(first.get("/api/v1/session").errorCode()).isEqualTo("session_ended");
    }

    @Test
    void a_user_changes_their_own_password_knowing_the_current_one_and_an_administrator_can_reset_it() {
        String first = console.users().create("pat", List.of(Role.ANALYST), List.of("taiyuan"));
        ApiClient pat = new ApiClient(console.url());
        assertThat(pat.login("pat", first).status()).isEqualTo(200);
        String next = "Tr0ub4dor&3-horse-battery";
        ApiClient.Answer wrong = pat.post("/api/v1/session/password", Map.of("current_password", "not-it", "new_password", next));
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(wrong.errorCode()).isEqualTo("invalid_credentials");
        ApiClient.Answer weak = pat.post("/api/v1/session/password", Map.of("current_password", first, "new_password", "short"));
        assertThat(weak.status()).isEqualTo(400);
        assertThat(weak.errorCode()).isEqualTo("weak_password");
        assertThat(pat.post("/api/v1/session/password", Map.of("current_password", first, "new_password", next)).status()).isEqualTo(204);
        assertThat(new ApiClient(console.url()).login("pat", first).status()).isEqualTo(401);
        assertThat(new ApiClient(console.url()).login("pat", next).status()).isEqualTo(200);

        String adminPassword = console.users().create("ops", List.of(Role.SYSADMIN), List.of("*"));
        ApiClient ops = new ApiClient(console.url());
        assertThat(ops.login("ops", adminPassword).status()).isEqualTo(200);
        ApiClient.Answer reset = ops.post("/api/v1/admin/users/pat/password-reset", Map.of());
        assertThat(reset.status()).isEqualTo(200);
        String generated = (String) reset.json().get("password");
        assertThat(new ApiClient(console.url()).login("pat", next).status()).isEqualTo(401);
        assertThat(new ApiClient(console.url()).login("pat", generated).status()).isEqualTo(200);
        assertThat(ops.post("/api/v1/admin/users/nobody/password-reset", Map.of()).status()).isEqualTo(404);
    }

    @Test
    void guessing_the_current_password_with_a_stolen_session_locks_the_account() {
        String pw = console.users().create("quinn", List.of(Role.ANALYST), List.of("taiyuan"));
        ApiClient q = new ApiClient(console.url());
        assertThat(q.login("quinn", pw).status()).isEqualTo(200);
        for (int i = 0; i < 3; i++) {
            assertThat(q.post("/api/v1/session/password", Map.of("current_password", "guess" + i, "new_password", "Another-l0ng-passphrase"))
                    .status()).isEqualTo(403);
        }
        ApiClient.Answer locked = q.post("/api/v1/session/password", Map.of("current_password", pw, "new_password", "Another-l0ng-passphrase"));
        assertThat(locked.status()).isEqualTo(429);
        assertThat(new ApiClient(console.url()).login("quinn", pw).status()).isEqualTo(429);
    }

    @Test
    void a_state_changing_request_without_the_csrf_token_is_refused() {
        ApiClient c = new ApiClient(console.url());
        c.login("alice", password);
        String token = c.csrf;
        c.csrf = null;
        ApiClient.Answer missing = c.post("/api/v1/logout", Map.of());
        assertThat(missing.status()).isEqualTo(403);
        assertThat(missing.errorCode()).isEqualTo("csrf_token_invalid");
        c.csrf = token.substring(1) + "x";
        assertThat(c.post("/api/v1/logout", Map.of()).errorCode()).isEqualTo("csrf_token_invalid");
        c.csrf = token;
        assertThat(c.post("/api/v1/logout", Map.of()).status()).isEqualTo(204);
    }

    @Test
    void every_state_changing_session_route_refuses_a_request_without_the_csrf_token() {
        ApiClient c = new ApiClient(console.url());
        assertThat(c.login("alice", password).status()).isEqualTo(200);
        String token = c.csrf;
        c.csrf = null;
        List<String> wrong = new java.util.ArrayList<>();
        int checked = 0;
        for (org.citywall.console.api.ApiRoute r : console.routes()) {
            var kind = r.access().kind();
            if (r.method().name().equals("GET") || kind == org.citywall.console.api.Access.Kind.OPEN
                    || kind == org.citywall.console.api.Access.Kind.APP) {
                continue;
            }
            String path = r.path().replaceAll("\\{[^}]+}", "x");
            ApiClient.Answer a = c.send(r.method().name(), path, Map.of());
            checked++;
            if (a.status() != 403 || !"csrf_token_invalid".equals(a.errorCode())) {
                wrong.add(r.method() + " " + r.path() + " -> " + a.status() + " " + a.errorCode());
            }
        }
        assertThat(checked).isGreaterThan(10);
        assertThat(wrong).isEmpty();
        c.csrf = token;
        assertThat(c.get("/api/v1/session").status()).as("the session survived the refusals").isEqualTo(200);
    }

    @Test
    void cross_origin_and_non_json_posts_are_refused() {
        ApiClient c = new ApiClient(console.url());
        ApiClient.Answer cross = c.send(HttpRequest.newBuilder(URI.create(console.url() + "/api/v1/login"))
                .header("Content-Type", "application/json").header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("username", "alice", "password", password)))));
        assertThat(cross.status()).isEqualTo(403);
        assertThat(cross.errorCode()).isEqualTo("cross_origin");
        ApiClient.Answer form = c.send(HttpRequest.newBuilder(URI.create(console.url() + "/api/v1/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=alice&password=x")));
        assertThat(form.status()).isEqualTo(415);
        assertThat(form.errorCode()).isEqualTo("unsupported_media_type");
    }

    @Test
    void log_in_always_issues_a_new_session_id() {
        ApiClient c = new ApiClient(console.url());
        c.login("alice", password);
        String first = sessionId(c);
        // an attacker who planted this id and the victim logs in again: the id changes, the old one is dead
        c.login("alice", password);
        String second = sessionId(c);
        assertThat(second).isNotEqualTo(first);
        ApiClient attacker = new ApiClient(console.url());
        attacker.cookies.getCookieStore().add(URI.create(console.url()), cookie(first));
        assertThat(attacker.get("/api/v1/session").status()).isEqualTo(401);
        assertThat(c.get("/api/v1/session").status()).isEqualTo(200);
    }

    @Test
    void repeated_failures_lock_the_name_with_back_off_and_log_an_event() throws Exception {
        try (CapturedLog log = CapturedLog.of(SecurityLog.LOGGER)) {
            console.users().create("bob", List.of(Role.ANALYST), List.of("taiyuan"), "Correct-Horse-42!");
            ApiClient c = new ApiClient(console.url());
            for (int i = 0; i < 3; i++) {
                assertThat(c.login("bob", "Wrong-Horse-42!").status()).isEqualTo(401);
            }
            ApiClient.Answer locked = c.login("bob", "Correct-Horse-42!");
            assertThat(locked.status()).isEqualTo(429);
            assertThat(locked.errorCode()).isEqualTo("account_locked");
            assertThat(Long.parseLong(locked.header("Retry-After"))).isBetween(1L, 2L);
            // after the lock, the right password works and clears the count
            await().atMost(Duration.ofSeconds(5)).until(() -> c.login("bob", "Correct-Horse-42!").status() == 200);
            // the next lockout is twice as long
            for (int i = 0; i < 3; i++) {
                c.login("bob", "Wrong-Horse-42!");
            }
            assertThat(Long.parseLong(c.login("bob", "Correct-Horse-42!").header("Retry-After"))).isBetween(3L, 4L);

            Map<String, Object> failure = log.lines.stream().map(Json::readObject)
                    .filter(m -> "failure".equals(((Map<?, ?>) m.get("event")).get("outcome"))).findFirst().orElseThrow();
            assertThat((Map<String, Object>) failure.get("event")).containsEntry("action", "login").containsEntry("module", "citywall-console");
            assertThat((Map<String, Object>) failure.get("user")).containsEntry("name", "bob");
            assertThat((Map<String, Object>) failure.get("source")).containsEntry("ip", "127.0.0.1");
            assertThat(log.lines).anyMatch(l -> l.contains("\"action\":\"lockout\""));
            assertThat(log.lines).noneMatch(l -> l.contains("Horse"));
        }
    }

    @Test
    void an_idle_session_expires() throws Exception {
        ApiClient c = new ApiClient(shortLived.url());
        c.login("alice", password);
        assertThat(c.get("/api/v1/session").status()).isEqualTo(200);
        Thread.sleep(2500);
        assertThat(c.get("/api/v1/session").status()).isEqualTo(401);
    }

    @Test
    void a_busy_session_still_ends_at_its_absolute_timeout() {
        ApiClient c = new ApiClient(shortLived.url());
        c.login("alice", password);
        long start = System.nanoTime();
        ApiClient.Answer a;
        do {
            a = c.get("/api/v1/session"); // keeps the session from going idle
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } while (a.status() == 200 && System.nanoTime() - start < Duration.ofSeconds(10).toNanos());
        assertThat(a.status()).isEqualTo(401);
        assertThat(a.errorCode()).isEqualTo("session_expired");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(3500));
    }

    @Test
    void every_answer_carries_the_security_headers() {
        ApiClient c = new ApiClient(console.url());
        for (ApiClient.Answer a : List.of(c.get("/api/v1/alerts"), c.get("/no/such/page"), c.login("x", "y"))) {
            String csp = a.header("Content-Security-Policy");
            assertThat(csp).contains("default-src 'self'").contains("frame-ancestors 'none'").doesNotContain("unsafe-inline")
                    .doesNotContain("unsafe-eval");
            assertThat(a.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(a.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(a.header("Content-Type")).startsWith("application/json");
            assertThat(a.body()).doesNotContain("Exception").doesNotContain("at org.");
        }
    }

    private static String sessionId(ApiClient c) {
        return c.cookies.getCookieStore().getCookies().stream().filter(k -> k.getName().equals("CW_SESSION"))
                .findFirst().orElseThrow().getValue();
    }

    private static HttpCookie cookie(String id) {
        HttpCookie k = new HttpCookie("CW_SESSION", id);
        k.setPath("/");
        k.setVersion(0);
        return k;
    }
}
