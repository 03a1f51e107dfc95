package org.citywall.app.embedded;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * {@code GET /metrics}: Prometheus text for a scraper, on an address of its own (loopback or a
 * management network), outside the console's authentication — it shows counts, never names,
 * keys or messages. Anything but GET is 405.
 */
public final class MetricsEndpoint implements AutoCloseable {
    private final HttpServer server;

    private MetricsEndpoint(HttpServer server) {
        this.server = server;
    }

    public static MetricsEndpoint start(InetSocketAddress address, Supplier<String> metrics) throws IOException {
        HttpServer s = HttpServer.create(address, 16);
        s.createContext("/metrics", ex -> {
            try (ex) {
                if (!ex.getRequestMethod().equals("GET")) {
                    ex.sendResponseHeaders(405, -1);
                    return;
                }
                byte[] body = metrics.get().getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                ex.sendResponseHeaders(200, body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        s.start();
        return new MetricsEndpoint(s);
    }

    /** {@code http://host:port/metrics}. */
    public String url() {
        InetSocketAddress a = server.getAddress();
        return "http://" + a.getAddress().getHostAddress() + ":" + a.getPort() + "/metrics";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
