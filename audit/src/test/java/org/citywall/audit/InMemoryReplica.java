package org.citywall.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/** A replica the tests hold in memory and can tamper with. */
final class InMemoryReplica implements AuditReplica {
    final Map<Long, List<AuditRecord>> copies = new ConcurrentSkipListMap<>();

    @Override
    public void store(List<AuditRecord> records) {
        records.forEach(r -> copies.put(r.seq(), new ArrayList<>(List.of(r))));
    }

    @Override
    public List<AuditRecord> fetch(long fromSeq, long toSeq) {
        List<AuditRecord> out = new ArrayList<>();
        copies.forEach((seq, l) -> {
            if (seq >= fromSeq && seq < toSeq) {
                out.addAll(l);
            }
        });
        return out;
    }

    @Override
    public long end() {
        return copies.isEmpty() ? 0 : ((ConcurrentSkipListMap<Long, List<AuditRecord>>) copies).lastKey() + 1;
    }
}
