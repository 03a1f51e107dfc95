package org.citywall.audit;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link AuditTrail} over an {@link AuditLog}. */
final class LogAuditTrail implements AuditTrail {

    private static final Logger LOG = LoggerFactory.getLogger(LogAuditTrail.class);

    private final AuditLog log;
    private final RecordingPolicy policy;
    private final AtomicLong unrecorded = new AtomicLong();

    LogAuditTrail(AuditLog log, RecordingPolicy policy) {
        this.log = log;
        this.policy = policy;
    }

    @Override
    public Optional<Receipt> record(AuditEntry entry) {
        try {
            return Optional.of(log.append(entry));
        } catch (AuditUnavailableException e) {
            if (policy.failsClosed(entry.action())) {
                LOG.warn("audit record refused request action={} requestId={} reason=\"{}\"", entry.action(), entry.requestId(),
                        e.getMessage());
                throw e;
            }
            long n = unrecorded.incrementAndGet();
            // the entry itself is not logged: details may describe what must stay in the trail only
            LOG.error("audit record lost, request let through (fail-open) action={} actionClass={} requestId={} unrecorded={} reason=\"{}\"",
                    entry.action(), entry.actionClass(), entry.requestId(), n, e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public long unrecorded() {
        return unrecorded.get();
    }
}
