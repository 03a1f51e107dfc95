package org.citywall.audit;

import java.io.IOException;
import java.util.List;

/**
 * A searchable copy of the audit log (the console keeps one in Elasticsearch, in the
 * {@code citywall-audit-<yyyy.MM.dd>} indices, one document per record with the record's seq as
 * its id). The local log stays the root of trust: {@link ReplicaFeeder} fills a replica and
 * {@link ReplicaReconciler} reports every difference between the two.
 */
public interface AuditReplica {

    /**
     * Stores copies of {@code records}; storing a seq again replaces that copy (idempotent). Returns
     * normally only if every record was written: if any was refused (a partly failed bulk write) it must
     * throw, so that {@link ReplicaFeeder} sends the batch again instead of moving past the gap.
     */
    void store(List<AuditRecord> records) throws IOException;

    /** Every copy held with {@code fromSeq <= seq < toSeq}, in any order (duplicates included if the replica has them). */
    List<AuditRecord> fetch(long fromSeq, long toSeq) throws IOException;

    /** One past the highest seq held, or 0 if empty. */
    long end() throws IOException;
}
