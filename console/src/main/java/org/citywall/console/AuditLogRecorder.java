package org.citywall.console;

import java.util.List;
import java.util.Map;
import org.citywall.audit.AuditEntry;
import org.citywall.audit.AuditLog;
import org.citywall.audit.AuditQuery;
import org.citywall.audit.AuditRecord;
import org.citywall.audit.AuditResult;

/** Sends the console's access records to the audit module's tamper-evident log, and reads them back. */
final class AuditLogRecorder implements AccessRecorder, AccessHistory {
    private final AuditLog log;

    AuditLogRecorder(AuditLog log) {
        this.log = log;
    }

    @Override
    public void record(AccessRecord r) {
        log.append(AuditEntry.builder().subject(r.subject()).role(r.role()).domain(r.domain()).action(r.action())
                .object(r.object()).result(AuditResult.fromWire(r.result())).source(r.source()).requestId(r.requestId())
                .details(r.details()).build());
    }

    @Override
    public List<Map<String, Object>> changesOf(String object) {
        List<AuditRecord> records = log.query(AuditQuery.builder().object(object).limit(1000).build());
        return records.stream().filter(r -> !r.action().endsWith(".read")).map(AuditLogRecorder::view).toList();
    }

    static Map<String, Object> view(AuditRecord r) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("seq", r.seq());
        m.put("time", r.time().toString());
        m.put("subject", r.subject());
        m.put("action", r.action());
        m.put("result", r.result().wireName());
        m.put("details", r.details());
        return m;
    }
}
