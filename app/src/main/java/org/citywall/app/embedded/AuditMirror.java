package org.citywall.app.embedded;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.citywall.audit.AuditLog;
import org.citywall.audit.ReplicaFeeder;
import org.citywall.audit.ReplicaReconciler;
import org.citywall.console.audit.ElasticsearchAuditReplica;
import org.citywall.detection.sink.EsClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the Elasticsearch copy of the audit log up to date (every two seconds, from where the
 * copy ends) and reconciles the two every ten minutes: the local log is the root of trust, and
 * any record missing, altered or unexpected in the copy is logged as an error. Once a day it
 * moves records past their retention (180 days by default) into signed archives.
 */
final class AuditMirror implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditMirror.class);

    private final EsClients.Handle es;
    private final ScheduledExecutorService timer;

    private AuditMirror(EsClients.Handle es, ScheduledExecutorService timer) {
        this.es = es;
        this.timer = timer;
    }

    static AuditMirror start(AuditLog log, List<String> elasticsearch) {
        EsClients.Handle es = EsClients.open(elasticsearch);
        ElasticsearchAuditReplica replica = new ElasticsearchAuditReplica(es.sync());
        ReplicaFeeder feeder = new ReplicaFeeder(log, replica, 1000);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "audit-mirror");
            t.setDaemon(true);
            return t;
        });
        long[] ticks = {0};
        timer.scheduleWithFixedDelay(() -> {
            try {
                long n = feeder.syncOnce();
                if (n > 0) {
                    LOG.debug("event=audit_mirrored records={}", n);
                }
                if (++ticks[0] % 300 == 0) { // every ten minutes, right after a sync so only real differences show
                    ReplicaReconciler.Report r = ReplicaReconciler.reconcile(log, replica);
                    if (!r.consistent()) {
                        LOG.error("event=audit_replica_differs missing={} altered={} unexpected={} first=\"{}\"",
                                r.missing(), r.altered(), r.unexpected(), r.differences().isEmpty() ? "" : r.differences().get(0));
                    }
                }
            } catch (Exception e) {
                LOG.warn("event=audit_mirror_failed error={}", e.toString()); // retried at the next tick
            }
        }, 1, 2, TimeUnit.SECONDS);
        timer.scheduleWithFixedDelay(() -> {
            try {
                var archived = log.enforceRetention();
                if (!archived.isEmpty()) {
                    LOG.info("event=audit_archived archives={}", archived.size());
                }
            } catch (Exception e) {
                LOG.error("event=audit_retention_failed error={}", e.toString());
            }
        }, 1, 24 * 60, TimeUnit.MINUTES);
        return new AuditMirror(es, timer);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        es.close();
    }
}
