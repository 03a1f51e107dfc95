package org.citywall.console.alerts;

/** Elasticsearch could not answer; the console answers 503 and the user may retry. */
public final class SearchUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SearchUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
