package org.citywall.console;

/**
 * Where the console sends every {@link AccessRecord}: the audit module's log in the running
 * platform. {@link #record} returns only once the record is durable; it throws when it cannot be,
 * and the console then refuses the request for action classes configured to fail closed.
 */
@FunctionalInterface
public interface AccessRecorder {
    /**
     * Records one access durably.
     *
     * @throws RuntimeException when the record could not be made durable
     */
    void record(AccessRecord record);
}
