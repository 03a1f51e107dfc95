package org.citywall.audit;

import java.io.IOException;
import java.util.List;

/**
 * Copies durable records from the log to a replica, in order, from where the replica ends.
 * Call {@link #syncOnce} on a schedule; it is safe to run again after a failure.
 */
public final class ReplicaFeeder {

    private final AuditLog log;
    private final AuditReplica replica;
    private final int batch;

    public ReplicaFeeder(AuditLog log, AuditReplica replica, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be positive");
        }
        this.log = log;
        this.replica = replica;
        this.batch = batch;
    }

    /** Ships every durable live record the replica lacks at its end; returns how many. */
    public long syncOnce() throws IOException {
        long from = Math.max(replica.end(), log.liveStart());
        long shipped = 0;
        while (from < log.size()) {
            List<AuditRecord> records = log.read(from, batch);
            if (records.isEmpty()) {
                break;
            }
            replica.store(records);
            shipped += records.size();
            from += records.size();
        }
        return shipped;
    }
}
