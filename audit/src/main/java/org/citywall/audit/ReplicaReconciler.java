package org.citywall.audit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Compares a replica with the live log record by record (by canonical bytes) and reports every
 * difference: records the replica lacks, copies that differ (naming the fields), and copies the
 * log has no record for (beyond its end, or a seq held twice).
 */
public final class ReplicaReconciler {

    /** Most differences listed one by one; all are counted. */
    public static final int MAX_LISTED = 1000;
    static final int PAGE = 2000;

    private ReplicaReconciler() {
    }

    /** One difference. */
    public record Difference(Kind kind, long seq, String detail) {
        /** Kinds of difference. */
        public enum Kind { MISSING, ALTERED, UNEXPECTED }
    }

    /**
     * The outcome.
     *
     * @param from first seq compared (the live log's start)
     * @param to one past the last seq compared
     */
    public record Report(long from, long to, long missing, long altered, long unexpected, List<Difference> differences) {
        public Report {
            differences = List.copyOf(differences);
        }

        /** True if the replica holds exactly the log's live records. */
        public boolean consistent() {
            return missing == 0 && altered == 0 && unexpected == 0;
        }
    }

    /**
     * Compares every live record of {@code log} and everything {@code replica} holds from the log's live
     * start on. Paging is bounded by the log's size; copies at or beyond the log's end are found with one
     * query for that open range (the replica pages by documents, not by seq), so a stray copy with a huge
     * seq costs one lookup, not a walk through the empty seqs before it.
     */
    public static Report reconcile(AuditLog log, AuditReplica replica) throws IOException {
        long from = log.liveStart();
        long size = log.size();
        long to = Math.max(size, replica.end());
        long[] counts = new long[3];
        List<Difference> listed = new ArrayList<>();
        for (long lo = from; lo < size; lo += PAGE) {
            long hi = Math.min(size, lo + PAGE);
            compare(log, replica.fetch(lo, hi), lo, hi, size, listed, counts);
        }
        if (to > size) {
            compare(log, replica.fetch(Math.max(from, size), Long.MAX_VALUE), size, size, size, listed, counts);
        }
        return new Report(from, to, counts[0], counts[1], counts[2], listed);
    }

    /** Compares the log's records {@code lo <= seq < hi} with {@code held}; any other copy held is unexpected. */
    private static void compare(AuditLog log, List<AuditRecord> held, long lo, long hi, long size,
            List<Difference> listed, long[] counts) throws IOException {
        Map<Long, List<AuditRecord>> copies = new HashMap<>();
        for (AuditRecord r : held) {
            copies.computeIfAbsent(r.seq(), k -> new ArrayList<>()).add(r);
        }
        List<AuditRecord> truth = lo < hi ? log.read(lo, (int) (hi - lo)) : List.of();
        for (AuditRecord r : truth) {
            List<AuditRecord> c = copies.remove(r.seq());
            if (c == null) {
                note(listed, counts, new Difference(Difference.Kind.MISSING, r.seq(), "the replica has no copy"));
                continue;
            }
            for (int k = 0; k < c.size(); k++) {
                if (k > 0) {
                    note(listed, counts, new Difference(Difference.Kind.UNEXPECTED, r.seq(), "the replica holds this seq " + c.size() + " times"));
                } else if (!java.util.Arrays.equals(c.get(k).canonicalBytes(), r.canonicalBytes())) {
                    note(listed, counts, new Difference(Difference.Kind.ALTERED, r.seq(), "differs in " + fields(r, c.get(k))));
                }
            }
        }
        for (long seq : new TreeSet<>(copies.keySet())) {
            note(listed, counts, new Difference(Difference.Kind.UNEXPECTED, seq, seq >= size
                    ? "the log has no record " + seq + " (it holds " + size + ")" : "not a record of the log"));
        }
    }

    private static void note(List<Difference> listed, long[] counts, Difference d) {
        counts[d.kind().ordinal()]++;
        if (listed.size() < MAX_LISTED) {
            listed.add(d);
        }
    }

    private static String fields(AuditRecord a, AuditRecord b) {
        List<String> out = new ArrayList<>();
        check(out, "time", a.time(), b.time());
        check(out, "subject", a.subject(), b.subject());
        check(out, "role", a.role(), b.role());
        check(out, "domain", a.domain(), b.domain());
        check(out, "action", a.action(), b.action());
        check(out, "object", a.object(), b.object());
        check(out, "result", a.result(), b.result());
        check(out, "source", a.source(), b.source());
        check(out, "requestId", a.requestId(), b.requestId());
        check(out, "details", a.details(), b.details());
        return out.isEmpty() ? "encoding" : String.join(", ", out);
    }

    private static void check(List<String> out, String name, Object a, Object b) {
        if (!Objects.equals(a, b)) {
            out.add(name);
        }
    }
}
