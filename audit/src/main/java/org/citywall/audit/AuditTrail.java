package org.citywall.audit;

import java.util.Optional;

/**
 * The one way the console and the crypto service record what people and applications do.
 * {@link #record} returns once the record is durable. If it cannot be recorded, what happens
 * depends on the action's class under the trail's {@link RecordingPolicy}: a fail-closed class
 * throws {@link AuditUnavailableException} and the caller must refuse the request; a fail-open
 * class is let through, logged at ERROR and counted in {@link #unrecorded()} — never dropped
 * silently.
 *
 * <p>Callers record before they release the result of a request (for a read: before sending
 * the data; for a change: before committing it, or record the attempt and then the outcome),
 * so that a refusal by the trail can still stop the request.
 *
 * <p>Create one with {@link #of(AuditLog, RecordingPolicy)}. There is deliberately no way to
 * delete or edit records, and no way to write a record except by doing the audited thing.
 */
public interface AuditTrail {

    /**
     * Records {@code entry} durably.
     *
     * @return the receipt, or empty if the entry could not be recorded and its class fails open
     * @throws AuditUnavailableException if it could not be recorded and its class fails closed
     */
    Optional<Receipt> record(AuditEntry entry);

    /** How many entries of fail-open classes could not be recorded since this trail was made. */
    long unrecorded();

    /** A trail writing to {@code log} under {@code policy}. */
    static AuditTrail of(AuditLog log, RecordingPolicy policy) {
        return new LogAuditTrail(log, policy);
    }
}
