package org.citywall.collector;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the bus is taking events, and the log lines an operator needs: one when it goes down (with the
 * error), one every half minute while it stays down, one when it recovers — never one per failed event.
 */
final class BusHealth {

    private static final Logger LOG = LoggerFactory.getLogger(BusHealth.class);
    private static final long REPEAT_NANOS = 30_000_000_000L;

    private volatile boolean down;
    private final AtomicLong failures = new AtomicLong();
    private long downSince;
    private long lastLog;
    private final AtomicLong refusals = new AtomicLong();
    private long lastRefusalLog;

    void succeeded() {
        if (down) {
            synchronized (this) {
                if (down) {
                    down = false;
                    LOG.info("event=bus_recovered failed_attempts={} down_ms={}", failures.getAndSet(0),
                            (System.nanoTime() - downSince) / 1_000_000);
                }
            }
        }
    }

    void failed(Throwable error, long inflightBytes) {
        failures.incrementAndGet();
        long now = System.nanoTime();
        synchronized (this) {
            if (!down) {
                down = true;
                downSince = now;
                lastLog = now;
                LOG.warn("event=bus_unavailable action=holding_and_retrying error_type={} error=\"{}\"",
                        error.getClass().getSimpleName(), message(error));
            } else if (now - lastLog > REPEAT_NANOS) {
                lastLog = now;
                LOG.warn("event=bus_still_unavailable failed_attempts={} inflight_bytes={} error=\"{}\"",
                        failures.get(), inflightBytes, message(error));
            }
        }
    }

    /**
     * The bus refused an event for good: not a sign it is down (it answered). Logged at most once per half
     * minute with the number refused meanwhile.
     */
    void refused(Throwable error) {
        long n = refusals.incrementAndGet();
        long now = System.nanoTime();
        synchronized (this) {
            if (lastRefusalLog == 0 || now - lastRefusalLog > REPEAT_NANOS) {
                lastRefusalLog = now;
                LOG.warn("event=bus_refused_event action=rejected_not_retried refused_total={} error_type={} error=\"{}\"",
                        n, error.getClass().getSimpleName(), message(error));
            }
        }
    }

    boolean isDown() {
        return down;
    }

    private static String message(Throwable e) {
        Throwable t = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m.replace('"', '\'');
    }
}
