package org.citywall.console;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.citywall.event.Json;

/** A browser-like client for tests: keeps the session cookie and sends the CSRF token it was given. */
final class ApiClient {
    final String base;
    final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    final HttpClient http;
    String csrf;

    ApiClient(String base) {
        this.base = base;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** A response with its body parsed when it is JSON. */
    record Answer(int status, String body, HttpResponse<String> raw) {
        Map<String, Object> json() {
            return Json.readObject(body);
        }

        @SuppressWarnings("unchecked")
        String errorCode() {
            return (String) ((Map<String, Object>) json().get("error")).get("code");
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    Answer login(String user, String password) {
        Answer a = post("/api/v1/login", Map.of("username", user, "password", password));
        if (a.status() == 200) {
            csrf = (String) a.json().get("csrf_token");
        }
        return a;
    }

    Answer get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    Answer post(String path, Object body) {
        return send(withCsrf(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)))));
    }

    Answer patch(String path, Object body) {
        return send(withCsrf(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(Json.write(body)))));
    }

    Answer send(String method, String path, Object bodyOrNull) {
        HttpRequest.BodyPublisher p = bodyOrNull == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(Json.write(bodyOrNull));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).method(method, p);
        if (bodyOrNull != null) {
            b.header("Content-Type", "application/json");
        }
        return send(withCsrf(b));
    }

    private HttpRequest.Builder withCsrf(HttpRequest.Builder b) {
        if (csrf != null) {
            b.header("X-CSRF-Token", csrf);
        }
        return b;
    }

    /** POSTs JSON and answers the raw bytes (downloads). */
    HttpResponse<byte[]> postForBytes(String path, Object body) {
        return postForBytes(path, body, "identity");
    }

    /** As a browser asks: {@code acceptEncoding} e.g. {@code gzip}; the body comes back as sent. */
    HttpResponse<byte[]> postForBytes(String path, Object body, String acceptEncoding) {
        try {
            return http.send(withCsrf(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                    .header("Accept-Encoding", acceptEncoding)
                    .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)))).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Opens a server-sent event stream and hands its lines to the caller (who closes the stream). */
    java.util.stream.Stream<String> streamLines(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "text/event-stream").GET().build(),
                    HttpResponse.BodyHandlers.ofLines()).body();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Opens a server-sent event stream, returns its status once the headers arrive, and closes it. */
    int openStream(String path) {
        try {
            HttpResponse<java.io.InputStream> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                    .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            r.body().close();
            return r.statusCode();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Answer send(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
