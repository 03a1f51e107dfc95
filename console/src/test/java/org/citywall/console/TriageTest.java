package org.citywall.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.citywall.audit.AuditLog;
import org.citywall.audit.AuditQuery;
import org.citywall.audit.AuditRecord;
import org.citywall.console.users.Role;
import org.citywall.embedded.elasticsearch.EmbeddedElasticsearch;
import org.citywall.event.Alert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The triage workflow over real HTTP, a real Elasticsearch and a real audit log: transitions with
 * required reasons, assignment, comments, bulk changes, history from the trail, partial updates
 * that survive the detection job's merge, and fail-closed recording.
 */
class TriageTest {
    @TempDir
    static Path dir;
    static EmbeddedElasticsearch es;
    static AuditLog audit;
    static ConsoleServer console;
    static TestAlerts alerts;
    static String alice;
    static String auditor;

    @BeforeAll
    static void start() {
        es = EmbeddedElasticsearch.start(dir.resolve("es"));
        audit = TestAudit.open(dir.resolve("audit"));
        console = ConsoleServer.builder().dataDirectory(dir.resolve("data")).elasticsearch(es.url()).auditLog(audit)
                .onFirstAdministrator((u, pw) -> { }).build().start();
        alice = console.users().create("alice", List.of(Role.ANALYST), List.of("taiyuan"));
        auditor = console.users().create("audrey", List.of(Role.AUDITOR), List.of("*"));
        alerts = new TestAlerts(es.url());
        for (String id : List.of("t1", "t2", "t3", "t4", "t5")) {
            alerts.write(TestAlerts.alert(id, "taiyuan", "high", "ssh-brute-force", "SSH brute force", "2026-03-02T10:00:00Z", "203.0.113.7"));
        }
        alerts.write(TestAlerts.alert("x1", "datong", "high", "ssh-brute-force", "SSH brute force", "2026-03-02T10:00:00Z", "192.0.2.1"));
    }

    @AfterAll
    static void stop() throws Exception {
        TestResources.closeAll(console, audit, es);
    }

    ApiClient analyst() {
        ApiClient c = new ApiClient(console.url());
        assertThat(c.login("alice", alice).status()).isEqualTo(200);
        return c;
    }

    @Test
    @SuppressWarnings("unchecked")
    void an_alert_goes_from_open_to_closed_and_its_history_comes_from_the_audit_trail() {
        ApiClient c = analyst();
        assertThat(c.patch("/api/v1/alerts/t1", Map.of("status", "acknowledged")).json()).containsEntry("status", "acknowledged");
        assertThat(c.patch("/api/v1/alerts/t1", Map.of("status", "in_progress", "assignee", "alice")).json())
                .containsEntry("status", "in_progress").containsEntry("assignee", "alice");
        // an alert goes only to someone who can work it: an analyst of its domain
        for (String nobody : List.of("audrey", "no.such.user")) {
            ApiClient.Answer refused = c.patch("/api/v1/alerts/t1", Map.of("assignee", nobody));
            assertThat(refused.status()).as(nobody).isEqualTo(400);
            assertThat(refused.errorCode()).isEqualTo("invalid_assignee");
        }
        ApiClient.Answer noReason = c.patch("/api/v1/alerts/t1", Map.of("status", "closed", "resolution", "resolved"));
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.errorCode()).isEqualTo("reason_required");
        ApiClient.Answer closed = c.patch("/api/v1/alerts/t1",
                Map.of("status", "closed", "resolution", "resolved", "reason", "blocked 203.0.113.7 at the firewall"));
        assertThat(closed.json()).containsEntry("status", "closed").containsEntry("resolution", "resolved");

        Map<String, Object> stored = c.get("/api/v1/alerts/t1").json();
        assertThat(stored).containsEntry("status", "closed").containsEntry("resolution_reason", "blocked 203.0.113.7 at the firewall")
                .containsEntry("rule_id", "ssh-brute-force");

        List<Map<String, Object>> history = (List<Map<String, Object>>) c.get("/api/v1/alerts/t1/history").json().get("items");
        assertThat(history).extracting(h -> ((Map<String, Object>) h.get("details")).get("to_status"))
                .containsExactly("acknowledged", "in_progress", "closed");
        assertThat(history).allSatisfy(h -> assertThat(h).containsEntry("subject", "alice").containsEntry("action", "alert.triage"));
        List<AuditRecord> onTrail = audit.query(AuditQuery.builder().object("alert:t1").action("alert.triage").build());
        assertThat(onTrail).hasSize(3);
        assertThat(onTrail.get(2).details()).containsEntry("reason", "blocked 203.0.113.7 at the firewall");
    }

    @Test
    void transitions_outside_the_workflow_are_refused_with_stable_codes() {
        ApiClient c = analyst();
        assertThat(c.patch("/api/v1/alerts/t2", Map.of("status", "closed", "resolution", "fixed", "reason", "x")).errorCode())
                .isEqualTo("resolution_required");
        assertThat(c.patch("/api/v1/alerts/t2", Map.of("status", "done")).errorCode()).isEqualTo("invalid_status");
        assertThat(c.patch("/api/v1/alerts/t2", Map.of()).errorCode()).isEqualTo("empty_change");
        c.patch("/api/v1/alerts/t2", Map.of("status", "in_progress"));
        assertThat(c.patch("/api/v1/alerts/t2", Map.of("status", "acknowledged")).errorCode()).isEqualTo("invalid_transition");
        assertThat(c.patch("/api/v1/alerts/t2", Map.of("status", "closed", "resolution", "duplicate", "reason", "same as t1")).status())
                .isEqualTo(200);
        assertThat(c.patch("/api/v1/alerts/t2", Map.of("status", "open")).errorCode()).isEqualTo("reason_required");
        assertThat(c.patch("/api/v1/alerts/t2", Map.of("status", "open", "reason", "it happened again")).json())
                .containsEntry("status", "open").containsEntry("resolution", null);
    }

    @Test
    void another_domains_alert_cannot_be_changed_or_seen() {
        ApiClient c = analyst();
        assertThat(c.patch("/api/v1/alerts/x1", Map.of("status", "acknowledged")).status()).isEqualTo(404);
        assertThat(c.get("/api/v1/alerts/x1/history").status()).isEqualTo(404);
        assertThat(c.post("/api/v1/alerts/x1/comments", Map.of("text", "hi")).status()).isEqualTo(404);
    }

    @Test
    void an_auditor_reads_but_cannot_triage() {
        ApiClient c = new ApiClient(console.url());
        c.login("audrey", auditor);
        assertThat(c.get("/api/v1/alerts/t3").status()).isEqualTo(200);
        ApiClient.Answer denied = c.patch("/api/v1/alerts/t3", Map.of("status", "acknowledged"));
        assertThat(denied.status()).isEqualTo(403);
        assertThat(audit.query(AuditQuery.builder().subject("audrey").action("alert.triage").build()))
                .extracting(r -> r.result().wireName()).containsExactly("denied");
    }

    @Test
    @SuppressWarnings("unchecked")
    void comments_and_bulk_changes() {
        ApiClient c = analyst();
        assertThat(c.post("/api/v1/alerts/t3/comments", Map.of("text", "looking into it")).status()).isEqualTo(201);
        List<Map<String, Object>> comments = (List<Map<String, Object>>) c.get("/api/v1/alerts/t3/comments").json().get("items");
        assertThat(comments).singleElement().satisfies(m -> assertThat(m).containsEntry("author", "alice").containsEntry("text", "looking into it"));

        Map<String, Object> bulk = c.post("/api/v1/alerts/bulk", Map.of("ids", List.of("t4", "t5", "x1", "nope"),
                "status", "closed", "resolution", "false_positive", "reason", "scanner of our own")).json();
        assertThat((List<Map<String, Object>>) bulk.get("results")).extracting(r -> r.get("id") + ":" + r.get("ok"))
                .containsExactly("t4:true", "t5:true", "x1:false", "nope:false");
        assertThat(c.get("/api/v1/alerts/t5").json()).containsEntry("resolution", "false_positive");
    }

    @Test
    void the_detection_jobs_merge_of_detection_fields_keeps_triage_state() {
        ApiClient c = analyst();
        c.patch("/api/v1/alerts/t3", Map.of("status", "acknowledged", "assignee", "alice"));
        // the job's merge: a partial update with detection fields only (as its sink does)
        Alert newer = TestAlerts.alert("t3", "taiyuan", "high", "ssh-brute-force", "SSH brute force", "2026-03-02T10:00:00Z", "203.0.113.7");
        alerts.post("/citywall-alerts/_update/t3?refresh=true", "{\"doc\":{\"count\":9,\"last_seen\":\"2026-03-02T10:05:00Z\"}}");
        Map<String, Object> after = c.get("/api/v1/alerts/t3").json();
        assertThat(after).containsEntry("count", 9L).containsEntry("status", "acknowledged").containsEntry("assignee", "alice");
        assertThat(newer.id()).isEqualTo("t3");
    }

    @Test
    void every_api_call_is_on_the_trail_including_reads() {
        ApiClient c = analyst();
        c.get("/api/v1/alerts?level=high");
        List<AuditRecord> reads = audit.query(AuditQuery.builder().subject("alice").action("alert.read").build());
        assertThat(reads).anySatisfy(r -> assertThat(r.object()).isEqualTo("GET /api/v1/alerts"));
        assertThat(audit.query(AuditQuery.builder().subject("alice").action("console.login").build())).isNotEmpty();
        // an auditor searching by domain finds who read that domain's alerts: a list records the domains it
        // covered, a detail the alert's own domain
        assertThat(reads).filteredOn(r -> r.object().equals("GET /api/v1/alerts")).allSatisfy(r -> assertThat(r.domain()).isNotBlank());
        c.get("/api/v1/alerts/t1");
        assertThat(audit.query(AuditQuery.builder().subject("alice").action("alert.read").build()))
                .anySatisfy(r -> {
                    assertThat(r.object()).isEqualTo("GET /api/v1/alerts/t1");
                    assertThat(r.domain()).isEqualTo("taiyuan");
                });
    }
}
