package org.citywall.collector;

import java.util.concurrent.CompletableFuture;
import org.citywall.event.RawEvent;

/**
 * Where raw events go: the topic the detection job reads.
 *
 * <p>The collector acknowledges a sender (RELP {@code rsp 200}, an HTTP 2xx) only after the future
 * returned by {@link #publish} has completed normally, so an implementation must complete it only once
 * the event is durable. A failed future means the event may not have been stored; the collector retries
 * it with back-off (holding it in its bounded in-flight budget, so TCP inputs stop reading meanwhile),
 * counts the failure and logs when the bus goes down and when it recovers.
 *
 * <p>Implementations must be thread-safe, must not block the caller (it is a network event loop), and
 * should keep the order of events from one peer.
 */
public interface Bus extends AutoCloseable {

    /**
     * Hands one raw event to the bus.
     *
     * @return a future completing normally when the event is durable, exceptionally when it could not be stored
     */
    CompletableFuture<Void> publish(RawEvent event);

    /** Flushes what is pending and releases resources. The collector never closes the bus it was given. */
    @Override
    default void close() {}
}
