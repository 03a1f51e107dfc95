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

    /**
     * Records {@code r}. Values a client chose (a user name at log-in, an object id, details) are cut
     * to what a record holds, and the record says which were cut and how long they were: a request
     * is never refused because its caller sent something too long to record.
     */
    @Override
    public void record(AccessRecord r) {
        Map<String, Object> cut = new java.util.LinkedHashMap<>();
        String subject = fit("subject", r.subject(), AuditEntry.SHORT_FIELD, cut);
        String role = fit("role", r.role(), AuditEntry.SHORT_FIELD, cut);
        String domain = fit("domain", r.domain(), AuditEntry.SHORT_FIELD, cut);
        String object = fit("object", r.object(), AuditEntry.LONG_FIELD, cut);
        String source = fit("source", r.source(), AuditEntry.LONG_FIELD, cut);
        String requestId = fit("requestId", r.requestId(), AuditEntry.SHORT_FIELD, cut);
        Map<String, Object> details = r.details() == null ? Map.of() : r.details();
        if (org.citywall.event.Json.write(details).getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                > AuditEntry.MAX_DETAILS_BYTES / 2) {
            cut.put("details", org.citywall.event.Json.write(details).length());
            details = Map.of();
        }
        if (!cut.isEmpty()) {
            details = new java.util.LinkedHashMap<>(details);
            details.put("truncated_lengths", cut);
        }
        log.append(AuditEntry.builder().subject(subject).role(role).domain(domain).action(r.action())
                .object(object).result(AuditResult.fromWire(r.result())).source(source).requestId(requestId)
                .details(details).build());
    }

    /** {@code value} cut to {@code max} characters (the cut noted in {@code cut} with the original length). */
    private static String fit(String field, String value, int max, Map<String, Object> cut) {
        if (value == null || value.length() <= max) {
            return value;
        }
        cut.put(field, (long) value.length());
        int end = Character.isHighSurrogate(value.charAt(max - 2)) ? max - 2 : max - 1;
        return value.substring(0, end) + "…";
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
