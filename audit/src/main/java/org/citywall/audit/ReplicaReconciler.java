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

    /** Compares every live record of {@code log} and everything {@code replica} holds from the log's live start on. */
    public static Report reconcile(AuditLog log, AuditReplica replica) throws IOException {
        long from = log.liveStart();
        long size = log.size();
        long to = Math.max(size, replica.end());
        long[] counts = new long[3];
        List<Difference> listed = new ArrayList<>();
        for (long lo = from; lo < to; lo += PAGE) {
            long hi = Math.min(to, lo + PAGE);
            Map<Long, List<AuditRecord>> copies = new HashMap<>();
            for (AuditRecord r : replica.fetch(lo, hi)) {
                copies.computeIfAbsent(r.seq(), k -> new ArrayList<>()).add(r);
            }
            List<AuditRecord> truth = lo < size ? log.read(lo, (int) (Math.min(hi, size) - lo)) : List.of();
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
        return new Report(from, to, counts[0], counts[1], counts[2], listed);
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
