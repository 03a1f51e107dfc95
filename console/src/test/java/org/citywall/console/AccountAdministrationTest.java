package org.citywall.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.citywall.audit.AuditLog;
import org.citywall.audit.AuditQuery;
import org.citywall.audit.AuditRecord;
import org.citywall.audit.AuditResult;
import org.citywall.console.users.Role;
import org.citywall.embedded.elasticsearch.EmbeddedElasticsearch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three-role separation in user administration, over HTTP: the system administrator manages
 * analyst and application accounts, but cannot take over the security administrator's, the
 * auditor's or another administrator's account, and every refusal is on the audit trail.
 */
class AccountAdministrationTest {
    @TempDir
    static Path dir;
    static EmbeddedElasticsearch es;
    static AuditLog audit;
    static ConsoleServer console;
    static ApiClient ops;
    static String auditorPassword;
    static String secadminPassword;
    static String peerPassword;

    @BeforeAll
    static void start() {
        es = EmbeddedElasticsearch.start(dir.resolve("es"));
        audit = TestAudit.open(dir.resolve("audit"));
        console = ConsoleServer.builder().dataDirectory(dir.resolve("data")).elasticsearch(es.url()).auditLog(audit)
                .onFirstAdministrator((u, pw) -> { }).build().start();
        String opsPassword = console.users().create("ops", List.of(Role.SYSADMIN), List.of("*"));
        auditorPassword = console.users().create("aud", List.of(Role.AUDITOR), List.of("*"));
        secadminPassword = console.users().create("sec", List.of(Role.SECADMIN), List.of("*"));
        peerPassword = console.users().create("ops2", List.of(Role.SYSADMIN), List.of("*"));
        ops = new ApiClient(console.url());
        assertThat(ops.login("ops", opsPassword).status()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        TestResources.closeAll(console, audit, es);
    }

    @Test
    void the_system_administrator_resets_an_analysts_password_and_the_new_one_works() {
        String old = console.users().create("ana", List.of(Role.ANALYST), List.of("taiyuan"));
        ApiClient.Answer reset = ops.post("/api/v1/admin/users/ana/password-reset", Map.of());
        assertThat(reset.status()).isEqualTo(200);
        assertThat(loginStatus("ana", old)).isEqualTo(401);
        assertThat(loginStatus("ana", (String) reset.json().get("password"))).isEqualTo(200);
    }

    @Test
    void a_password_an_administrator_set_opens_nothing_but_its_own_replacement() {
        ApiClient.Answer created = ops.post("/api/v1/admin/users", Map.of("username", "newbie", "roles", List.of("analyst"),
                "domains", List.of("taiyuan")));
        assertThat(created.status()).isEqualTo(201);
        String given = (String) created.json().get("password");
        ApiClient newbie = new ApiClient(console.url());
        assertThat(newbie.login("newbie", given).json()).containsEntry("must_change_password", true);
        ApiClient.Answer alerts = newbie.get("/api/v1/alerts");
        assertThat(alerts.status()).isEqualTo(403);
        assertThat(alerts.errorCode()).isEqualTo("password_change_required");
        assertThat(newbie.get("/api/v1/session").json()).containsEntry("must_change_password", true);

        String own = "Harbour-lantern-93-slowly";
        assertThat(newbie.post("/api/v1/session/password", Map.of("current_password", given, "new_password", own)).status())
                .isLessThan(300);
        assertThat(newbie.get("/api/v1/session").json()).containsEntry("must_change_password", false);
        assertThat(newbie.get("/api/v1/alerts").status()).isEqualTo(200);

        // a reset hands the account a password someone else knows again
        String reset = (String) ops.post("/api/v1/admin/users/newbie/password-reset", Map.of()).json().get("password");
        ApiClient again = new ApiClient(console.url());
        assertThat(again.login("newbie", reset).json()).containsEntry("must_change_password", true);
        assertThat(again.get("/api/v1/alerts").errorCode()).isEqualTo("password_change_required");
    }

    @Test
    void the_auditors_and_the_security_administrators_passwords_cannot_be_reset_and_the_attempt_is_recorded() {
        for (String name : List.of("aud", "sec")) {
            ApiClient.Answer refused = ops.post("/api/v1/admin/users/" + name + "/password-reset", Map.of());
            assertThat(refused.status()).as(name).isEqualTo(403);
            assertThat(refused.errorCode()).as(name).isEqualTo("protected_account");
            assertThat(refused.json()).as(name).doesNotContainKey("password");
            assertDenied("user:" + name, "user.password_reset", "protected_account");
        }
        assertThat(loginStatus("aud", auditorPassword)).isEqualTo(200);
        assertThat(loginStatus("sec", secadminPassword)).isEqualTo(200);
    }

    @Test
    void another_system_administrators_password_cannot_be_reset_but_that_account_can_be_disabled_and_enabled() {
        ApiClient.Answer refused = ops.post("/api/v1/admin/users/ops2/password-reset", Map.of());
        assertThat(refused.errorCode()).isEqualTo("protected_account");
        assertThat(ops.patch("/api/v1/admin/users/ops2", Map.of("roles", List.of("analyst"))).errorCode()).isEqualTo("protected_account");
        assertThat(console.users().find("ops2").orElseThrow().roleNames()).containsExactly("sysadmin");

        assertThat(ops.patch("/api/v1/admin/users/ops2", Map.of("disabled", true)).status()).isEqualTo(200);
        assertThat(loginStatus("ops2", peerPassword)).isEqualTo(401);
        assertThat(ops.patch("/api/v1/admin/users/ops2", Map.of("disabled", false)).status()).isEqualTo(200);
        assertThat(loginStatus("ops2", peerPassword)).isEqualTo(200);
    }

    @Test
    void nobody_resets_or_changes_their_own_account_through_user_administration() {
        ApiClient.Answer reset = ops.post("/api/v1/admin/users/ops/password-reset", Map.of());
        assertThat(reset.status()).isEqualTo(403);
        assertThat(reset.errorCode()).isEqualTo("own_account");
        assertDenied("user:ops", "user.password_reset", "own_account");
        assertThat(ops.patch("/api/v1/admin/users/ops", Map.of("disabled", true)).errorCode()).isEqualTo("own_account");
        assertThat(ops.get("/api/v1/session").status()).as("the session survives: nothing changed").isEqualTo(200);
    }

    @Test
    void the_auditor_and_the_security_administrator_cannot_be_disabled_or_given_other_roles_or_domains() {
        for (String name : List.of("aud", "sec")) {
            assertThat(ops.patch("/api/v1/admin/users/" + name, Map.of("disabled", true)).errorCode()).as(name).isEqualTo("protected_account");
            assertThat(ops.patch("/api/v1/admin/users/" + name, Map.of("roles", List.of("analyst"))).errorCode()).as(name)
                    .isEqualTo("protected_account");
            assertThat(ops.patch("/api/v1/admin/users/" + name, Map.of("domains", List.of("taiyuan"))).errorCode()).as(name)
                    .isEqualTo("protected_account");
            assertDenied("user:" + name, "user.change", "protected_account");
            assertThat(console.users().find(name).orElseThrow().disabled()).as(name).isFalse();
            assertThat(console.users().find(name).orElseThrow().domainNames()).as(name).containsExactly("*");
        }
    }

    @Test
    void an_existing_account_is_never_given_an_administrator_or_auditor_role_but_analyst_accounts_change_freely() {
        console.users().create("bo", List.of(Role.ANALYST), List.of("taiyuan"));
        for (String role : List.of("auditor", "secadmin", "sysadmin")) {
            ApiClient.Answer grant = ops.patch("/api/v1/admin/users/bo", Map.of("roles", List.of(role)));
            assertThat(grant.status()).as(role).isEqualTo(403);
            assertThat(grant.errorCode()).as(role).isEqualTo("protected_account");
        }
        assertThat(console.users().find("bo").orElseThrow().roleNames()).containsExactly("analyst");

        ApiClient.Answer widened = ops.patch("/api/v1/admin/users/bo", Map.of("roles", List.of("analyst", "app"),
                "domains", List.of("taiyuan", "datong")));
        assertThat(widened.status()).isEqualTo(200);
        assertThat(console.users().find("bo").orElseThrow().domainNames()).containsExactly("datong", "taiyuan");
        assertThat(ops.patch("/api/v1/admin/users/bo", Map.of("disabled", true)).status()).isEqualTo(200);
        assertThat(console.users().find("bo").orElseThrow().disabled()).isTrue();
    }

    private static int loginStatus(String user, String password) {
        return new ApiClient(console.url()).login(user, password).status();
    }

    /** The refusal is on the trail under the change's action, by the caller, with its code. */
    private static void assertDenied(String object, String action, String code) {
        List<AuditRecord> records = audit.query(AuditQuery.builder().object(object).action(action).result(AuditResult.DENIED).build());
        assertThat(records).isNotEmpty();
        AuditRecord last = records.get(records.size() - 1);
        assertThat(last.subject()).isEqualTo("ops");
        assertThat(last.details()).containsEntry("error", code);
    }
}
