package org.citywall.console.api;

import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.citywall.console.alerts.AlertFeed;
import org.citywall.event.Json;

/**
 * New and changed alerts as server-sent events ({@code event: alert}), for the queue to refresh
 * without reloading. The guard checks the session and {@code alert:read} when the stream opens;
 * the stream then carries only alerts of the caller's domains, and ends after
 * {@code maxDuration} so that the browser's automatic reconnection passes the guard again (a
 * logged-out or expired session gets no new stream).
 */
public final class AlertStreamApi implements AutoCloseable {
    /** The stream's path. */
    public static final String PATH = "/api/v1/alerts/stream";
    private final AlertFeed feed;
    private final Duration maxDuration;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "citywall-alert-stream");
        t.setDaemon(true);
        return t;
    });

    public AlertStreamApi(AlertFeed feed, Duration maxDuration) {
        this.feed = feed;
        this.maxDuration = maxDuration;
    }

    public List<ApiRoute> routes() {
        return List.of(ApiRoute.get(PATH, Access.domain("alert:read"),
                "Server-sent events: new and changed alerts of the caller's domains", ctx -> {
                    // the caller's domains are read here, on the request's thread where Shiro's subject is bound;
                    // the stream itself runs on another thread
                    List<String> domains = Requests.permittedDomains(ctx);
                    new SseHandler(client -> open(client, domains)).handle(ctx);
                }));
    }

    private void open(SseClient client, List<String> domains) {
        client.keepAlive();
        AlertFeed.Subscription[] sub = new AlertFeed.Subscription[1];
        sub[0] = new AlertFeed.Subscription(domains, change -> {
            if (client.terminated()) {
                throw new IllegalStateException("closed");
            }
            Map<String, Object> data = new LinkedHashMap<>(change.alert());
            data.put("change", change.kind());
            client.sendEvent("alert", Json.write(data));
        });
        client.onClose(() -> feed.unsubscribe(sub[0]));
        feed.subscribe(sub[0]);
        client.sendEvent("ready", "{\"retry_ms\":3000}"); // from here on, every change reaches this stream
        var ping = timer.scheduleWithFixedDelay(() -> {
            if (client.terminated()) {
                feed.unsubscribe(sub[0]);
                throw new IllegalStateException("stream closed"); // ends this repetition
            }
            client.sendComment("keep-alive");
        }, 15, 15, TimeUnit.SECONDS);
        timer.schedule(() -> {
            ping.cancel(false);
            feed.unsubscribe(sub[0]);
            client.close();
        }, maxDuration.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
