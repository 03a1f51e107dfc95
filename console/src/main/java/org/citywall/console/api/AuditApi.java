package org.citywall.console.api;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.citywall.audit.AuditLog;
import org.citywall.audit.AuditQuery;
import org.citywall.audit.AuditRecord;
import org.citywall.audit.AuditResult;
import org.citywall.audit.BundleSummary;
import org.citywall.audit.InclusionProof;
import org.citywall.audit.SignedTreeHead;
import org.citywall.crypto.Sm2PublicKey;

/**
 * The auditor's workspace over the audit module's log: search the access trail, one record with
 * what a browser needs to verify its inclusion itself (the canonical record bytes, the audit path,
 * the signed tree head and the public key of the key version that signed it), tree-head status,
 * and a signed bundle of a time range for offline verification. Read-only: nothing here changes
 * the trail (an export may sign a head over records that have none yet, as the log does anyway).
 */
public final class AuditApi {
    private static final int MAX_PAGE = 500;
    private static final HexFormat HEX = HexFormat.of();
    private final AuditLog log;
    private final Path scratch;

    /**
     * @param log     the audit log, or {@code null} (every route then answers 503 {@code audit_unavailable})
     * @param scratch where bundles are written before they are sent (and deleted)
     */
    public AuditApi(AuditLog log, Path scratch) {
        this(log, scratch, null);
    }

    /** @param replica the auditors' searchable copy, compared on request; null when there is none */
    public AuditApi(AuditLog log, Path scratch, org.citywall.audit.AuditReplica replica) {
        this.log = log;
        this.scratch = scratch;
        this.replica = replica;
    }

    private final org.citywall.audit.AuditReplica replica;
    private final java.util.concurrent.Semaphore reconciling = new java.util.concurrent.Semaphore(1);

    public List<ApiRoute> routes() {
        return List.of(
                ApiRoute.get("/api/v1/audit/records", Access.global("audit:read"),
                        "Search the access trail: subject, action (prefix*), object, result, domain, from, to; paged by seq",
                        this::search).withQuery("subject", "action", "object", "result", "domain", "from", "to", "from_seq", "limit"),
                ApiRoute.get("/api/v1/audit/records/{seq}", Access.global("audit:read"),
                        "One record with its inclusion proof against the latest signed tree head", this::record),
                ApiRoute.get("/api/v1/audit/head", Access.global("audit:read"),
                        "Tree-head status: latest signed head, size, key, signature checked on the server", this::head),
                ApiRoute.get("/api/v1/audit/reconciliation", Access.global("audit:read"),
                        "Compare the searchable copy with the log: every record missing, altered (with the fields) or unexpected",
                        this::reconcile),
                ApiRoute.post("/api/v1/audit/export", Access.global("audit:export"),
                        "A signed, self-contained bundle of the records in [from, to), as a download", this::export));
    }

    private AuditLog log() {
        if (log == null) {
            throw new ApiException(503, "audit_unavailable", "this console has no audit log");
        }
        return log;
    }

    void reconcile(Context ctx) {
        AuditLog l = log();
        if (replica == null) {
            throw new ApiException(503, "replica_unavailable", "this console keeps no searchable copy of the trail");
        }
        if (!reconciling.tryAcquire()) {
            ctx.header("Retry-After", "10");
            throw new ApiException(429, "reconciliation_running", "a reconciliation is already running; try again shortly");
        }
        try {
            org.citywall.audit.ReplicaReconciler.Report r = org.citywall.audit.ReplicaReconciler.reconcile(l, replica);
            List<Map<String, Object>> differences = new java.util.ArrayList<>();
            for (org.citywall.audit.ReplicaReconciler.Difference d : r.differences()) {
                differences.add(Map.of("kind", d.kind().name().toLowerCase(java.util.Locale.ROOT), "seq", d.seq(), "detail", d.detail()));
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("from", r.from());
            m.put("to", r.to());
            m.put("consistent", r.consistent());
            m.put("missing", r.missing());
            m.put("altered", r.altered());
            m.put("unexpected", r.unexpected());
            m.put("differences", differences);
            ctx.json(m);
        } catch (java.io.IOException e) {
            throw new ApiException(503, "replica_unavailable", "the searchable copy cannot be read now");
        } finally {
            reconciling.release();
        }
    }

    void search(Context ctx) {
        AuditLog l = log();
        AuditQuery.Builder q = AuditQuery.builder();
        Optional.ofNullable(blank(ctx.queryParam("subject"))).ifPresent(q::subject);
        Optional.ofNullable(blank(ctx.queryParam("action"))).ifPresent(q::action);
        Optional.ofNullable(blank(ctx.queryParam("object"))).ifPresent(q::object);
        Optional.ofNullable(blank(ctx.queryParam("domain"))).ifPresent(q::domain);
        String result = blank(ctx.queryParam("result"));
        if (result != null) {
            try {
                q.result(AuditResult.fromWire(result));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("invalid_query", "result must be success, failure or denied");
            }
        }
        q.between(instant(ctx.queryParam("from"), "from"), instant(ctx.queryParam("to"), "to"));
        long fromSeq = number(ctx.queryParam("from_seq"), "from_seq", 0, Long.MAX_VALUE, 0);
        int limit = (int) number(ctx.queryParam("limit"), "limit", 1, MAX_PAGE, 100);
        q.fromSeq(fromSeq).limit(limit + 1);
        List<AuditRecord> records;
        try {
            records = l.query(q.build());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_query", e.getMessage());
        }
        boolean more = records.size() > limit;
        List<Map<String, Object>> items = new ArrayList<>();
        for (AuditRecord r : records.subList(0, Math.min(limit, records.size()))) {
            items.add(view(r));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("items", items);
        m.put("next_from_seq", more ? records.get(limit).seq() : null);
        m.put("log_size", l.size());
        ctx.json(m);
    }

    void record(Context ctx) {
        AuditLog l = log();
        long seq;
        try {
            seq = Long.parseLong(ctx.pathParam("seq"));
        } catch (NumberFormatException e) {
            throw ApiException.notFound("record");
        }
        if (seq < l.liveStart() || seq >= l.size()) {
            throw ApiException.notFound("record");
        }
        List<AuditRecord> one = l.read(seq, 1);
        if (one.isEmpty()) {
            throw ApiException.notFound("record");
        }
        AuditRecord r = one.get(0);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("record", view(r));
        m.put("canonical", r.toJson());
        m.put("leaf_index", r.seq());
        SignedTreeHead head = l.latestHead();
        boolean covered = head != null && head.size() > r.seq();
        m.put("covered", covered);
        if (covered) {
            InclusionProof p = l.inclusionProof(r.seq(), head.size());
            m.put("proof", Map.of("tree_size", p.treeSize(), "path", p.path().stream().map(HEX::formatHex).toList()));
            m.put("head", headView(l, head));
        } else {
            m.put("note", "no signed tree head covers this record yet; heads are signed every few seconds");
        }
        ctx.json(m);
    }

    void head(Context ctx) {
        AuditLog l = log();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("log_id", l.logId());
        m.put("log_size", l.size());
        m.put("live_start", l.liveStart());
        m.put("heads", l.heads().size());
        SignedTreeHead head = l.latestHead();
        m.put("latest", head == null ? null : headView(l, head));
        m.put("unsigned_records", head == null ? l.size() : l.size() - head.size());
        ctx.json(m);
    }

    void export(Context ctx) {
        AuditLog l = log();
        Map<String, Object> body = Requests.jsonBody(ctx);
        Instant from = instant(Requests.optionalString(body, "from"), "from");
        Instant to = instant(Requests.optionalString(body, "to"), "to");
        if (from != null && to != null && !from.isBefore(to)) {
            throw ApiException.badRequest("invalid_range", "'from' must be before 'to'");
        }
        Path file;
        BundleSummary s;
        try {
            Files.createDirectories(scratch);
            file = Files.createTempFile(scratch, "export-", ".bundle");
            Files.delete(file);
            s = l.export(from, to, file);
        } catch (IllegalArgumentException e) {
            throw new ApiException(404, "no_records", e.getMessage());
        } catch (IOException e) {
            throw new ApiException(503, "export_failed", "the bundle could not be written");
        }
        String name = "citywall-audit-" + s.fromSeq() + "-" + (s.toSeq() - 1) + ".bundle";
        ctx.header("Content-Disposition", "attachment; filename=\"" + name + "\"");
        ctx.header("X-CityWall-Bundle-Records", Long.toString(s.records()));
        ctx.header("X-CityWall-Bundle-SM3", String.valueOf(s.sm3()));
        ctx.contentType("application/octet-stream");
        try {
            // streamed from the scratch file, never held in memory whole: a bundle of a year of
            // records is larger than the heap; the file is unlinked below and vanishes once sent
            InputStream in = Files.newInputStream(s.file());
            ctx.result(in);
        } catch (IOException e) {
            throw new ApiException(503, "export_failed", "the bundle could not be read back");
        } finally {
            try {
                Files.deleteIfExists(s.file());
            } catch (IOException ignored) {
                // a leftover scratch file is removed with the next export's directory clean-up
            }
        }
    }

    private static Map<String, Object> headView(AuditLog l, SignedTreeHead h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("size", h.size());
        m.put("root", HEX.formatHex(h.root()));
        m.put("time", h.time().toString());
        m.put("key_id", h.keyId());
        m.put("key_version", h.keyVersion());
        m.put("signature", HEX.formatHex(h.signature()));
        m.put("signed_message", new String(h.signedMessage(), StandardCharsets.UTF_8));
        m.put("json", h.toJson());
        Optional<Sm2PublicKey> key = l.publicKey(h.keyId(), h.keyVersion());
        m.put("public_key", key.map(k -> HEX.formatHex(k.point())).orElse(null));
        m.put("public_key_fingerprint", key.map(Sm2PublicKey::fingerprint).orElse(null));
        m.put("signature_valid_server", key.map(h::verify).orElse(false));
        return m;
    }

    static Map<String, Object> view(AuditRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", r.seq());
        m.put("time", r.time().toString());
        m.put("subject", r.subject());
        m.put("role", r.role());
        m.put("domain", r.domain());
        m.put("action", r.action());
        m.put("object", r.object());
        m.put("result", r.result().wireName());
        m.put("source", r.source());
        m.put("request_id", r.requestId());
        m.put("details", r.details());
        return m;
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static Instant instant(String v, String name) {
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(v.trim());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("invalid_query", name + " must be an ISO-8601 instant such as 2026-01-31T08:00:00Z");
        }
    }

    private static long number(String v, String name, long min, long max, long dflt) {
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n < min || n > max) {
                throw ApiException.badRequest("invalid_query", name + " must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid_query", name + " must be an integer");
        }
    }
}
