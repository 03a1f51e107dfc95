package org.citywall.collector;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.citywall.event.RawEvent;

/**
 * Hands frames to the bus within the {@link InflightBudget}, and keeps retrying a frame whose publication
 * failed (with back-off, counted, logged through {@link BusHealth}) until it is durable or the collector
 * closes. The future it returns completes only when the frame is durable, which is what acknowledged inputs
 * wait for.
 */
final class Publisher {

    private static final long FIRST_BACKOFF_MS = 50;
    private static final long MAX_BACKOFF_MS = 5_000;

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

    /** Publishes, charging the budget (which may go over its high watermark: the caller then pauses reading). */
    CompletableFuture<Void> publish(RawEvent event, InputMetrics metrics, long receivedNanos) {
        long cost = InflightBudget.cost(event.body().length);
        budget.acquire(cost);
        return send(event, metrics, receivedNanos, cost);
    }

    /** Publishes only if the budget has room; {@code null} when it has not (the caller drops and counts). */
    CompletableFuture<Void> tryPublish(RawEvent event, InputMetrics metrics, long receivedNanos) {
        long cost = InflightBudget.cost(event.body().length);
        if (!budget.tryAcquire(cost)) {
            return null;
        }
        return send(event, metrics, receivedNanos, cost);
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

    private CompletableFuture<Void> send(RawEvent event, InputMetrics metrics, long receivedNanos, long cost) {
        CompletableFuture<Void> first = safePublish(event);
        if (first.isDone() && !first.isCompletedExceptionally()) {
            // the fast path of a bus that completes at once: no extra future, no callback
            succeeded(metrics, receivedNanos, cost);
            return first;
        }
        Attempt attempt = new Attempt(event, metrics, receivedNanos, cost);
        attempt.watch(first);
        return attempt.done;
    }

    private CompletableFuture<Void> safePublish(RawEvent event) {
        try {
            CompletableFuture<Void> f = bus.publish(event);
            return f != null ? f : CompletableFuture.failedFuture(new IllegalStateException("bus returned no future"));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void succeeded(InputMetrics metrics, long receivedNanos, long cost) {
        budget.release(cost);
        health.succeeded();
        metrics.busLatency(System.nanoTime() - receivedNanos);
    }

    /** One frame on its way to durability, across retries. */
    private final class Attempt {
        final RawEvent event;
        final InputMetrics metrics;
        final long receivedNanos;
        final long cost;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        int failures;

        Attempt(RawEvent event, InputMetrics metrics, long receivedNanos, long cost) {
            this.event = event;
            this.metrics = metrics;
            this.receivedNanos = receivedNanos;
            this.cost = cost;
        }

        void watch(CompletableFuture<Void> f) {
            f.whenComplete((ok, error) -> {
                if (error == null) {
                    retrying.remove(this);
                    succeeded(metrics, receivedNanos, cost);
                    done.complete(null);
                } else {
                    failed(error);
                }
            });
        }

        private void failed(Throwable error) {
            metrics.busError();
            health.failed(error, budget.inflightBytes());
            if (closed) {
                giveUp();
                return;
            }
            retrying.add(this);
            long backoff = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(failures, 10));
            failures++;
            try {
                timer.schedule(() -> {
                    if (!closed) {
                        watch(safePublish(event));
                    } else {
                        giveUp();
                    }
                }, backoff, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
                giveUp();
            }
        }

        void giveUp() {
            if (retrying.remove(this) || !done.isDone()) {
                if (done.completeExceptionally(new IllegalStateException("collector closed before the bus took the frame"))) {
                    budget.release(cost);
                    metrics.dropped("shutdown", 1);
                }
            }
        }
    }
}
