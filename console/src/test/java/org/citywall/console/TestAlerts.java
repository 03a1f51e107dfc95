package org.citywall.console;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.citywall.event.Alert;
import org.citywall.event.IndexNames;

/** Writes alert documents straight to Elasticsearch, as the detection job's sink would. */
final class TestAlerts {
    private final String es;
    private final HttpClient http = HttpClient.newHttpClient();

    TestAlerts(String esUrl) {
        this.es = esUrl;
    }

    static Alert alert(String id, String domain, String level, String ruleId, String title, String timestamp, String sourceIp) {
        return new Alert(id, timestamp, ruleId, title, level, List.of("credential-access"), List.of("T1110.001"), domain,
                timestamp, timestamp, 5, Map.of("source.ip", sourceIp), Map.of("user.name", List.of("root", "admin")),
                List.of("ev-" + id + "-1", "ev-" + id + "-2"), "5 failed SSH log-ins from " + sourceIp, "open", null, null, null);
    }

    void write(Alert a) {
        put("/" + IndexNames.ALERTS + "/_doc/" + a.id() + "?refresh=true", a.toJson());
    }

    void put(String path, String json) {
        send("PUT", path, json);
    }

    void post(String path, String json) {
        send("POST", path, json);
    }

    private void send(String method, String path, String json) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(es + path))
                    .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300) {
                throw new IllegalStateException("Elasticsearch refused " + path + ": " + r.statusCode() + " " + r.body());
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
