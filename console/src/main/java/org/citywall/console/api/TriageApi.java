package org.citywall.console.api;

import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.citywall.console.AccessHistory;
import org.citywall.console.alerts.Comments;
import org.citywall.console.alerts.Triage;
import org.citywall.console.alerts.TriageChange;
import org.citywall.console.alerts.TriageException;
import org.citywall.console.security.ConsolePrincipal;

/**
 * The triage workflow: status changes (open → acknowledged → in_progress → closed as resolved,
 * false_positive or duplicate with a reason; reopen with a reason), assignment, comments, bulk
 * changes, and the history of changes read from the audit trail. Every change is recorded on the
 * trail before it is applied (fail closed), so the history is the trail.
 */
public final class TriageApi {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private final Triage triage;
    private final Comments comments;
    private final AccessTrail trail;
    private final AccessHistory history;

    public TriageApi(Triage triage, Comments comments, AccessTrail trail, AccessHistory history) {
        this(triage, comments, trail, history, (user, domain) -> true);
    }

    /**
     * @param canTriage whether a user may be given an alert of a domain (an enabled analyst of that domain):
     *                  an alert assigned to a stranger or to someone who cannot see it would sit unworked
     */
    public TriageApi(Triage triage, Comments comments, AccessTrail trail, AccessHistory history,
            java.util.function.BiPredicate<String, String> canTriage) {
        this.triage = triage;
        this.comments = comments;
        this.trail = trail;
        this.history = history;
        this.canTriage = canTriage;
    }

    private final java.util.function.BiPredicate<String, String> canTriage;

    public List<ApiRoute> routes() {
        return List.of(
                ApiRoute.patch("/api/v1/alerts/{id}", Access.domain("alert:triage"),
                        "Change status, resolution (with reason) or assignee", this::change),
                ApiRoute.post("/api/v1/alerts/bulk", Access.domain("alert:triage"),
                        "Apply one change to several alerts; answers per alert", this::bulk),
                ApiRoute.get("/api/v1/alerts/{id}/comments", Access.domain("alert:read"), "Comments on an alert", this::listComments),
                ApiRoute.post("/api/v1/alerts/{id}/comments", Access.domain("alert:triage"), "Add a comment", this::addComment),
                ApiRoute.get("/api/v1/alerts/{id}/history", Access.domain("alert:read"),
                        "Who changed what, from the audit trail", this::history));
    }

    void change(Context ctx) {
        TriageChange change = changeFrom(Requests.jsonBody(ctx));
        ctx.json(applyOne(ctx, ctx.pathParam("id"), change));
    }

    @SuppressWarnings("unchecked")
    void bulk(Context ctx) {
        Map<String, Object> body = Requests.jsonBody(ctx);
        if (!(body.get("ids") instanceof List<?> ids) || ids.isEmpty() || ids.size() > 200) {
            throw ApiException.badRequest("invalid_field", "'ids' must be a list of 1 to 200 alert ids");
        }
        TriageChange change = changeFrom(body);
        List<Map<String, Object>> results = new ArrayList<>();
        for (Object o : ids) {
            String id = String.valueOf(o);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", id);
            try {
                applyOne(ctx, id, change);
                r.put("ok", true);
            } catch (ApiException e) {
                if (e.status() == 503) {
                    throw e; // the trail or the store is down: stop, do not half-apply silently
                }
                r.put("ok", false);
                r.put("error", e.code());
            }
            results.add(r);
        }
        ctx.json(Map.of("results", results));
    }

    private Map<String, Object> applyOne(Context ctx, String id, TriageChange change) {
        Triage.Versioned before = readPermitted(ctx, id);
        try {
            change.checkAgainst(before.status());
        } catch (TriageException e) {
            throw new ApiException(e.code().equals("conflict") ? 409 : 400, e.code(), e.getMessage());
        }
        if (change.assignee() != null && !change.assignee().isEmpty() && !canTriage.test(change.assignee(), before.domain())) {
            throw ApiException.badRequest("invalid_assignee", "'" + change.assignee() + "' is not an analyst of this alert's domain");
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("from_status", before.status());
        putIfNotNull(details, "to_status", change.status());
        putIfNotNull(details, "resolution", change.resolution());
        putIfNotNull(details, "reason", change.reason());
        putIfNotNull(details, "assignee", change.assignee());
        trail.recordChange(ctx, "alert.triage", before.domain(), "alert:" + id, details);
        try {
            Map<String, Object> written = triage.apply(id, before, change, Instant.now());
            Map<String, Object> after = new LinkedHashMap<>(before.source());
            after.putAll(written);
            return after;
        } catch (TriageException e) {
            trail.recordFailure(ctx, "alert.triage", before.domain(), "alert:" + id, e.code());
            throw new ApiException(e.code().equals("conflict") ? 409 : 400, e.code(), e.getMessage());
        }
    }

    void listComments(Context ctx) {
        String id = ctx.pathParam("id");
        readPermitted(ctx, id);
        ctx.json(Map.of("items", comments.list(id)));
    }

    void addComment(Context ctx) {
        String id = ctx.pathParam("id");
        String text = Requests.requiredString(Requests.jsonBody(ctx), "text");
        if (text.length() > 10_000) {
            throw ApiException.badRequest("text_too_long", "a comment is at most 10000 characters");
        }
        Triage.Versioned alert = readPermitted(ctx, id);
        ConsolePrincipal p = Requests.principal(ctx);
        trail.recordChange(ctx, "alert.comment", alert.domain(), "alert:" + id, Map.of("text", text));
        ctx.status(201).json(comments.add(id, alert.domain(), p.username(), text, Instant.now()));
    }

    void history(Context ctx) {
        String id = ctx.pathParam("id");
        readPermitted(ctx, id);
        ctx.json(Map.of("items", history.changesOf("alert:" + id)));
    }

    private Triage.Versioned readPermitted(Context ctx, String id) {
        if (!ID.matcher(id).matches()) {
            throw ApiException.notFound("alert");
        }
        Triage.Versioned v = triage.read(id).orElseThrow(() -> ApiException.notFound("alert"));
        Requests.requireDomain(ctx, v.domain(), "alert");
        return v;
    }

    private static TriageChange changeFrom(Map<String, Object> body) {
        return new TriageChange(Requests.optionalString(body, "status"), Requests.optionalString(body, "resolution"),
                Requests.optionalString(body, "reason"), Requests.optionalString(body, "assignee"));
    }

    private static void putIfNotNull(Map<String, Object> m, String k, Object v) {
        if (v != null) {
            m.put(k, v);
        }
    }

}
