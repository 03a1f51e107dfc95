package org.citywall.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.citywall.app.embedded.Endpoints;
import org.citywall.event.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code citywall status}: is the running platform healthy, and what has each input received. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Shows the health of a running platform and each collector input's figures.",
                "Exit status 0 when every part is up, 1 when one is down, 2 when nothing is running."})
public final class StatusCommand implements Callable<Integer> {

    @Option(names = "--data-dir", defaultValue = "data", description = "The platform's data directory (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--prometheus", description = "Print the Prometheus metrics text instead of the summary.")
    boolean prometheus;

    @Override
    @SuppressWarnings("unchecked")
    public Integer call() throws Exception {
        Path file = dataDir.resolve("endpoints.json");
        if (!Files.exists(file)) {
            System.err.println("citywall: no platform is running on " + dataDir.toAbsolutePath() + " (no endpoints.json)");
            return 2;
        }
        Endpoints e = Endpoints.readFrom(file);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        String path = prometheus ? "/metrics" : "/status";
        HttpResponse<String> r;
        try {
            r = http.send(HttpRequest.newBuilder(URI.create(e.status() + path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException ex) {
            System.err.println("citywall: the platform on " + dataDir.toAbsolutePath() + " does not answer at " + e.status());
            return 2;
        }
        if (prometheus) {
            System.out.print(r.body());
            return 0;
        }
        Map<String, Object> doc = Json.readObject(r.body());
        boolean healthy = Boolean.TRUE.equals(doc.get("healthy"));
        System.out.println("CityWall on " + dataDir.toAbsolutePath() + ": " + (healthy ? "healthy" : "DEGRADED"));
        ((Map<String, Object>) doc.get("parts")).forEach((part, up) ->
                System.out.printf(Locale.ROOT, "  %-14s %s%n", part, Boolean.TRUE.equals(up) ? "up" : "DOWN"));
        System.out.printf(Locale.ROOT, "%n  %-12s %-10s %-21s %-10s %10s %12s %9s %9s %8s %6s %10s%n", "input", "type",
                "address", "domain", "frames", "bytes", "oversized", "rejected", "dropped", "conns", "bus ms");
        for (Map<String, Object> i : (List<Map<String, Object>>) doc.get("inputs")) {
            System.out.printf(Locale.ROOT, "  %-12s %-10s %-21s %-10s %10d %12d %9d %9d %8d %6d %10.1f%n", i.get("name"),
                    i.get("type"), i.get("address"), i.get("domain"), n(i, "frames"), n(i, "bytes"), n(i, "oversized"),
                    n(i, "rejected"), n(i, "dropped"), n(i, "open_connections"), ((Number) i.get("bus_latency_mean_ms")).doubleValue());
        }
        Map<String, Object> detection = (Map<String, Object>) doc.get("detection");
        if (detection != null && !detection.isEmpty()) {
            System.out.println();
            System.out.println("  detection");
            detection.forEach((k, v) -> System.out.printf(Locale.ROOT, "    %-48s %d%n", k, ((Number) v).longValue()));
        }
        return healthy ? 0 : 1;
    }

    private static long n(Map<String, Object> m, String k) {
        return ((Number) m.get(k)).longValue();
    }
}
