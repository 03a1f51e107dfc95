package org.citywall.console.audit;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.citywall.audit.AuditRecord;
import org.citywall.audit.AuditReplica;
import org.citywall.event.IndexNames;

/**
 * The auditors' searchable copy of the audit log in {@code citywall-audit-<day>}: one document
 * per record, id = seq, with the record's fields for queries and its canonical bytes, so the
 * reconciliation compares exactly what the log holds.
 */
public final class ElasticsearchAuditReplica implements AuditReplica {
    private static final String ALL = IndexNames.AUDIT_PREFIX + "*";

    private final ElasticsearchClient es;

    public ElasticsearchAuditReplica(ElasticsearchClient es) {
        this.es = es;
    }

    @Override
    public void store(List<AuditRecord> records) throws IOException {
        if (records.isEmpty()) {
            return;
        }
        BulkRequest.Builder b = new BulkRequest.Builder();
        for (AuditRecord r : records) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("@timestamp", r.time().toString());
            doc.put("seq", r.seq());
            doc.put("subject", r.subject());
            doc.put("role", r.role());
            doc.put("domain", r.domain());
            doc.put("action", r.action());
            doc.put("object", r.object());
            doc.put("result", r.result().wireName());
            doc.put("source_ip", r.source());
            doc.put("request_id", r.requestId());
            doc.put("details", r.details());
            doc.put("canonical", r.toJson());
            doc.values().removeIf(java.util.Objects::isNull);
            String index = IndexNames.audit(r.time());
            b.operations(o -> o.index(i -> i.index(index).id(Long.toString(r.seq())).document(doc)));
        }
        BulkResponse response = es.bulk(b.build());
        if (response.errors()) {
            var failed = response.items().stream().filter(i -> i.error() != null).findFirst().orElseThrow();
            throw new IOException("audit replica refused seq " + failed.id() + ": " + failed.error().reason());
        }
    }

    @Override
    public List<AuditRecord> fetch(long fromSeq, long toSeq) throws IOException {
        refresh();
        List<AuditRecord> out = new ArrayList<>();
        long from = fromSeq;
        while (from < toSeq) {
            long start = from;
            SearchResponse<Map> r = es.search(s -> s.index(ALL).size(1000).allowNoIndices(true)
                    .query(q -> q.range(g -> g.number(n -> n.field("seq").gte((double) start).lt((double) toSeq))))
                    .sort(o -> o.field(f -> f.field("seq"))), Map.class);
            List<Hit<Map>> hits = r.hits().hits();
            if (hits.isEmpty()) {
                break;
            }
            long last = start;
            for (Hit<Map> h : hits) {
                Object canonical = h.source() == null ? null : h.source().get("canonical");
                if (canonical != null) {
                    out.add(asSearched(AuditRecord.parse(canonical.toString().getBytes(StandardCharsets.UTF_8)), h.source()));
                }
                Object seq = h.source() == null ? null : h.source().get("seq");
                last = seq instanceof Number n ? n.longValue() : last;
            }
            from = last + 1;
        }
        return out;
    }

    @Override
    public long end() throws IOException {
        refresh();
        SearchResponse<Map> r = es.search(s -> s.index(ALL).size(1).allowNoIndices(true)
                .sort(o -> o.field(f -> f.field("seq").order(co.elastic.clients.elasticsearch._types.SortOrder.Desc)))
                .source(src -> src.filter(f -> f.includes("seq"))), Map.class);
        if (r.hits().hits().isEmpty() || r.hits().hits().get(0).source() == null) {
            return 0;
        }
        return ((Number) r.hits().hits().get(0).source().get("seq")).longValue() + 1;
    }

    private void refresh() throws IOException {
        es.indices().refresh(r -> r.index(ALL).allowNoIndices(true));
    }

    /**
     * The record as auditors' searches see it: the fields they search on are the indexed ones, not the
     * canonical copy beside them, so an edit of the indexed fields alone must show as an altered record.
     */
    @SuppressWarnings("rawtypes")
    static AuditRecord asSearched(AuditRecord canonical, Map source) {
        String subject = str(source, "subject", canonical.subject());
        String role = str(source, "role", canonical.role());
        String domain = str(source, "domain", canonical.domain());
        String action = str(source, "action", canonical.action());
        String object = str(source, "object", canonical.object());
        String result = str(source, "result", canonical.result().wireName());
        String sourceIp = str(source, "source_ip", canonical.source());
        String requestId = str(source, "request_id", canonical.requestId());
        String time = str(source, "@timestamp", canonical.time().toString());
        boolean same = java.util.Objects.equals(subject, canonical.subject()) && java.util.Objects.equals(role, canonical.role())
                && java.util.Objects.equals(domain, canonical.domain()) && java.util.Objects.equals(action, canonical.action())
                && java.util.Objects.equals(object, canonical.object()) && result.equals(canonical.result().wireName())
                && java.util.Objects.equals(sourceIp, canonical.source()) && java.util.Objects.equals(requestId, canonical.requestId())
                && time.equals(canonical.time().toString());
        if (same) {
            return canonical;
        }
        try {
            return AuditRecord.of(canonical.seq(), java.time.Instant.parse(time), new org.citywall.audit.AuditEntry(subject, role,
                    domain, action, object, org.citywall.audit.AuditResult.fromWire(result), sourceIp, requestId, canonical.details()));
        } catch (RuntimeException unreadable) {
            // edited into something no record can hold: still an altered copy, named by the field that broke
            return AuditRecord.of(canonical.seq(), canonical.time(), new org.citywall.audit.AuditEntry(canonical.subject(),
                    canonical.role(), canonical.domain(), canonical.action(), "(indexed copy unreadable)", canonical.result(),
                    canonical.source(), canonical.requestId(), canonical.details()));
        }
    }

    @SuppressWarnings("rawtypes")
    private static String str(Map source, String field, String absent) {
        Object v = source.get(field);
        return v == null ? absent : v.toString();
    }
}
