package org.citywall.console.alerts;

/** A triage change that is not allowed; {@link #code()} is stable (e.g. {@code reason_required}). */
public final class TriageException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String code;

    public TriageException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
