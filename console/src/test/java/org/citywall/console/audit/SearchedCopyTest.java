package org.citywall.console.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.citywall.audit.AuditEntry;
import org.citywall.audit.AuditRecord;
import org.citywall.audit.AuditResult;
import org.junit.jupiter.api.Test;

/** The searchable copy is compared by the fields auditors search on, not only by the canonical text stored beside them. */
class SearchedCopyTest {
    static final AuditRecord RECORD = AuditRecord.of(41, Instant.parse("2026-11-28T10:00:00.123456Z"),
            new AuditEntry("alice", "analyst", "taiyuan", "alert.read", "GET /api/v1/alerts/a1", AuditResult.SUCCESS,
                    "10.0.0.5", "req-1", Map.of("status", 200L)));

    private static Map<String, Object> indexed() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("@timestamp", RECORD.time().toString());
        doc.put("seq", 41);
        doc.put("subject", "alice");
        doc.put("role", "analyst");
        doc.put("domain", "taiyuan");
        doc.put("action", "alert.read");
        doc.put("object", "GET /api/v1/alerts/a1");
        doc.put("result", "success");
        doc.put("source_ip", "10.0.0.5");
        doc.put("request_id", "req-1");
        doc.put("canonical", RECORD.toJson());
        return doc;
    }

    @Test
    void an_untouched_copy_is_the_record() {
        assertThat(ElasticsearchAuditReplica.asSearched(RECORD, indexed()).canonicalBytes()).isEqualTo(RECORD.canonicalBytes());
    }

    @Test
    void an_edit_of_a_searched_field_alone_shows_as_a_different_record() {
        Map<String, Object> edited = indexed();
        edited.put("subject", "mallory");
        AuditRecord seen = ElasticsearchAuditReplica.asSearched(RECORD, edited);
        assertThat(seen.subject()).isEqualTo("mallory");
        assertThat(seen.canonicalBytes()).isNotEqualTo(RECORD.canonicalBytes());
    }

    @Test
    void an_edit_no_record_could_hold_still_shows_as_different() {
        Map<String, Object> edited = indexed();
        edited.put("result", "maybe");
        assertThat(ElasticsearchAuditReplica.asSearched(RECORD, edited).canonicalBytes()).isNotEqualTo(RECORD.canonicalBytes());
    }
}
