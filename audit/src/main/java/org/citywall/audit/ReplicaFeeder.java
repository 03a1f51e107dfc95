package org.citywall.audit;

import java.io.IOException;
import java.util.List;

/**
 * Copies durable records from the log to a replica, in order. The feeder keeps its own position: the
 * first seq the replica has not yet confirmed. It moves past a batch only when {@link AuditReplica#store}
 * returns normally (every record of the batch written); a batch that fails, even in part, is sent again
 * from its start on the next call (storing a seq again is idempotent), so a partly failed write never
 * leaves a gap behind later records. Call {@link #syncOnce} on a schedule; it is safe to run again after
 * a failure.
 *
 * <p>A new feeder starts at the first live seq the replica lacks (so a gap left before a restart is filled),
 * looking no further than the log's end (a stray copy with a huge seq does not make it skip records); if
 * the replica later ends before the position (it was emptied or an index removed from its end), the
 * feeder starts again from there.
 */
public final class ReplicaFeeder {

    private final AuditLog log;
    private final AuditReplica replica;
    private final int batch;
    /** First seq not yet confirmed written; -1 before the first sync. */
    private long next = -1;

    public ReplicaFeeder(AuditLog log, AuditReplica replica, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be positive");
        }
        this.log = log;
        this.replica = replica;
        this.batch = batch;
    }

    /**
     * Ships every durable live record the replica has not confirmed; returns how many were confirmed.
     * If a write fails the exception is thrown and the failed batch is retried on the next call.
     */
    public synchronized long syncOnce() throws IOException {
        long size = log.size();
        long end = replica.end();
        if (next < 0) {
            next = firstMissing(Math.min(end, size));
        } else if (end < next) {
            next = end;
        }
        next = Math.max(next, log.liveStart());
        long shipped = 0;
        while (next < log.size()) {
            List<AuditRecord> records = log.read(next, batch);
            if (records.isEmpty()) {
                break;
            }
            replica.store(records); // throws unless every record of the batch was written
            shipped += records.size();
            next += records.size();
        }
        return shipped;
    }

    /**
     * The first live seq below {@code limit} the replica holds no copy of, or {@code limit}: where a new
     * feeder starts, so a gap left before a restart is filled too. Reads the replica page by page, as a
     * reconciliation does.
     */
    private long firstMissing(long limit) throws IOException {
        for (long lo = log.liveStart(); lo < limit; lo += ReplicaReconciler.PAGE) {
            long hi = Math.min(limit, lo + ReplicaReconciler.PAGE);
            java.util.BitSet held = new java.util.BitSet((int) (hi - lo));
            for (AuditRecord r : replica.fetch(lo, hi)) {
                if (r.seq() >= lo && r.seq() < hi) {
                    held.set((int) (r.seq() - lo));
                }
            }
            int gap = held.nextClearBit(0);
            if (gap < hi - lo) {
                return lo + gap;
            }
        }
        return limit;
    }

    /** The first seq not yet confirmed written to the replica (-1 before the first sync). */
    public synchronized long position() {
        return next;
    }
}
