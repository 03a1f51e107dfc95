package org.citywall.app.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.citywall.audit.AuditQuery;
import org.citywall.audit.AuditRecord;
import org.citywall.console.ConsoleServer;
import org.citywall.embedded.elasticsearch.EmbeddedElasticsearch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The users {@code citywall demo} makes are on the platform's audit trail, made by {@code system}, without passwords. */
class DemoUsersTest {
    @TempDir
    Path dir;

    @Test
    void each_demo_user_is_recorded_once_as_created_by_the_system_and_no_password_is_on_the_trail() throws Exception {
        Path data = dir.resolve("data");
        try (EmbeddedElasticsearch es = EmbeddedElasticsearch.start(dir.resolve("es"));
                PlatformKeys keys = PlatformKeys.open(data);
                ConsoleServer console = ConsoleServer.builder().dataDirectory(data).elasticsearch(es.url())
                        .auditLog(keys.auditLog).onFirstAdministrator((u, pw) -> { }).build().start()) {
            Map<String, Object> shown = new LinkedHashMap<>();
            ConsoleRuntime.createDemoUsers(console, "taiyuan", shown);
            ConsoleRuntime.createDemoUsers(console, "taiyuan", new LinkedHashMap<>()); // a later start makes none

            assertThat(shown).containsOnlyKeys("analyst", "auditor", "secadmin");
            for (String name : shown.keySet()) {
                List<AuditRecord> created = keys.auditLog.query(AuditQuery.builder().object("user:" + name).action("user.create").build());
                assertThat(created).as(name).singleElement().satisfies(r -> {
                    assertThat(r.subject()).isEqualTo("system");
                    String password = (String) ((Map<?, ?>) shown.get(name)).get("password");
                    assertThat(r.toJson()).doesNotContain(password);
                });
            }
        }
    }
}
