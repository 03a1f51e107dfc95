package org.citywall.collector;

/** A request body that does not follow its format; the message says where and why (it goes to the client). */
final class MalformedBodyException extends Exception {
    MalformedBodyException(String message) {
        super(message, null, false, false);
    }
}
