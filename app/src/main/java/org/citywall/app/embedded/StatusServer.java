package org.citywall.app.embedded;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.citywall.collector.Collector;
import org.citywall.collector.InputStatus;
import org.citywall.event.Json;

/**
 * The platform's operational endpoints on loopback only: {@code /metrics} (Prometheus text: every
 * collector input's counters, the console's error answers by code, the detection job's counters) for a scraper, and {@code /status} (JSON: the parts' health and each
 * input's figures) for {@code citywall status}. Loopback and read-only, so outside the console's
 * authentication.
 */
final class StatusServer implements AutoCloseable {
    private final HttpServer server;

    private StatusServer(HttpServer server) {
        this.server = server;
    }

    static StatusServer start(int port, Collector collector, Supplier<String> consoleMetrics,
            Supplier<Map<String, Boolean>> health) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        s.createContext("/metrics", ex -> reply(ex, 200, "text/plain; version=0.0.4; charset=utf-8",
                collector.scrapeMetrics() + consoleMetrics.get() + detectionMetrics()));
        s.createContext("/status", ex -> {
            Map<String, Object> doc = new LinkedHashMap<>();
            Map<String, Boolean> parts = health.get();
            doc.put("healthy", parts.values().stream().allMatch(Boolean::booleanValue));
            doc.put("parts", parts);
            List<Map<String, Object>> inputs = new ArrayList<>();
            for (InputStatus i : collector.status()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", i.name());
                m.put("type", i.type());
                m.put("domain", i.domain());
                m.put("address", i.address().getAddress().getHostAddress() + ":" + i.address().getPort());
                m.put("frames", i.frames());
                m.put("bytes", i.bytes());
                m.put("oversized", i.oversized());
                m.put("rejected", i.rejected());
                m.put("dropped", i.dropped());
                m.put("open_connections", i.openConnections());
                m.put("bus_errors", i.busErrors());
                m.put("bus_latency_mean_ms", i.busLatencyMeanMillis());
                inputs.add(m);
            }
            doc.put("inputs", inputs);
            doc.put("detection", DetectionMetrics.snapshot());
            reply(ex, 200, "application/json", Json.write(doc));
        });
        s.start();
        return new StatusServer(s);
    }

    /** The detection job's counters in Prometheus text form. */
    private static String detectionMetrics() {
        StringBuilder sb = new StringBuilder();
        DetectionMetrics.snapshot().forEach((name, value) -> {
            String metric = name.replaceAll("[^A-Za-z0-9_]", "_");
            sb.append("# TYPE ").append(metric).append(" gauge\n").append(metric).append(' ').append(value).append('\n');
        });
        return sb.toString();
    }

    private static void reply(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        if (!ex.getRequestMethod().equals("GET")) {
            ex.sendResponseHeaders(405, -1);
            ex.close();
            return;
        }
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
