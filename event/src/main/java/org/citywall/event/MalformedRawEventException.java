package org.citywall.event;

/** The bytes on the bus are not a raw event this version understands. */
public final class MalformedRawEventException extends RuntimeException {
    public MalformedRawEventException(String message) {
        super(message);
    }
}
