package org.citywall.app.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.citywall.app.Main;
import org.citywall.app.UsersCommand;
import org.citywall.audit.AuditLog;
import org.citywall.audit.AuditQuery;
import org.citywall.audit.AuditRecord;
import org.citywall.audit.AuditResult;
import org.citywall.audit.AuditVerifier;
import org.citywall.audit.TrustedKeys;
import org.citywall.console.users.Passwords;
import org.citywall.console.users.Role;
import org.citywall.console.users.UserStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code citywall users}: the operator recovers, on the host, the accounts the console's system
 * administrator may not touch, and every change is on the platform's signed audit trail.
 */
class UsersCommandTest {
    @TempDir
    Path data;
    TrustedKeys platformKey;
    String auditorPassword;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void aPlatformThatHasRunAndStopped() throws IOException {
        try (PlatformKeys keys = PlatformKeys.open(data)) {
            platformKey = TrustedKeys.of(keys.keyRing, PlatformKeys.AUDIT_KEY);
        }
        auditorPassword = UserStore.open(data).create("aud", List.of(Role.AUDITOR), List.of("*"));
    }

    int users(String... args) {
        return new CommandLine(new UsersCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    }

    @Test
    void a_reset_prints_a_new_password_once_that_logs_in_and_records_the_operator_on_the_signed_trail() throws IOException {
        assertThat(users("reset-password", "--data-dir", data.toString(), "aud")).isEqualTo(0);
        List<String> lines = out.toString().lines().toList();
        String password = lines.get(lines.size() - 1);
        String hash = UserStore.open(data).find("aud").orElseThrow().passwordHash();
        assertThat(Passwords.service().passwordsMatch(password, hash)).isTrue();
        assertThat(Passwords.service().passwordsMatch(auditorPassword, hash)).isFalse();
        assertThat(UserStore.open(data).find("aud").orElseThrow().mustChangePassword())
                .as("the operator has seen it: the auditor replaces it at the first log-in").isTrue();

        try (AuditLog log = AuditLog.openReadOnly(data.resolve("audit"))) {
            List<AuditRecord> resets = log.query(AuditQuery.builder().object("user:aud").action("user.password_reset").build());
            assertThat(resets).hasSize(1);
            assertThat(resets.get(0).subject()).isEqualTo("host:" + System.getProperty("user.name"));
            assertThat(resets.get(0).result()).isEqualTo(AuditResult.SUCCESS);
            assertThat(resets.get(0).toJson()).doesNotContain(password);
        }
        var report = AuditVerifier.verify(data.resolve("audit"), platformKey);
        assertThat(report.findings()).isEmpty();
        assertThat(report.heads()).as("tree heads signed by the platform's audit key").isPositive();
    }

    @Test
    void while_citywall_runs_on_the_data_directory_nothing_changes() throws IOException {
        try (PlatformKeys running = PlatformKeys.open(data)) {
            assertThat(users("reset-password", "--data-dir", data.toString(), "aud")).isNotZero();
        }
        assertThat(err.toString()).contains("stop it first");
        String hash = UserStore.open(data).find("aud").orElseThrow().passwordHash();
        assertThat(Passwords.service().passwordsMatch(auditorPassword, hash)).isTrue();
    }

    @Test
    void an_unknown_user_changes_nothing_and_records_nothing() throws IOException {
        assertThat(users("reset-password", "--data-dir", data.toString(), "nobody")).isNotZero();
        try (AuditLog log = AuditLog.openReadOnly(data.resolve("audit"))) {
            assertThat(log.query(AuditQuery.builder().object("user:nobody").build())).isEmpty();
        }
    }

    @Test
    void disabling_and_enabling_are_recorded_and_the_list_shows_the_state_but_no_secret() throws IOException {
        assertThat(users("disable", "--data-dir", data.toString(), "aud")).isEqualTo(0);
        assertThat(UserStore.open(data).find("aud").orElseThrow().disabled()).isTrue();
        assertThat(users("list", "--data-dir", data.toString())).isEqualTo(0);
        assertThat(out.toString()).containsPattern("aud\\s+auditor\\s+\\*\\s+disabled");
        assertThat(users("enable", "--data-dir", data.toString(), "aud")).isEqualTo(0);
        assertThat(UserStore.open(data).find("aud").orElseThrow().disabled()).isFalse();
        assertThat(out.toString()).doesNotContain("$shiro2$").doesNotContain(auditorPassword);
        try (AuditLog log = AuditLog.openReadOnly(data.resolve("audit"))) {
            assertThat(log.query(AuditQuery.builder().object("user:aud").action("user.change").build()))
                    .extracting(r -> r.details().get("disabled")).containsExactly(true, false);
        }
    }

    @Test
    void a_data_directory_where_citywall_never_ran_is_refused_without_creating_a_key_ring() {
        Path empty = data.resolve("elsewhere");
        assertThat(users("reset-password", "--data-dir", empty.toString(), "aud")).isNotZero();
        assertThat(Files.exists(empty.resolve("crypto").resolve("keyring.json"))).isFalse();
    }

    @Test
    void the_citywall_command_offers_it() {
        assertThat(new CommandLine(new Main()).getSubcommands()).containsKey("users");
    }
}
