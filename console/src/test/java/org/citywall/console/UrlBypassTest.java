package org.citywall.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.citywall.console.api.Access;
import org.citywall.console.api.ApiRoute;
import org.citywall.console.users.Role;
import org.citywall.embedded.elasticsearch.EmbeddedElasticsearch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The URL spellings that bypassed Shiro's path matching in the past never reach a protected
 * handler: for every protected route of the route table, every shape is sent byte for byte,
 * without a session and with a session that lacks the route's permission. The answer is never a
 * success, and the audit trail — which records every request that matched a route, with the
 * guard's refusals as {@code denied} — shows no request that went past the guard: a handler's own
 * 404 for an unknown id ("failure") is a bypass too, not a refusal.
 */
class UrlBypassTest {
    @TempDir
    static Path dir;
    static EmbeddedElasticsearch es;
    static ConsoleServer console;
    static String appUserCookie;
    static String analystCookie;
    static final java.util.concurrent.ConcurrentLinkedQueue<AccessRecord> TRAIL = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** Each shape turns a route path like {@code /api/v1/alerts/a1} into a tricky spelling of it. */
    static final List<UnaryOperator<String>> SHAPES = List.of(
            p -> p,                                                   // plain: the baseline must be refused too
            p -> p + ";jsessionid=x",                                 // path parameter on the last segment
            p -> p.replaceFirst("/api/v1/", "/api;x=y/v1/"),           // path parameter inside
            p -> p.replaceFirst("/api/v1/", "/api/v1;/"),
            p -> p + "/",                                             // trailing slash
            p -> p + "//",
            p -> "/" + p,                                             // double leading slash
            p -> p.replaceFirst("/api/v1/", "/api/v1%2F"),            // encoded slash
            p -> p.replaceFirst("/api/v1/", "/api/v1%2f"),
            p -> p.replaceFirst("/api/v1/", "/api/v1/%2e/"),          // encoded dot segments
            p -> p.replaceFirst("/api/v1/", "/api/v1/x/%2e%2e/"),
            p -> p.replaceFirst("/api/v1/", "/api/v1/./"),
            p -> p.replaceFirst("/api/v1/", "/api/v1/x/../"),
            p -> p.replaceFirst("/api/v1/", "/api/v1/x/..;/"),        // Shiro CVE-2020-1957 style
            p -> "/static/..;" + p,
            p -> "/..;" + p,
            p -> p.replaceFirst("/api/v1/", "/api/v1/%252e%252e/"),   // double encoding
            p -> p.replaceFirst("/api/v1/", "/api/v1%252F"),
            p -> p + "%0d%0a",                                        // encoded CR/LF
            p -> p + "%0a",
            p -> p + "%0d%0aX-Injected:%20yes",
            p -> p + "%20",                                           // spaces
            p -> p.replaceFirst("/api/v1/", "/api/v1/%20/"),
            p -> p + "%00",                                           // NUL
            p -> p.replace("/api/", "/API/"),                         // case
            p -> p + "?x=/../login",
            p -> p + "#frag");

    @BeforeAll
    static void start() {
        es = EmbeddedElasticsearch.start(dir.resolve("es"));
        console = ConsoleServer.builder().dataDirectory(dir.resolve("data")).elasticsearch(es.url())
                .accessRecorder(TRAIL::add)
                .onFirstAdministrator((u, pw) -> { }).build().start();
        // an account with no console permissions at all: a session that must still be refused
        String pw = console.users().create("robot", List.of(Role.APP), List.of("taiyuan"));
        appUserCookie = sessionCookie("robot", pw);
        analystCookie = sessionCookie("ana", console.users().create("ana", List.of(Role.ANALYST), List.of("taiyuan")));
    }

    static String sessionCookie(String user, String password) {
        ApiClient c = new ApiClient(console.url());
        c.login(user, password);
        return c.cookies.getCookieStore().getCookies().stream().filter(k -> k.getName().equals("CW_SESSION"))
                .findFirst().orElseThrow().toString();
    }

    @AfterAll
    static void stop() {
        TestResources.closeAll(console, es);
    }

    @Test
    void no_url_shape_reaches_a_protected_handler_without_a_session() {
        assertNoShapeSucceeds(null, r -> true);
    }

    @Test
    void no_url_shape_reaches_a_handler_whose_permission_the_session_lacks() {
        assertNoShapeSucceeds(appUserCookie,
                r -> r.access().kind() == Access.Kind.GLOBAL || r.access().kind() == Access.Kind.DOMAIN);
    }

    @Test
    void the_trail_shows_a_request_that_reached_a_handler_even_when_the_handler_answers_404() {
        // the control for the checks above: a permitted caller asking for an alert that does not exist
        TRAIL.clear();
        RawHttp.Reply reply = RawHttp.send("GET", console.port(), "/api/v1/alerts/a1", analystCookie);
        assertThat(reply.status()).isEqualTo(404);
        assertThat(TRAIL).extracting(AccessRecord::action, AccessRecord::result)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("alert.read", "failure"));
        assertThat(TRAIL.peek().details()).containsEntry("status", 404L).containsEntry("error", "not_found");
    }

    @Test
    void a_refusal_on_the_trail_names_its_code() {
        TRAIL.clear();
        RawHttp.Reply reply = RawHttp.send("GET", console.port(), "/api/v1/alerts/a1", appUserCookie);
        assertThat(reply.status()).isEqualTo(403);
        assertThat(TRAIL).singleElement().satisfies(r -> {
            assertThat(r.result()).isEqualTo("denied");
            assertThat(r.details()).containsEntry("status", 403L).containsEntry("error", "forbidden");
        });
    }

    private void assertNoShapeSucceeds(String cookie, java.util.function.Predicate<ApiRoute> which) {
        List<String> failures = new ArrayList<>();
        int sent = 0;
        for (ApiRoute r : console.routes()) {
            if (r.access().kind() == Access.Kind.OPEN || r.access().kind() == Access.Kind.APP || !which.test(r)) {
                continue;
            }
            String path = r.path().replaceAll("\\{[^}]+}", "a1");
            for (UnaryOperator<String> shape : SHAPES) {
                String target = shape.apply(path);
                TRAIL.clear();
                RawHttp.Reply reply = RawHttp.send(r.method().name(), console.port(), target, cookie);
                sent++;
                boolean refused = reply.status() >= 400 && reply.status() < 500;
                boolean injected = reply.text().contains("X-Injected");
                // the trail is written before the answer is sent: what it holds now is this request's
                List<String> pastGuard = TRAIL.stream().filter(a -> !a.result().equals("denied"))
                        .map(a -> a.action() + " " + a.result()).toList();
                if (!refused || injected || !pastGuard.isEmpty()) {
                    failures.add(r.method() + " " + target + " -> " + reply.status() + " " + pastGuard);
                }
            }
        }
        assertThat(sent).isGreaterThanOrEqualTo(SHAPES.size() * 2);
        assertThat(failures).isEmpty();
    }
}
