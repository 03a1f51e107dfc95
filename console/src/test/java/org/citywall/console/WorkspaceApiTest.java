package org.citywall.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.citywall.audit.AuditLog;
import org.citywall.audit.AuditRecord;
import org.citywall.audit.AuditVerifier;
import org.citywall.audit.InclusionProof;
import org.citywall.audit.TrustedKeys;
import org.citywall.audit.VerificationReport;
import org.citywall.console.ingest.IngestInput;
import org.citywall.console.users.Role;
import org.citywall.crypto.KeyRing;
import org.citywall.crypto.KeyType;
import org.citywall.embedded.elasticsearch.EmbeddedElasticsearch;
import org.citywall.event.Alert;
import org.citywall.event.IndexNames;
import org.citywall.event.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analyst's and auditor's workspace over HTTP, against a real console, Elasticsearch node and
 * SM2-signed audit log: the web UI's files, raw events and related alerts, the dashboard's
 * aggregations, ingest health, the live alert stream, the audit trail's search, proofs, head and
 * bundle, key administration and switching application credentials.
 */
class WorkspaceApiTest {
    static final HexFormat HEX = HexFormat.of();

    @TempDir
    static Path dir;
    static EmbeddedElasticsearch es;
    static AuditLog audit;
    static KeyRing ring;
    static ConsoleServer console;
    static TestAlerts alerts;
    static ApiClient analyst;
    static ApiClient auditor;
    static ApiClient secadmin;
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @BeforeAll
    static void start() {
        es = EmbeddedElasticsearch.start(dir.resolve("es"));
        ring = KeyRing.inMemory();
        ring.create("audit-heads", KeyType.SM2_SIGNING);
        audit = TestAudit.open(dir.resolve("audit"), ring);
        console = ConsoleServer.builder().dataDirectory(dir.resolve("data")).elasticsearch(es.url()).auditLog(audit).keyRing(ring)
                .ingestStatus(() -> List.of(new IngestInput("syslog-tcp", "syslog-tcp", "taiyuan", "127.0.0.1:6514", 1200, 98_000, 1,
                        2, 3, 4, 0, 1.5)))
                .alertFeedInterval(java.time.Duration.ofMillis(200)).alertStreamMaxDuration(java.time.Duration.ofSeconds(20)).onFirstAdministrator((u, pw) -> { }).build().start();
        analyst = login("ana", Role.ANALYST);
        auditor = login("aud", Role.AUDITOR);
        secadmin = login("sec", Role.SECADMIN);
        alerts = new TestAlerts(es.url());
        alerts.write(alert("bf1", "taiyuan", "high", "ssh-brute-force", 600, "203.0.113.7", "root", List.of("ev-bf1-1", "ev-bf1-2")));
        alerts.write(alert("bf2", "taiyuan", "medium", "ssh-spray", 300, "203.0.113.7", "oracle", List.of()));
        alerts.write(alert("usr", "taiyuan", "medium", "sudo-refused", 250, "10.0.0.5", "root", List.of()));
        alerts.write(alert("other", "taiyuan", "low", "web-scan", 200, "192.0.2.1", "www", List.of()));
        alerts.write(alert("dt1", "datong", "critical", "ssh-brute-force", 100, "203.0.113.7", "admin", List.of()));
        for (int i = 1; i <= 2; i++) {
            String id = "ev-bf1-" + i;
            alerts.put("/" + IndexNames.events("taiyuan", NOW) + "/_doc/" + id + "?refresh=true", Json.write(Map.of(
                    "@timestamp", NOW.minusSeconds(600 - i).toString(), "event", Map.of("id", id,
                            "original", "sshd[7]: Failed password for root from 203.0.113.7 port 5000" + i + " ssh2"),
                    "source", Map.of("ip", "203.0.113.7"), "user", Map.of("name", "root"))));
        }
    }

    static Alert alert(String id, String domain, String level, String rule, int secondsAgo, String source, String user, List<String> events) {
        String at = NOW.minusSeconds(secondsAgo).toString();
        return new Alert(id, at, rule, rule, level, List.of("credential-access"), List.of("T1110"), domain, at, at, Math.max(1, events.size()),
                Map.of("source.ip", source), Map.of("user.name", List.of(user)), events, "test", "open", null, null, null);
    }

    static ApiClient login(String name, Role role) {
        String pw = console.users().create(name, List.of(role), List.of(role == Role.ANALYST ? "taiyuan" : "*"));
        ApiClient c = new ApiClient(console.url());
        assertThat(c.login(name, pw).status()).isEqualTo(200);
        return c;
    }

    @AfterAll
    static void stop() throws java.io.IOException {
        TestResources.closeAll(console, audit, es);
    }

    @Test
    void the_web_ui_is_served_as_files_under_the_content_security_policy_and_unknown_paths_stay_404() {
        ApiClient anonymous = new ApiClient(console.url());
        ApiClient.Answer index = anonymous.get("/");
        assertThat(index.status()).isEqualTo(200);
        assertThat(index.header("Content-Security-Policy")).contains("script-src 'self'").doesNotContain("unsafe-inline");
        assertThat(index.body()).contains("<div id=\"app\"></div>").doesNotContain("<script>").doesNotContain("style=");
        String script = index.body().replaceAll("(?s).*<script type=\"module\" crossorigin src=\"([^\"]+)\".*", "$1");
        ApiClient.Answer js = anonymous.get(script);
        assertThat(js.status()).isEqualTo(200);
        assertThat(js.header("Content-Type")).contains("javascript");
        assertThat(anonymous.get("/index.php").status()).isEqualTo(404);
        assertThat(anonymous.get("/alerts").status()).isEqualTo(404);
    }

    @Test
    void an_alert_shows_its_raw_events_with_their_original_lines_and_which_events_are_not_archived() {
        Map<String, Object> events = analyst.get("/api/v1/alerts/bf1/events").json();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) events.get("items");
        assertThat(items).extracting(e -> e.get("event.original")).containsExactly(
                "sshd[7]: Failed password for root from 203.0.113.7 port 50001 ssh2", "sshd[7]: Failed password for root from 203.0.113.7 port 50002 ssh2");
        assertThat(events).containsEntry("requested", 2L).containsEntry("missing", 0L);
        assertThat(analyst.get("/api/v1/alerts/dt1/events").status()).isEqualTo(404);
        assertThat(auditor.get("/api/v1/alerts/bf1/events").status()).isEqualTo(403);
    }

    @Test
    void related_alerts_share_the_source_address_and_stay_within_the_callers_domains() {
        Map<String, Object> related = analyst.get("/api/v1/alerts/bf1/related").json();
        assertThat(ids(related)).containsExactly("usr", "bf2");
        assertThat(Json.write(related.get("by"))).isEqualTo("{\"source.ip\":[\"203.0.113.7\"],\"user.name\":[\"root\"]}");
        assertThat(ids(auditor.get("/api/v1/alerts/bf1/related").json())).containsExactly("dt1", "usr", "bf2");
        assertThat(ids(analyst.get("/api/v1/alerts/other/related").json())).isEmpty();
    }

    @Test
    void the_dashboard_aggregates_the_callers_alerts_by_time_level_rule_source_and_domain() {
        Map<String, Object> d = analyst.get("/api/v1/dashboard?from=" + NOW.minusSeconds(3600) + "&to=" + NOW.minusSeconds(30)).json();
        assertThat(d.get("total")).isEqualTo(4L);
        assertThat(d.get("interval")).isEqualTo("minute");
        assertThat(Json.write(d.get("top_sources"))).contains("\"source_ip\":\"203.0.113.7\",\"count\":2");
        assertThat(Json.write(d.get("by_domain"))).contains("taiyuan").doesNotContain("datong");
        assertThat(Json.write(d.get("top_rules"))).contains("ssh-brute-force");
        long levelled = 0;
        for (Object bucket : (List<?>) d.get("over_time")) {
            for (Object n : ((Map<?, ?>) ((Map<?, ?>) bucket).get("levels")).values()) {
                levelled += (Long) n;
            }
        }
        assertThat(levelled).isEqualTo(4L);
        Map<String, Object> all = auditor.get("/api/v1/dashboard?from=" + NOW.minusSeconds(3600) + "&to=" + NOW.minusSeconds(30)).json();
        assertThat(all.get("total")).isEqualTo(5L);
        ApiClient.Answer bad = analyst.get("/api/v1/dashboard?from=yesterday");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.errorCode()).isEqualTo("invalid_query");
    }

    @Test
    void ingest_health_passes_the_collectors_figures_through() {
        Map<String, Object> ingest = analyst.get("/api/v1/ingest").json();
        assertThat(ingest).containsEntry("available", true);
        assertThat(Json.write(ingest.get("inputs"))).contains("\"name\":\"syslog-tcp\"").contains("\"frames\":1200")
                .contains("\"rejected\":2").contains("\"dropped\":3");
    }

    @Test
    void the_live_stream_tells_an_analyst_about_new_alerts_of_their_domains_only() {
        List<String> seen = new ArrayList<>();
        try (Stream<String> lines = analyst.streamLines("/api/v1/alerts/stream")) {
            Iterator<String> it = lines.iterator();
            while (it.hasNext()) {
                String line = it.next();
                seen.add(line);
                if (line.startsWith("event: ready")) {
                    break;
                }
            }
            alerts.write(alert("new-datong", "datong", "high", "ssh-brute-force", 0, "192.0.2.9", "nobody", List.of()));
            alerts.write(alert("new-taiyuan", "taiyuan", "high", "ssh-brute-force", 0, "192.0.2.9", "nobody", List.of()));
            while (it.hasNext()) {
                String line = it.next();
                seen.add(line);
                if (line.contains("new-taiyuan")) {
                    break;
                }
            }
        }
        assertThat(seen).anyMatch(l -> l.startsWith("data: ") && l.contains("\"alert_id\":\"new-taiyuan\"") && l.contains("\"change\":\"new\""));
        assertThat(seen).noneMatch(l -> l.contains("new-datong"));
        assertThat(seen).contains("event: alert");
    }

    @Test
    void an_auditor_finds_a_change_on_the_trail_and_its_inclusion_proof_verifies_against_the_signed_head() {
        assertThat(analyst.patch("/api/v1/alerts/other", Map.of("status", "acknowledged")).status()).isEqualTo(200);
        Map<String, Object> found = auditor.get("/api/v1/audit/records?object=alert:other&action=alert.triage").json();
        List<?> items = (List<?>) found.get("items");
        assertThat(items).hasSize(1);
        long seq = (Long) ((Map<?, ?>) items.get(0)).get("seq");
        audit.signHead();

        Map<String, Object> r = auditor.get("/api/v1/audit/records/" + seq).json();
        assertThat(r).containsEntry("covered", true);
        AuditRecord record = AuditRecord.parse(((String) r.get("canonical")).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(record.subject()).isEqualTo("ana");
        assertThat(record.details()).containsEntry("to_status", "acknowledged");
        Map<?, ?> proof = (Map<?, ?>) r.get("proof");
        Map<?, ?> head = (Map<?, ?>) r.get("head");
        List<byte[]> path = ((List<?>) proof.get("path")).stream().map(h -> HEX.parseHex((String) h)).toList();
        InclusionProof p = new InclusionProof(seq, (Long) proof.get("tree_size"), path);
        assertThat(p.verify(record.leafHash(), HEX.parseHex((String) head.get("root")))).isTrue();
        assertThat(head.get("signature_valid_server")).isEqualTo(true);
        assertThat(head.get("public_key")).isEqualTo(HEX.formatHex(ring.publicKey("audit-heads", 1).point()));

        Map<String, Object> status = auditor.get("/api/v1/audit/head").json();
        assertThat((Long) status.get("log_size")).isGreaterThan(seq);
        assertThat(((Map<?, ?>) status.get("latest")).get("signature_valid_server")).isEqualTo(true);
        assertThat(auditor.get("/api/v1/audit/records/999999").status()).isEqualTo(404);
        assertThat(auditor.get("/api/v1/audit/records/x").status()).isEqualTo(404);
        assertThat(auditor.get("/api/v1/audit/records?result=maybe").errorCode()).isEqualTo("invalid_query");
        assertThat(analyst.get("/api/v1/audit/records").status()).isEqualTo(403);
    }

    @Test
    @SuppressWarnings("unchecked")
    void an_auditor_asks_whether_the_searchable_copy_still_matches_the_log() throws Exception {
        try (Elastic elastic = new Elastic(List.of(es.url()))) {
            var replica = new org.citywall.console.audit.ElasticsearchAuditReplica(elastic.client());
            org.citywall.audit.ReplicaFeeder feeder = new org.citywall.audit.ReplicaFeeder(audit, replica, 1000);
            while (feeder.syncOnce() > 0) {
                // until the copy holds every record
            }
            Map<String, Object> clean = auditor.get("/api/v1/audit/reconciliation").json();
            // requests appended after the copy was made may be missing from it, nothing else
            assertThat((Long) clean.get("altered")).isZero();
            assertThat((Long) clean.get("unexpected")).isZero();
            // someone with access to Elasticsearch rewrites who did something, leaving the canonical text alone
            long seq = 1;
            var hits = elastic.client().search(x -> x.index("citywall-audit-*")
                    .query(q -> q.term(t -> t.field("seq").value(seq))), Map.class);
            String index = hits.hits().hits().get(0).index();
            new TestAlerts(es.url()).post("/" + index + "/_update/" + seq + "?refresh=true", "{\"doc\":{\"subject\":\"somebody-else\"}}");
            Map<String, Object> after = auditor.get("/api/v1/audit/reconciliation").json();
            assertThat(after.get("consistent")).isEqualTo(false);
            assertThat((Long) after.get("altered")).isEqualTo(1L);
            assertThat((List<Map<String, Object>>) after.get("differences"))
                    .anySatisfy(d -> assertThat(d).containsEntry("kind", "altered").containsEntry("seq", seq)
                            .hasEntrySatisfying("detail", v -> assertThat(v.toString()).contains("subject")));
        }
        assertThat(analyst.get("/api/v1/audit/reconciliation").status()).isEqualTo(403);
    }

    @Test
    void an_exported_bundle_verifies_offline_with_the_trusted_key() throws Exception {
        HttpResponse<byte[]> bundle = auditor.postForBytes("/api/v1/audit/export",
                Map.of("from", NOW.minusSeconds(3600).toString(), "to", Instant.now().plusSeconds(5).toString()));
        assertThat(bundle.statusCode()).isEqualTo(200);
        assertThat(bundle.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment; filename=\"citywall-audit-");
        VerificationReport report = AuditVerifier.verifyBundle(new ByteArrayInputStream(bundle.body()), "download",
                TrustedKeys.of(ring, "audit-heads"));
        assertThat(report.intact()).as(report.render()).isTrue();
        assertThat(report.records()).isPositive();
        HttpResponse<byte[]> empty = auditor.postForBytes("/api/v1/audit/export",
                Map.of("from", "2001-01-01T00:00:00Z", "to", "2001-01-02T00:00:00Z"));
        assertThat(empty.statusCode()).isEqualTo(404);
        assertThat(new String(empty.body())).contains("no_records");
    }

    @Test
    void an_exported_bundle_compressed_for_a_browser_arrives_whole_and_verifies() throws Exception {
        HttpResponse<byte[]> bundle = auditor.postForBytes("/api/v1/audit/export",
                Map.of("from", NOW.minusSeconds(3600).toString(), "to", Instant.now().plusSeconds(5).toString()), "gzip");
        assertThat(bundle.statusCode()).isEqualTo(200);
        byte[] body = bundle.headers().firstValue("Content-Encoding").orElse("").equals("gzip")
                ? new java.util.zip.GZIPInputStream(new ByteArrayInputStream(bundle.body())).readAllBytes() : bundle.body();
        VerificationReport report = AuditVerifier.verifyBundle(new ByteArrayInputStream(body), "download",
                TrustedKeys.of(ring, "audit-heads"));
        assertThat(report.intact()).as(report.render()).isTrue();
    }

    @Test
    void a_security_administrator_creates_and_rotates_keys_without_seeing_key_material() {
        ApiClient.Answer created = secadmin.post("/api/v1/admin/keys", Map.of("name", "invoice-signing", "type", "sm2-signing"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json()).containsEntry("type", "sm2-signing").containsEntry("primary_version", 1L);
        assertThat(secadmin.post("/api/v1/admin/keys", Map.of("name", "invoice-signing", "type", "sm2-signing")).errorCode()).isEqualTo("key_exists");
        assertThat(secadmin.post("/api/v1/admin/keys", Map.of("name", "x", "type", "rsa")).errorCode()).isEqualTo("invalid_key_type");
        ApiClient.Answer rotated = secadmin.post("/api/v1/admin/keys/invoice-signing/rotate", Map.of());
        assertThat(rotated.json()).containsEntry("primary_version", 2L);
        assertThat(ring.currentVersion("invoice-signing")).isEqualTo(2);
        assertThat(secadmin.post("/api/v1/admin/keys/nope/rotate", Map.of()).status()).isEqualTo(404);
        assertThat(secadmin.get("/api/v1/admin/keys").body()).contains("invoice-signing").doesNotContain("BEGIN").doesNotContain("private");
    }

    @Test
    void a_change_refused_after_it_was_recorded_is_on_the_trail_as_failed_under_the_same_object() {
        ApiClient.Answer refused = secadmin.post("/api/v1/admin/apps", Map.of("app_id", "Not-Valid", "permissions", List.of("crypto:hash")));
        assertThat(refused.status()).isEqualTo(400);
        List<org.citywall.audit.AuditRecord> trail = audit.query(org.citywall.audit.AuditQuery.builder().object("app:Not-Valid").build());
        assertThat(trail).extracting(r -> r.action() + " " + r.result().wireName())
                .containsExactly("appcred.create success", "appcred.create failure");
        assertThat(trail.get(1).details()).containsEntry("error", "invalid_app");
    }

    @Test
    void a_disabled_application_credential_stops_working_and_works_again_when_enabled() {
        String key = console.apps().create("billing", List.of("crypto:hash"));
        ApiClient app = new ApiClient(console.url());
        var call = java.net.http.HttpRequest.newBuilder(java.net.URI.create(console.url() + "/api/v1/crypto/hash"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"data\":\"YWJj\"}"));
        assertThat(app.send(call).status()).isEqualTo(200);
        assertThat(secadmin.patch("/api/v1/admin/apps/billing", Map.of("disabled", true)).status()).isEqualTo(200);
        assertThat(app.send(call).status()).isEqualTo(401);
        assertThat(secadmin.patch("/api/v1/admin/apps/billing", Map.of("disabled", false)).status()).isEqualTo(200);
        assertThat(app.send(call).status()).isEqualTo(200);
        assertThat(secadmin.patch("/api/v1/admin/apps/nobody", Map.of("disabled", true)).status()).isEqualTo(404);
    }

    @SuppressWarnings("unchecked")
    static List<String> ids(Map<String, Object> answer) {
        return ((List<Map<String, Object>>) answer.get("items")).stream().map(a -> (String) a.get("alert_id")).toList();
    }
}
