package org.citywall.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.citywall.crypto.KeyRing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ReplicaGapTest {

    static final long HUGE = (1L << 53) - 1; // the highest seq a record may have

    @TempDir
    Path dir;

    final KeyRing ring = Fixtures.keyRing();

    @Test
    void aPartlyFailedBatchIsSentAgainAndLeavesNoGap() throws Exception {
        try (AuditLog log = AuditLog.open(Fixtures.options(dir, ring))) {
            for (int i = 0; i < 250; i++) {
                log.append(Fixtures.entry(i));
            }
            PartlyFailingReplica replica = new PartlyFailingReplica();
            replica.refuse.add(130L); // in the second batch, whose later seqs are written
            ReplicaFeeder feeder = new ReplicaFeeder(log, replica, 100);

            assertThatThrownBy(feeder::syncOnce).isInstanceOf(IOException.class).hasMessageContaining("130");
            assertThat(replica.end()).isEqualTo(200); // later seqs landed: the replica's end is past the gap
            assertThat(feeder.position()).isEqualTo(100);
            assertThat(ReplicaReconciler.reconcile(log, replica).missing()).isEqualTo(51); // 130, and 200-249 not yet sent

            assertThat(feeder.syncOnce()).isEqualTo(150); // the failed batch again, then the rest
            assertThat(feeder.position()).isEqualTo(250);
            assertThat(ReplicaReconciler.reconcile(log, replica).consistent()).isTrue();
            assertThat(feeder.syncOnce()).isZero();
        }
    }

    @Test
    void failuresInSeveralBatchesAndRepeatedFailuresAreAllRepaired() throws Exception {
        try (AuditLog log = AuditLog.open(Fixtures.options(dir, ring))) {
            for (int i = 0; i < 1000; i++) {
                log.append(Fixtures.entry(i));
            }
            PartlyFailingReplica replica = new PartlyFailingReplica();
            ReplicaFeeder feeder = new ReplicaFeeder(log, replica, 64);
            replica.refuse.addAll(List.of(3L, 64L, 500L, 999L));
            int failures = 0;
            for (int round = 0; round < 10; round++) {
                try {
                    feeder.syncOnce();
                    break;
                } catch (IOException e) {
                    failures++;
                    if (round == 2) {
                        replica.refuse.add(510L); // the same batch fails again, at another seq
                    }
                }
            }
            assertThat(failures).isEqualTo(5);
            assertThat(ReplicaReconciler.reconcile(log, replica).consistent()).isTrue();
        }
    }

    @Test
    void aNewFeederFillsAGapLeftBeforeARestart() throws Exception {
        try (AuditLog log = AuditLog.open(Fixtures.options(dir, ring))) {
            for (int i = 0; i < 5000; i++) {
                log.append(Fixtures.entry(i));
            }
            PartlyFailingReplica replica = new PartlyFailingReplica();
            replica.refuse.add(2500L);
            assertThatThrownBy(new ReplicaFeeder(log, replica, 1000)::syncOnce).isInstanceOf(IOException.class); // then a restart
            assertThat(replica.end()).isEqualTo(3000);

            ReplicaFeeder restarted = new ReplicaFeeder(log, replica, 1000);
            assertThat(restarted.syncOnce()).isEqualTo(2500); // from the gap at 2500 to the end
            assertThat(ReplicaReconciler.reconcile(log, replica).consistent()).isTrue();
        }
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void aCopyWithAHugeSeqIsReportedWithoutWalkingToItAndDoesNotMakeTheFeederSkip() throws Exception {
        try (AuditLog log = AuditLog.open(Fixtures.options(dir, ring))) {
            for (int i = 0; i < 3000; i++) {
                log.append(Fixtures.entry(i));
            }
            InMemoryReplica replica = new InMemoryReplica();
            AuditRecord any = log.read(0, 1).get(0);
            replica.store(List.of(AuditRecord.of(HUGE, any.time(), Fixtures.entry(1))));

            ReplicaFeeder feeder = new ReplicaFeeder(log, replica, 700);
            assertThat(feeder.syncOnce()).isEqualTo(3000); // the hostile end does not count as progress
            ReplicaReconciler.Report report = ReplicaReconciler.reconcile(log, replica);
            assertThat(report.missing()).isZero();
            assertThat(report.altered()).isZero();
            assertThat(report.unexpected()).isEqualTo(1);
            assertThat(report.differences()).singleElement().satisfies(d -> {
                assertThat(d.kind()).isEqualTo(ReplicaReconciler.Difference.Kind.UNEXPECTED);
                assertThat(d.seq()).isEqualTo(HUGE);
            });
            assertThat(report.to()).isEqualTo(HUGE + 1);

            // records appended later are still shipped, though the replica's end stays the stray copy's
            log.append(Fixtures.entry(3000));
            assertThat(feeder.syncOnce()).isEqualTo(1);
            replica.copies.remove(10L);
            assertThat(new ReplicaFeeder(log, replica, 700).syncOnce()).isEqualTo(2991);
            assertThat(ReplicaReconciler.reconcile(log, replica).unexpected()).isEqualTo(1);
        }
    }
}
