package org.citywall.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.citywall.audit.AuditLog;
import org.citywall.audit.AuditQuery;
import org.citywall.audit.AuditRecord;
import org.citywall.audit.AuditResult;
import org.citywall.console.users.Role;
import org.citywall.console.users.UserStore;
import org.citywall.embedded.elasticsearch.EmbeddedElasticsearch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Accounts the platform makes itself — the first administrator at first start, the demo's users —
 * are on the audit trail as made by {@code system}, before they exist, never with their password.
 */
class SystemAccountsTest {
    @TempDir
    static Path esDir;
    static EmbeddedElasticsearch es;

    @TempDir
    Path dir;

    @BeforeAll
    static void startElasticsearch() {
        es = EmbeddedElasticsearch.start(esDir.resolve("es"));
    }

    @AfterAll
    static void stopElasticsearch() {
        TestResources.closeAll(es);
    }

    ConsoleServer.Builder console(AuditLog audit, List<String> shown) {
        return ConsoleServer.builder().dataDirectory(dir.resolve("data")).elasticsearch(es.url()).auditLog(audit)
                .onFirstAdministrator((u, pw) -> shown.add(pw));
    }

    @Test
    void the_first_administrator_is_recorded_once_as_created_by_the_system_without_its_password() throws Exception {
        List<String> shown = new ArrayList<>();
        try (AuditLog audit = TestAudit.open(dir.resolve("audit"))) {
            try (ConsoleServer first = console(audit, shown).build().start()) {
                assertThat(shown).hasSize(1);
            }
            try (ConsoleServer again = console(audit, shown).build().start()) {
                assertThat(shown).as("accounts exist: no second first administrator").hasSize(1);
            }
            List<AuditRecord> created = audit.query(AuditQuery.builder().object("user:admin").action("user.create").build());
            assertThat(created).hasSize(1);
            AuditRecord r = created.get(0);
            assertThat(r.subject()).isEqualTo("system");
            assertThat(r.result()).isEqualTo(AuditResult.SUCCESS);
            assertThat(r.details()).containsEntry("roles", List.of("sysadmin")).containsEntry("domains", List.of("*"));
            assertThat(r.toJson()).doesNotContain(shown.get(0));
        }
    }

    @Test
    void an_account_the_platform_creates_is_recorded_before_it_is_made_and_its_password_works() throws Exception {
        try (AuditLog audit = TestAudit.open(dir.resolve("audit"));
                ConsoleServer console = console(audit, new ArrayList<>()).build().start()) {
            String password = console.createUserAsSystem("auditor", List.of(Role.AUDITOR), List.of("*"));
            List<AuditRecord> created = audit.query(AuditQuery.builder().object("user:auditor").action("user.create").build());
            assertThat(created).singleElement().satisfies(r -> {
                assertThat(r.subject()).isEqualTo("system");
                assertThat(r.details()).containsEntry("roles", List.of("auditor"));
                assertThat(r.toJson()).doesNotContain(password);
            });
            assertThat(new ApiClient(console.url()).login("auditor", password).status()).isEqualTo(200);
        }
    }

    @Test
    void when_the_trail_cannot_record_it_the_first_administrator_is_not_made_and_the_console_does_not_start() {
        List<String> shown = new ArrayList<>();
        ConsoleServer.Builder b = ConsoleServer.builder().dataDirectory(dir.resolve("data")).elasticsearch(es.url())
                .accessRecorder(r -> {
                    throw new IllegalStateException("audit disk full");
                })
                .onFirstAdministrator((u, pw) -> shown.add(pw));
        assertThatThrownBy(() -> b.build().start()).isInstanceOf(IllegalStateException.class).hasMessageContaining("admin");
        assertThat(shown).isEmpty();
        assertThat(UserStore.open(dir.resolve("data")).list()).isEmpty();
    }
}
