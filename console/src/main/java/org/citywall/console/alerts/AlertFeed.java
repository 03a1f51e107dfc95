package org.citywall.console.alerts;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.mapping.FieldType;
import co.elastic.clients.elasticsearch.core.search.Hit;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.citywall.event.IndexNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the alerts index for new and changed alerts and tells subscribers, each only about its
 * own domains. One poller for all subscribers, and only while there are some: every
 * {@code interval} it reads the most recently seen and most recently triaged alerts and compares
 * them with what it saw the time before (count, status, assignee, last seen, updated at).
 */
public final class AlertFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertFeed.class);
    private static final int WINDOW = 200;

    /** A new or changed alert, as little as the queue needs to decide to refresh. */
    public record Change(String kind, Map<String, Object> alert) {
        /** The alert's domain. */
        public String domain() {
            return (String) alert.get("domain");
        }
    }

    /** A subscriber: its domains ({@code *} for all) and where its changes go. */
    public record Subscription(List<String> domains, Consumer<Change> sink) {
        boolean sees(Change c) {
            return domains.contains("*") || domains.contains(c.domain());
        }
    }

    private final ElasticsearchClient es;
    private final Duration interval;
    private final List<Subscription> subscribers = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "citywall-alert-feed");
        t.setDaemon(true);
        return t;
    });
    private ScheduledFuture<?> task;
    private final AlertMemory memory = new AlertMemory(AlertMemory.MAX_REMEMBERED);

    public AlertFeed(ElasticsearchClient es, Duration interval) {
        this.es = es;
        this.interval = interval;
    }

    /**
     * Starts telling {@code s} about changes made from now on: when the poller is not running, it
     * first learns the present state (before this returns), then starts.
     */
    public synchronized void subscribe(Subscription s) {
        if (task == null) {
            memory.forget();
            try {
                timer.submit(this::poll).get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                LOG.debug("alert_feed.baseline_failed error={}", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            task = timer.scheduleWithFixedDelay(this::poll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
        subscribers.add(s);
    }

    /** Stops telling {@code s}; the poller stops with the last subscriber. */
    public synchronized void unsubscribe(Subscription s) {
        subscribers.remove(s);
        if (subscribers.isEmpty() && task != null) {
            task.cancel(false);
            task = null;
        }
    }

    /** How many subscribers there are. */
    public int subscribers() {
        return subscribers.size();
    }

    void poll() {
        Map<String, Map<String, Object>> now;
        try {
            now = recent();
        } catch (RuntimeException e) {
            LOG.debug("alert_feed.poll_failed error={}", e.toString());
            return;
        }
        List<Change> changes = memory.compare(now);
        for (Change c : changes) {
            for (Subscription s : subscribers) {
                if (s.sees(c)) {
                    try {
                        s.sink().accept(c);
                    } catch (RuntimeException e) {
                        unsubscribe(s);
                    }
                }
            }
        }
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private Map<String, Map<String, Object>> recent() {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (String field : List.of("last_seen", "updated_at", "@timestamp")) {
            try {
                var r = es.search(s -> s.index(IndexNames.ALERTS).ignoreUnavailable(true).allowNoIndices(true).size(WINDOW)
                        .source(src -> src.filter(f -> f.includes("alert_id", "rule_id", "rule_title", "level", "domain", "status",
                                "assignee", "count", "last_seen", "updated_at", "@timestamp")))
                        .sort(o -> o.field(f -> f.field(field).order(SortOrder.Desc).unmappedType(FieldType.Date))), Map.class);
                for (Hit<Map> h : r.hits().hits()) {
                    out.put(h.id(), (Map<String, Object>) h.source());
                }
            } catch (IOException | ElasticsearchException e) {
                throw new SearchUnavailableException("alert feed poll failed", e);
            }
        }
        return out;
    }

    @Override
    public synchronized void close() {
        subscribers.clear();
        timer.shutdownNow();
    }
}
