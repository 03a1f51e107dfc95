package org.citywall.collector;

import java.util.concurrent.CompletableFuture;
import org.citywall.event.RawEvent;

/**
 * Where raw events go: the topic the detection job reads.
 *
 * <p>The collector acknowledges a sender (RELP {@code rsp 200}, an HTTP 2xx) only after the bus has called
 * {@link Receipt#stored()} for the event, so an implementation must call it only once the event is durable.
 * {@link Receipt#failed} means the event may not have been stored; the collector retries it with back-off
 * (holding it in its bounded in-flight budget, so TCP inputs stop reading meanwhile), counts the failure and
 * logs when the bus goes down and when it recovers. {@link Receipt#rejected} means the bus will never take
 * the event: it is counted and failed back to its sender, not retried.
 *
 * <p>Implementations must be thread-safe, must not block the caller (it is a network event loop), should
 * keep the order of events from one peer, and may call the receipt on any thread, including the caller's
 * before {@code publish} returns.
 */
public interface Bus extends AutoCloseable {

    /** Told, exactly once per published event, what became of it. Calls must be quick (no I/O, no locks held long). */
    interface Receipt {
        /** The event is durable. */
        void stored();

        /** The event may not have been stored. */
        void failed(Throwable error);

        /**
         * The event was not stored and never will be, however often it is sent again (too large for the
         * bus, invalid): the collector counts it as rejected and fails it back to its sender rather than retry.
         * By default the same as {@link #failed}.
         */
        default void rejected(Throwable error) {
            failed(error);
        }
    }

    /**
     * Hands one raw event to the bus; {@code receipt} hears, exactly once, whether it became durable. A bus
     * that cannot take the event at all says so through the receipt rather than by throwing.
     */
    void publish(RawEvent event, Receipt receipt);

    /** The same as a future: completes normally when the event is durable, exceptionally when it may not be. */
    default CompletableFuture<Void> publish(RawEvent event) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        publish(event, new Receipt() {
            @Override
            public void stored() {
                done.complete(null);
            }

            @Override
            public void failed(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        return done;
    }

    /** Flushes what is pending and releases resources; the collector calls it when it closes. */
    @Override
    default void close() {}
}
