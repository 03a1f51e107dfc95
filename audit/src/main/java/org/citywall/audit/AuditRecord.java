package org.citywall.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * One record of the audit trail, as the log stored it: the caller's {@link AuditEntry} plus
 * the sequence number {@code seq} (its leaf index in the Merkle tree, from 0) and the
 * {@code time} the log appended it (UTC, microseconds; never earlier than the previous record's).
 *
 * <h2>Canonical form</h2>
 * A record is stored, hashed and exported as one canonical JSON object (a strict subset of
 * RFC 8785: UTF-8, members sorted by key, no whitespace, minimal string escapes, integers
 * only — see the README's audit section for the complete rules). Members, in this order:
 * {@code action, details, domain, object, requestId, result, role, seq, source, subject, time}.
 * Absent optional fields and empty details are omitted, never written as {@code null};
 * {@code result} is {@code success}, {@code failure} or {@code denied}; {@code time} is
 * {@code yyyy-MM-ddTHH:mm:ss.SSSSSSZ}. The leaf hash is {@code SM3(0x00 ‖ canonical bytes)}.
 * {@link #parse} accepts exactly these bytes and nothing else, so a record has one form only.
 */
public record AuditRecord(long seq, Instant time, String subject, String role, String domain, String action,
                          String object, AuditResult result, String source, String requestId, Map<String, Object> details) {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC).withResolverStyle(ResolverStyle.STRICT);
    private static final Set<String> MEMBERS = Set.of("action", "details", "domain", "object", "requestId", "result",
            "role", "seq", "source", "subject", "time");
    private static final Instant MIN_TIME = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant MAX_TIME = Instant.parse("9999-12-31T23:59:59.999999Z");

    public AuditRecord {
        if (seq < 0 || seq > CanonicalJson.MAX_SAFE_INTEGER) {
            throw new IllegalArgumentException("seq " + seq + " is outside [0, 2^53-1]");
        }
        if (time == null || time.getNano() % 1000 != 0 || time.isBefore(MIN_TIME) || time.isAfter(MAX_TIME)) {
            throw new IllegalArgumentException("time must be a UTC instant in years 0000-9999 with microsecond precision, got " + time);
        }
        AuditEntry checked = new AuditEntry(subject, role, domain, action, object, result, source, requestId, details);
        subject = checked.subject();
        role = checked.role();
        domain = checked.domain();
        object = checked.object();
        source = checked.source();
        requestId = checked.requestId();
        details = checked.details();
    }

    /** The record the log makes of {@code entry}. */
    public static AuditRecord of(long seq, Instant time, AuditEntry entry) {
        return new AuditRecord(seq, time, entry.subject(), entry.role(), entry.domain(), entry.action(), entry.object(),
                entry.result(), entry.source(), entry.requestId(), entry.details());
    }

    /** The caller's part of this record. */
    public AuditEntry entry() {
        return new AuditEntry(subject, role, domain, action, object, result, source, requestId, details);
    }

    /** The canonical JSON bytes (no trailing newline). */
    public byte[] canonicalBytes() {
        CanonicalJson w = new CanonicalJson();
        write(seq, time, entry(), w);
        return w.toByteArray();
    }

    /** The canonical JSON as text. */
    public String toJson() {
        return new String(canonicalBytes(), StandardCharsets.UTF_8);
    }

    /** The Merkle leaf hash {@code SM3(0x00 ‖ canonical bytes)}. */
    public byte[] leafHash() {
        return TreeHashes.leaf(canonicalBytes());
    }

    /** Appends the canonical bytes of the record ({@code seq}, {@code time}, {@code e}) to {@code w}. */
    static void write(long seq, Instant time, AuditEntry e, CanonicalJson w) {
        w.raw('{');
        w.key("action").string(e.action());
        if (!e.details().isEmpty()) {
            w.raw(',').key("details").value(e.details(), "details", 0);
        }
        optional(w, "domain", e.domain());
        optional(w, "object", e.object());
        optional(w, "requestId", e.requestId());
        w.raw(',').key("result").string(e.result().wireName());
        optional(w, "role", e.role());
        w.raw(',').key("seq").number(seq);
        optional(w, "source", e.source());
        w.raw(',').key("subject").string(e.subject());
        w.raw(',').key("time").string(TIME.format(time));
        w.raw('}');
    }

    private static void optional(CanonicalJson w, String key, String value) {
        if (value != null) {
            w.raw(',').key(key).string(value);
        }
    }

    /** Parses canonical record bytes; see {@link #parse(byte[], int, int)}. */
    public static AuditRecord parse(byte[] bytes) {
        return parse(bytes, 0, bytes.length);
    }

    /**
     * Parses the canonical bytes of one record.
     *
     * @throws MalformedRecordException if the bytes are not JSON, break a field rule, or are
     *     valid but not canonical (another key order, whitespace, escapes, duplicate members...)
     */
    public static AuditRecord parse(byte[] bytes, int offset, int length) {
        Map<String, Object> m;
        try {
            m = RecordJson.readObject(bytes, offset, length);
        } catch (IllegalArgumentException e) {
            throw new MalformedRecordException("not a JSON object: " + e.getMessage());
        }
        for (String k : m.keySet()) {
            if (!MEMBERS.contains(k)) {
                throw new MalformedRecordException("unknown member '" + k + "'");
            }
        }
        AuditRecord r;
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> details = m.get("details") instanceof Map<?, ?> d ? (Map<String, Object>) d : null;
            if (m.containsKey("details") && details == null) {
                throw new IllegalArgumentException("details must be an object");
            }
            r = new AuditRecord(number(m, "seq"), time(m), str(m, "subject"), str(m, "role"), str(m, "domain"),
                    str(m, "action"), str(m, "object"), AuditResult.fromWire(str(m, "result")), str(m, "source"),
                    str(m, "requestId"), details);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new MalformedRecordException(e.getMessage());
        }
        byte[] canonical = r.canonicalBytes();
        if (!Arrays.equals(canonical, 0, canonical.length, bytes, offset, offset + length)) {
            int at = Arrays.mismatch(canonical, 0, canonical.length, bytes, offset, offset + length);
            throw new MalformedRecordException("not in canonical form (first difference at byte " + at + ")");
        }
        return r;
    }

    private static String str(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null && m.containsKey(key)) {
            throw new IllegalArgumentException(key + " must be omitted rather than null");
        }
        if (v != null && !(v instanceof String)) {
            throw new IllegalArgumentException(key + " must be a string");
        }
        return (String) v;
    }

    private static long number(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (!(v instanceof Integer || v instanceof Long)) {
            throw new IllegalArgumentException(key + " must be an integer");
        }
        return ((Number) v).longValue();
    }

    private static Instant time(Map<String, Object> m) {
        String t = str(m, "time");
        if (t == null) {
            throw new IllegalArgumentException("time is required");
        }
        try {
            return TIME.parse(t, Instant::from);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("time '" + t + "' is not yyyy-MM-ddTHH:mm:ss.SSSSSSZ");
        }
    }
}
