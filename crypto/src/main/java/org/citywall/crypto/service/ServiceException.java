package org.citywall.crypto.service;

/** A refused crypto service call: a stable {@link ErrorCode} and a message safe to show the caller. */
public final class ServiceException extends RuntimeException {

    private final ErrorCode code;

    public ServiceException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
