package org.citywall.audit;

/**
 * A record could not be made durable (the log is closed, failed, or its disk refused the write),
 * so the request it describes must be refused. The message is safe to show to a user.
 */
public final class AuditUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AuditUnavailableException(String message) {
        super(message);
    }

    public AuditUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
