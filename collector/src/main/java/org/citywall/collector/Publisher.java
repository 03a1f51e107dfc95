package org.citywall.collector;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.citywall.event.RawEvent;

/**
 * Hands frames to the bus within the {@link InflightBudget}, and keeps retrying a frame whose publication
 * failed (with back-off, counted, logged through {@link BusHealth}) until it is durable or the collector
 * closes. A frame the bus refuses for good ({@link Bus.Receipt#rejected}) is not retried: it is counted as
 * {@code rejected{reason="bus"}} and its future fails with {@link BusRejectedException}. Acknowledged inputs
 * get a future that completes only when their frame is durable.
 */
final class Publisher {

    private static final long FIRST_BACKOFF_MS = 50;
    private static final long MAX_BACKOFF_MS = 5_000;
    private static final int LATENCY_SAMPLE = 16;

    private final Bus bus;
    private final InflightBudget budget;
    private final ScheduledExecutorService timer;
    private final BusHealth health;
    private final Set<Attempt> retrying = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    Publisher(Bus bus, InflightBudget budget, ScheduledExecutorService timer, BusHealth health) {
        this.bus = bus;
        this.budget = budget;
        this.timer = timer;
        this.health = health;
    }

    /**
     * Publishes a frame nobody waits for (plain syslog): the collector owns it from here and retries until
     * the bus takes it. The budget may go over its high watermark: the caller then pauses reading.
     */
    void publish(RawEvent event, InputMetrics metrics, long receivedNanos) {
        Attempt a = new Attempt(event, metrics, receivedNanos, null);
        budget.acquire(a.cost);
        a.send();
    }

    /** Publishes a frame a sender waits for (RELP, HTTP): the future completes when it is durable. */
    CompletableFuture<Void> publishAcknowledged(RawEvent event, InputMetrics metrics, long receivedNanos) {
        Attempt a = new Attempt(event, metrics, receivedNanos, new CompletableFuture<>());
        budget.acquire(a.cost);
        a.send();
        return a.done;
    }

    /** Publishes only if the budget has room; false when it has not (the caller drops and counts). */
    boolean tryPublish(RawEvent event, InputMetrics metrics, long receivedNanos) {
        Attempt a = new Attempt(event, metrics, receivedNanos, null);
        if (!budget.tryAcquire(a.cost)) {
            return false;
        }
        a.send();
        return true;
    }

    boolean busDown() {
        return health.isDown();
    }

    boolean budgetExhausted() {
        return budget.exhausted();
    }

    /** Stops retrying; frames still waiting fail and are counted as dropped by their input. */
    void close() {
        closed = true;
        for (Attempt a : retrying) {
            a.giveUp();
        }
    }

    /** One frame on its way to durability, across retries; it is the bus's receipt for each try. */
    private final class Attempt implements Bus.Receipt {
        final RawEvent event;
        final InputMetrics metrics;
        final long receivedNanos;
        final long cost;
        final CompletableFuture<Void> done;
        int failures;
        /** Set while inside bus.publish: a receipt that comes then was synchronous (no latency worth timing). */
        boolean publishing;

        Attempt(RawEvent event, InputMetrics metrics, long receivedNanos, CompletableFuture<Void> done) {
            this.event = event;
            this.metrics = metrics;
            this.receivedNanos = receivedNanos;
            this.cost = InflightBudget.cost(event.body().length);
            this.done = done;
        }

        void send() {
            publishing = true;
            try {
                bus.publish(event, this);
            } catch (RuntimeException e) {
                failed(e);
            } finally {
                publishing = false;
            }
        }

        @Override
        public void stored() {
            budget.release(cost);
            health.succeeded();
            // one frame in LATENCY_SAMPLE is timed: the timer costs about as much as the rest of this receipt
            if (!publishing && ThreadLocalRandom.current().nextInt(LATENCY_SAMPLE) == 0) {
                metrics.busLatency(System.nanoTime() - receivedNanos);
            }
            if (done != null) {
                done.complete(null);
            }
        }

        @Override
        public void failed(Throwable error) {
            metrics.busError();
            health.failed(error, budget.inflightBytes());
            if (closed) {
                abandon();
                return;
            }
            long backoff = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(failures, 10));
            failures++;
            retrying.add(this);
            try {
                timer.schedule(() -> {
                    // whoever takes it out of the set owns it: this retry, or close() giving up
                    if (retrying.remove(this)) {
                        if (closed) {
                            abandon();
                        } else {
                            send();
                        }
                    }
                }, backoff, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException shuttingDown) {
                giveUp();
            }
        }

        @Override
        public void rejected(Throwable error) {
            // the bus answered, and will never take this event: count it and fail it back, no retry
            budget.release(cost);
            metrics.rejected("bus");
            health.refused(error);
            if (done != null) {
                done.completeExceptionally(new BusRejectedException(error));
            }
        }

        /** From close(): gives up if it is waiting for a retry. */
        void giveUp() {
            if (retrying.remove(this)) {
                abandon();
            }
        }

        private void abandon() {
            budget.release(cost);
            metrics.dropped("shutdown", 1);
            if (done != null) {
                done.completeExceptionally(new IllegalStateException("collector closed before the bus took the frame"));
            }
        }
    }
}
