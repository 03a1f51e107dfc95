package org.citywall.audit;

import java.time.Instant;

/**
 * A snapshot of one segment file: records {@code [first, first+count)} in {@code bytes} bytes,
 * appended between {@code firstTime} and {@code lastTime} (null while empty). A sealed segment
 * never changes again; only the last segment of a log is open for appends.
 */
record Segment(long first, long count, long bytes, Instant firstTime, Instant lastTime, boolean sealed) {

    long end() {
        return first + count;
    }

    boolean contains(long seq) {
        return seq >= first && seq < first + count;
    }

    Segment appended(long n, long moreBytes, Instant batchFirst, Instant batchLast) {
        return new Segment(first, count + n, bytes + moreBytes, firstTime == null ? batchFirst : firstTime, batchLast, false);
    }

    Segment sealedCopy() {
        return new Segment(first, count, bytes, firstTime, lastTime, true);
    }

    String sealJson() {
        CanonicalJson w = new CanonicalJson(256);
        w.raw('{').key("bytes").number(bytes).raw(',').key("count").number(count);
        if (firstTime != null) {
            w.raw(',').key("firstTime").string(AuditRecord.TIME.format(firstTime));
            w.raw(',').key("lastTime").string(AuditRecord.TIME.format(lastTime));
        }
        w.raw(',').key("first").number(first).raw('}');
        return LogFiles.utf8(w.toByteArray());
    }

    static Segment fromSeal(java.util.Map<String, Object> m) {
        Instant ft = m.get("firstTime") instanceof String s ? AuditRecord.TIME.parse(s, Instant::from) : null;
        Instant lt = m.get("lastTime") instanceof String s ? AuditRecord.TIME.parse(s, Instant::from) : null;
        return new Segment(SignedTreeHead.integer(m, "first"), SignedTreeHead.integer(m, "count"),
                SignedTreeHead.integer(m, "bytes"), ft, lt, true);
    }
}
