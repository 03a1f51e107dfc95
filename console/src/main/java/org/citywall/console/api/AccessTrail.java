package org.citywall.console.api;

import io.javalin.http.Context;
import java.util.Map;
import java.util.Set;
import org.citywall.console.AccessRecord;
import org.citywall.console.AccessRecorder;
import org.citywall.console.security.ConsolePrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's single path to the audit trail. Builds {@link AccessRecord}s from requests and
 * applies the fail-closed policy: when recording fails for an action class listed in
 * {@code failClosed}, the request is refused with 503 {@code audit_unavailable}; for other classes
 * the failure is logged and the request goes on.
 */
public final class AccessTrail {
    private static final Logger LOG = LoggerFactory.getLogger(AccessTrail.class);
    static final String ATTR_REQUEST_ID = "citywall.requestId";
    static final String ATTR_AUDITED = "citywall.audited";
    /** The change recorded by {@link #recordChange} whose outcome is not known yet. */
    static final String ATTR_PENDING_CHANGE = "citywall.pendingChange";
    /** Written by the error answers: the stable code of a failed request. */
    public static final String ATTR_ERROR_CODE = "citywall.errorCode";

    private static final String ATTR_FAILURE_RECORDED = "citywall.failureRecorded";

    private record PendingChange(String action, String domain, String object) {}
    private final AccessRecorder recorder;
    private final Set<String> failClosed;

    public AccessTrail(AccessRecorder recorder, Set<String> failClosed) {
        this.recorder = recorder;
        this.failClosed = Set.copyOf(failClosed);
    }

    void loginSucceeded(Context ctx, ConsolePrincipal p) {
        record(new AccessRecord(p.username(), p.primaryRole(), null, "console.login", null, "success", ctx.ip(),
                requestId(ctx), Map.of()));
    }

    void loginFailed(Context ctx, String username, String reason) {
        record(new AccessRecord(username, null, null, "console.login", null, "failure", ctx.ip(), requestId(ctx),
                Map.of("reason", reason)));
    }

    /** Records an action by the logged-in caller of {@code ctx}. */
    public void record(Context ctx, String action, String domain, String object, String result, Map<String, Object> details) {
        ConsolePrincipal p = ctx.attribute(Guard.ATTR_PRINCIPAL);
        record(new AccessRecord(p == null ? "anonymous" : p.username(), p == null ? null : p.primaryRole(), domain,
                action, object, result, ctx.ip(), requestId(ctx), details));
    }

    /**
     * Records a change before it is applied; when this fails for a fail-closed class the change is
     * refused and never applied. The request is then not recorded again by {@link #afterRequest}.
     */
    public void recordChange(Context ctx, String action, String domain, String object, Map<String, Object> details) {
        record(ctx, action, domain, object, "success", details);
        ctx.attribute(ATTR_AUDITED, Boolean.TRUE);
        ctx.attribute(ATTR_PENDING_CHANGE, new PendingChange(action, domain, object));
    }

    /**
     * Records that a change recorded by {@link #recordChange} could not be applied after all, under
     * the same action and object, so the object's history shows the change failed.
     */
    public void recordFailure(Context ctx, String action, String domain, String object, String code) {
        ctx.attribute(ATTR_PENDING_CHANGE, null);
        ctx.attribute(ATTR_FAILURE_RECORDED, Boolean.TRUE);
        record(ctx, action, domain, object, "failure", Map.of("error", code));
    }

    /**
     * Records that a change was refused before anything was applied (result {@code denied}, the
     * refusal's {@code code} in the details), under the change's own action and object, so the
     * object's history shows who tried. The request is then not recorded again by {@link #afterRequest}.
     */
    public void recordRefusal(Context ctx, String action, String domain, String object, String code) {
        ctx.attribute(ATTR_FAILURE_RECORDED, Boolean.TRUE);
        record(ctx, action, domain, object, "denied", Map.of("error", code));
    }

    /**
     * Runs after every matched API request: records it (reads included) with the route's action
     * and a result from the status — success for 2xx/3xx, denied for 401/403, failure otherwise —
     * unless the handler recorded it already. Log-in records itself.
     */
    public void afterRequest(Context ctx) {
        PendingChange pending = ctx.attribute(ATTR_PENDING_CHANGE);
        if (pending != null && ctx.statusCode() >= 400) {
            // the handler recorded the change, then failed in a way it did not settle itself
            // (a search back-end error, an unexpected exception): the change is on the trail as failed
            String code = ctx.attribute(ATTR_ERROR_CODE);
            recordFailure(ctx, pending.action(), pending.domain(), pending.object(), code == null ? "http_" + ctx.statusCode() : code);
            return;
        }
        Access access = ctx.attribute(Guard.ATTR_ACCESS);
        var endpoint = ctx.endpoints().matchedHttpEndpoint();
        if (access == null || Boolean.TRUE.equals(ctx.attribute(ATTR_FAILURE_RECORDED))
                || Boolean.TRUE.equals(ctx.attribute(ATTR_AUDITED)) && ctx.statusCode() < 400
                || endpoint == null || "/api/v1/login".equals(endpoint.path)) {
            return;
        }
        int s = ctx.statusCode();
        String result = s < 400 ? "success" : (s == 401 || s == 403) ? "denied" : "failure";
        String object = endpoint.path;
        for (Map.Entry<String, String> p : ctx.pathParamMap().entrySet()) {
            object = object.replace("{" + p.getKey() + "}", p.getValue());
        }
        ctx.attribute(ATTR_AUDITED, Boolean.TRUE);
        String code = ctx.attribute(ATTR_ERROR_CODE);
        // a refusal or failure names its stable code, so auditors can tell a missing permission from a bad request
        Map<String, Object> details = s >= 400 && code != null ? Map.of("status", (long) s, "error", code) : Map.of("status", (long) s);
        record(ctx, actionOf(access, endpoint.path), ctx.attribute(Requests.ATTR_DOMAIN), ctx.method().name() + " " + object, result,
                details);
    }

    /** The audit action of a route: its permission with dots ({@code alert.read}), or {@code console.<last segment>}. */
    public static String actionOf(Access access, String path) {
        if (access.permission() != null) {
            return access.permission().replace(':', '.');
        }
        String last = path.substring(path.lastIndexOf('/') + 1).replaceAll("[^a-z0-9_-]", "");
        return "console." + (last.isEmpty() ? "root" : last);
    }

    /** Records {@code r}, applying the fail-closed policy. */
    public void record(AccessRecord r) {
        try {
            recorder.record(r);
        } catch (RuntimeException e) {
            if (failClosed.contains(r.actionClass())) {
                LOG.error("audit.record_failed action={} subject={} policy=fail_closed error={}", r.action(), r.subject(), e.toString());
                throw new ApiException(503, "audit_unavailable", "the audit trail cannot record this action; it was refused");
            }
            LOG.warn("audit.record_failed action={} subject={} policy=fail_open error={}", r.action(), r.subject(), e.toString());
        }
    }

    static String requestId(Context ctx) {
        return ctx.attribute(ATTR_REQUEST_ID);
    }
}
