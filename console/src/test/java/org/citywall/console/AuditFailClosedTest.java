package org.citywall.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.citywall.console.users.Role;
import org.citywall.crypto.KeyRing;
import org.citywall.embedded.elasticsearch.EmbeddedElasticsearch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A request the trail cannot record is refused (fail closed), per action class; nothing is done for it. */
class AuditFailClosedTest {
    @TempDir
    static Path dir;
    static EmbeddedElasticsearch es;
    static final AtomicBoolean trailDown = new AtomicBoolean();
    static ConsoleServer closed;
    static ConsoleServer open;
    static String password;
    static String appKey;

    @BeforeAll
    static void start() {
        es = EmbeddedElasticsearch.start(dir.resolve("es"));
        AccessRecorder recorder = r -> {
            if (trailDown.get()) {
                throw new IllegalStateException("audit disk full");
            }
        };
        KeyRing ring = KeyRing.inMemory();
        closed = ConsoleServer.builder().dataDirectory(dir.resolve("closed")).elasticsearch(es.url()).accessRecorder(recorder)
                .keyRing(ring).onFirstAdministrator((u, pw) -> { }).build().start();
        password = closed.users().create("alice", List.of(Role.ANALYST), List.of("taiyuan"));
        appKey = closed.apps().create("hasher", List.of("crypto:hash"));
        // reads of alerts may go unrecorded here: "alert" is not a fail-closed class of this console
        open = ConsoleServer.builder().dataDirectory(dir.resolve("open")).elasticsearch(es.url()).accessRecorder(recorder)
                .failClosed(Set.of("user")).users(closed.users()).onFirstAdministrator((u, pw) -> { }).build().start();
    }

    @AfterAll
    static void stop() throws Exception {
        trailDown.set(false);
        TestResources.closeAll(open, closed, es);
    }

    @Test
    void reads_and_crypto_calls_are_refused_while_the_trail_cannot_record_them_and_served_again_after() throws Exception {
        ApiClient alice = new ApiClient(closed.url());
        assertThat(alice.login("alice", password).status()).isEqualTo(200);
        HttpRequest hash = HttpRequest.newBuilder(URI.create(closed.url() + "/api/v1/crypto/hash"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + appKey)
                .POST(HttpRequest.BodyPublishers.ofString("{\"data\":\"aGVsbG8=\"}")).build();
        HttpClient http = HttpClient.newHttpClient();
        try {
            trailDown.set(true);
            ApiClient.Answer read = alice.get("/api/v1/alerts");
            assertThat(read.status()).isEqualTo(503);
            assertThat(read.errorCode()).isEqualTo("audit_unavailable");
            HttpResponse<String> refused = http.send(hash, HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.body()).doesNotContain("digest").doesNotContain("sm3");
        } finally {
            trailDown.set(false);
        }
        assertThat(alice.get("/api/v1/alerts").status()).isEqualTo(200);
        assertThat(http.send(hash, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    @Test
    void a_log_in_the_trail_cannot_record_is_refused_and_leaves_no_session() {
        String pw = closed.users().create("bob", List.of(Role.ANALYST), List.of("taiyuan"));
        ApiClient bob = new ApiClient(closed.url());
        try {
            trailDown.set(true);
            ApiClient.Answer refused = bob.login("bob", pw);
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.errorCode()).isEqualTo("audit_unavailable");
        } finally {
            trailDown.set(false);
        }
        assertThat(bob.get("/api/v1/session").status()).isEqualTo(401);
        assertThat(bob.login("bob", pw).status()).isEqualTo(200);
    }

    @Test
    void a_password_change_the_trail_cannot_record_is_refused_and_the_old_password_still_works() {
        String old = closed.users().create("carol", List.of(Role.ANALYST), List.of("taiyuan"));
        String next = "Another-Long-Secret-7";
        ApiClient carol = new ApiClient(closed.url());
        assertThat(carol.login("carol", old).status()).isEqualTo(200);
        try {
            trailDown.set(true);
            ApiClient.Answer refused = carol.post("/api/v1/session/password",
                    java.util.Map.of("current_password", old, "new_password", next));
            assertThat(refused.status()).isEqualTo(503);
        } finally {
            trailDown.set(false);
        }
        assertThat(new ApiClient(closed.url()).login("carol", next).status()).isEqualTo(401);
        assertThat(new ApiClient(closed.url()).login("carol", old).status()).isEqualTo(200);
    }

    @Test
    void a_class_configured_to_fail_open_is_served_and_the_failure_only_logged() {
        ApiClient alice = new ApiClient(open.url());
        assertThat(alice.login("alice", password).status()).isEqualTo(200);
        try {
            trailDown.set(true);
            assertThat(alice.get("/api/v1/alerts").status()).isEqualTo(200);
        } finally {
            trailDown.set(false);
        }
    }
}
