package org.citywall.console.api;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.citywall.console.alerts.AlertPage;
import org.citywall.console.alerts.AlertQuery;
import org.citywall.console.alerts.AlertStore;

/** The alert queue and single alerts, limited to the caller's domains. */
public final class AlertApi {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private final AlertStore alerts;

    public AlertApi(AlertStore alerts) {
        this.alerts = alerts;
    }

    /** The routes of this API. */
    public List<ApiRoute> routes() {
        return List.of(
                ApiRoute.get("/api/v1/alerts", Access.domain("alert:read"),
                        "The alert queue: filters, sort, paging and counts per status", this::list)
                        .withQuery("status", "level", "rule", "domain", "tactic", "assignee", "from", "to", "q", "sort", "page", "size"),
                ApiRoute.get("/api/v1/alerts/{id}", Access.domain("alert:read"), "One alert", this::get));
    }

    void list(Context ctx) {
        AlertQuery q;
        try {
            q = AlertQuery.parse(ctx::queryParam);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_query", e.getMessage());
        }
        AlertPage page = alerts.search(q, Requests.permittedDomains(ctx));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("total", page.total());
        m.put("page", page.page());
        m.put("size", page.size());
        m.put("counts", page.counts());
        m.put("items", page.items());
        ctx.json(m);
    }

    void get(Context ctx) {
        String id = ctx.pathParam("id");
        if (!ID.matcher(id).matches()) {
            throw ApiException.notFound("alert");
        }
        Map<String, Object> alert = alerts.get(id).orElseThrow(() -> ApiException.notFound("alert"));
        Requests.requireDomain(ctx, (String) alert.get("domain"), "alert");
        ctx.json(alert);
    }
}
