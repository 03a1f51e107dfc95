package org.citywall.audit;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Failure injection for tests: a replica whose bulk writes partly fail. Seqs in {@link #refuse} are not
 * written (once each); the rest of the batch is, and then the write throws, as the Elasticsearch replica
 * does when a bulk response reports errors.
 */
final class PartlyFailingReplica implements AuditReplica {
    final InMemoryReplica inner = new InMemoryReplica();
    final Set<Long> refuse = new HashSet<>();
    int stores;

    @Override
    public void store(List<AuditRecord> records) throws IOException {
        stores++;
        Long failed = null;
        for (AuditRecord r : records) {
            if (refuse.remove(r.seq())) {
                failed = failed == null ? r.seq() : failed;
            } else {
                inner.store(List.of(r));
            }
        }
        if (failed != null) {
            throw new IOException("audit replica refused seq " + failed);
        }
    }

    @Override
    public List<AuditRecord> fetch(long fromSeq, long toSeq) {
        return inner.fetch(fromSeq, toSeq);
    }

    @Override
    public long end() {
        return inner.end();
    }
}
