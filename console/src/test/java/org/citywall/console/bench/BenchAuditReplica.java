package org.citywall.console.bench;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.citywall.audit.AuditRecord;
import org.citywall.audit.AuditReplica;
import org.citywall.event.IndexNames;

/**
 * The auditors' Elasticsearch copy as the embedded runtime keeps it (the app module's replica:
 * one document per record in {@code citywall-audit-<day>}, id = seq, fields plus canonical bytes),
 * rebuilt here because the console cannot depend on the app. Only {@link #store} is used: the
 * load command measures what shipping every signature's record costs; {@link #end} lets
 * {@link org.citywall.audit.ReplicaFeeder} resume where the copy ends.
 */
final class BenchAuditReplica implements AuditReplica {
    private final ElasticsearchClient es;
    private long end;

    BenchAuditReplica(ElasticsearchClient es) {
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
            doc.values().removeIf(Objects::isNull);
            String index = IndexNames.audit(r.time());
            b.operations(o -> o.index(i -> i.index(index).id(Long.toString(r.seq())).document(doc)));
        }
        BulkResponse response = es.bulk(b.build());
        if (response.errors()) {
            throw new IOException("the audit copy refused records");
        }
        end = records.get(records.size() - 1).seq() + 1;
    }

    @Override
    public List<AuditRecord> fetch(long fromSeq, long toSeq) {
        throw new UnsupportedOperationException("the load command only ships records");
    }

    @Override
    public long end() {
        return end;
    }
}
