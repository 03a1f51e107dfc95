package org.citywall.console;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.citywall.console.alerts.SearchUnavailableException;
import org.citywall.console.api.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error as JSON {@code {"error":{"code":..,"message":..}}} with a stable code; never a stack
 * trace. Unexpected exceptions are logged with the request id and answered 500 {@code internal_error}.
 */
final class ErrorAnswers {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorAnswers.class);

    private ErrorAnswers() {}

    static void install(JavalinConfig c) {
        c.routes.exception(ApiException.class, (e, ctx) -> answer(ctx, e.status(), e.code(), e.getMessage(), e.details()));
        c.routes.exception(SearchUnavailableException.class, (e, ctx) -> {
            LOG.warn("search.unavailable request={} error={}", ctx.attribute("citywall.requestId"), String.valueOf(e.getCause()));
            answer(ctx, 503, "search_unavailable", "the search back-end is not available; try again", Map.of());
        });
        c.routes.exception(HttpResponseException.class, (e, ctx) -> answer(ctx, e.getStatus(), codeFor(e.getStatus()),
                e.getStatus() == 413 ? "the request body is too large" : "the request was not accepted", Map.of()));
        c.routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("request.failed request={} method={} path={}", ctx.attribute("citywall.requestId"), ctx.method(), ctx.path(), e);
            answer(ctx, 500, "internal_error", "something went wrong; the request id is in the X-Request-Id header", Map.of());
        });
        c.routes.error(404, ctx -> {
            if (ctx.result() == null || !isJson(ctx)) {
                answer(ctx, 404, "not_found", "no such resource", Map.of());
            }
        });
        c.routes.error(405, ctx -> answer(ctx, 405, "method_not_allowed", "method not allowed here", Map.of()));
    }

    private static boolean isJson(Context ctx) {
        String t = ctx.res().getContentType();
        return t != null && t.startsWith("application/json");
    }

    private static String codeFor(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            default -> "http_" + status;
        };
    }

    static void answer(Context ctx, int status, String code, String message, Map<String, Object> details) {
        ctx.attribute(org.citywall.console.api.AccessTrail.ATTR_ERROR_CODE, code); // for the audit trail
        ConsoleMetrics metrics = ctx.attribute(ConsoleMetrics.ATTR);
        if (metrics != null) {
            metrics.error(status, code);
        }
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        error.putAll(details);
        ctx.status(status).json(Map.of("error", error));
    }
}
