package org.citywall.console.api;

import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.citywall.console.alerts.Dashboard;
import org.citywall.console.ingest.IngestHealth;

/** The dashboard's figures over the caller's domains, and the collector's ingest health. */
public final class DashboardApi {
    private final Dashboard dashboard;
    private final IngestHealth ingest;

    public DashboardApi(Dashboard dashboard, IngestHealth ingest) {
        this.dashboard = dashboard;
        this.ingest = ingest;
    }

    public List<ApiRoute> routes() {
        return List.of(
                ApiRoute.get("/api/v1/dashboard", Access.domain("dashboard:read"),
                        "Alerts over time by level, per status, top rules, top sources, per domain; from/to (default last 24 h)",
                        this::figures),
                ApiRoute.get("/api/v1/ingest", Access.global("ingest:read"),
                        "Per-input collector counters and rates (frames and errors per second)", this::ingest));
    }

    void figures(Context ctx) {
        Instant to = instant(ctx.queryParam("to"), "to", Instant.now());
        Instant from = instant(ctx.queryParam("from"), "from", to.minus(Duration.ofHours(24)));
        if (!from.isBefore(to)) {
            throw ApiException.badRequest("invalid_query", "'from' must be before 'to'");
        }
        if (Duration.between(from, to).compareTo(Duration.ofDays(400)) > 0) {
            throw ApiException.badRequest("invalid_query", "the range is at most 400 days");
        }
        ctx.json(dashboard.figures(from, to, Requests.permittedDomains(ctx)));
    }

    void ingest(Context ctx) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("available", ingest.available());
        m.put("inputs", ingest.snapshot());
        ctx.json(m);
    }

    private static Instant instant(String v, String name, Instant dflt) {
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            return Instant.parse(v.trim());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("invalid_query", name + " must be an ISO-8601 instant such as 2026-01-31T08:00:00Z");
        }
    }
}
