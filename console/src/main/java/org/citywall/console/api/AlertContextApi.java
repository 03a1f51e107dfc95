package org.citywall.console.api;

import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.citywall.console.alerts.AlertContext;
import org.citywall.console.alerts.AlertStore;

/** What surrounds an alert on its detail page: its raw events and related alerts. */
public final class AlertContextApi {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private final AlertStore alerts;
    private final AlertContext context;

    public AlertContextApi(AlertStore alerts, AlertContext context) {
        this.alerts = alerts;
        this.context = context;
    }

    public List<ApiRoute> routes() {
        return List.of(
                ApiRoute.get("/api/v1/alerts/{id}/events", Access.domain("event:read"),
                        "The raw events the alert was raised on, with their original lines", this::events),
                ApiRoute.get("/api/v1/alerts/{id}/related", Access.domain("alert:read"),
                        "Other alerts for the same source address or user", this::related));
    }

    void events(Context ctx) {
        ctx.json(context.events(alert(ctx)));
    }

    void related(Context ctx) {
        ctx.json(context.related(alert(ctx), Requests.permittedDomains(ctx)));
    }

    private Map<String, Object> alert(Context ctx) {
        String id = ctx.pathParam("id");
        if (!ID.matcher(id).matches()) {
            throw ApiException.notFound("alert");
        }
        Map<String, Object> alert = alerts.get(id).orElseThrow(() -> ApiException.notFound("alert"));
        Requests.requireDomain(ctx, (String) alert.get("domain"), "alert");
        return alert;
    }
}
