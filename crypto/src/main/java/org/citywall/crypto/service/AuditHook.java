package org.citywall.crypto.service;

/**
 * The one place every crypto service call is reported, allowed or not, successful or not.
 * The audit module implements this to append to the tamper-evident trail. Called
 * synchronously after each call; an exception thrown here fails the call with
 * {@code unavailable} (503: nothing was done, and no call goes unrecorded).
 */
@FunctionalInterface
public interface AuditHook {

    void record(AuditEvent event);

    /** Records nothing — for tests and command-line use. */
    static AuditHook none() {
        return event -> {
        };
    }
}
