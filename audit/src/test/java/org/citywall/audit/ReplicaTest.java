package org.citywall.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.citywall.crypto.KeyRing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplicaTest {

    @TempDir
    Path dir;

    final KeyRing ring = Fixtures.keyRing();

    @Test
    void aFedReplicaReconcilesCleanlyAndEveryDifferenceIsReported() throws Exception {
        try (AuditLog log = AuditLog.open(Fixtures.options(dir, ring))) {
            for (int i = 0; i < 5000; i++) {
                log.append(Fixtures.entry(i));
            }
            InMemoryReplica replica = new InMemoryReplica();
            ReplicaFeeder feeder = new ReplicaFeeder(log, replica, 700);
            assertThat(feeder.syncOnce()).isEqualTo(5000);
            assertThat(feeder.syncOnce()).isZero();
            log.append(Fixtures.entry(5000));
            assertThat(feeder.syncOnce()).isEqualTo(1);
            assertThat(ReplicaReconciler.reconcile(log, replica).consistent()).isTrue();

            // someone edits the searchable copy behind the log's back
            replica.copies.remove(17L);
            AuditRecord r = replica.copies.get(4242L).get(0);
            replica.copies.put(4242L, new ArrayList<>(List.of(new AuditRecord(r.seq(), r.time(), "mallory", r.role(), r.domain(),
                    r.action(), r.object(), AuditResult.SUCCESS, r.source(), r.requestId(), r.details()))));
            replica.copies.get(99L).add(replica.copies.get(99L).get(0));
            replica.store(List.of(AuditRecord.of(7000, r.time(), Fixtures.entry(7000))));

            ReplicaReconciler.Report report = ReplicaReconciler.reconcile(log, replica);
            assertThat(report.consistent()).isFalse();
            assertThat(report.missing()).isEqualTo(1);
            assertThat(report.altered()).isEqualTo(1);
            assertThat(report.unexpected()).isEqualTo(2);
            assertThat(report.differences()).extracting(ReplicaReconciler.Difference::kind, ReplicaReconciler.Difference::seq)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(ReplicaReconciler.Difference.Kind.MISSING, 17L),
                            org.assertj.core.groups.Tuple.tuple(ReplicaReconciler.Difference.Kind.UNEXPECTED, 99L),
                            org.assertj.core.groups.Tuple.tuple(ReplicaReconciler.Difference.Kind.ALTERED, 4242L),
                            org.assertj.core.groups.Tuple.tuple(ReplicaReconciler.Difference.Kind.UNEXPECTED, 7000L));
            assertThat(report.differences().get(2).detail()).contains("subject");
            assertThat(report.to()).isEqualTo(7001);
        }
    }
}
