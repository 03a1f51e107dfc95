package org.citywall.audit;

/** Bytes that are not the canonical form of an audit record; the message says what is wrong. */
public final class MalformedRecordException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public MalformedRecordException(String message) {
        super(message);
    }
}
