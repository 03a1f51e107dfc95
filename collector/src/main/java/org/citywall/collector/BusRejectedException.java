package org.citywall.collector;

/**
 * The bus refused an event for good (for Kafka: a record larger than the broker takes, an invalid record):
 * retrying cannot help, so it is counted as {@code rejected{reason="bus"}} and its sender is told (an HTTP
 * error, a RELP {@code 500}) instead of the collector retrying it forever.
 */
final class BusRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    BusRejectedException(Throwable cause) {
        super("the event bus refused the event and will never take it: " + ConnectionErrors.rootMessage(cause), cause);
    }
}
