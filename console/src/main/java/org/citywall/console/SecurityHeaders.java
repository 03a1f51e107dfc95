package org.citywall.console;

import io.javalin.http.Context;
import java.util.UUID;

/**
 * Headers on every answer: a Content-Security-Policy without {@code unsafe-inline} or
 * {@code unsafe-eval} that also forbids framing, nosniff, no referrer, and no caching of API answers.
 * Also gives each request an id for logs and audit records.
 */
final class SecurityHeaders {
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    private SecurityHeaders() {}

    static void apply(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cross-Origin-Opener-Policy", "same-origin");
        ctx.header("Cross-Origin-Resource-Policy", "same-origin");
        if ("https".equals(ctx.scheme())) {
            ctx.header("Strict-Transport-Security", "max-age=31536000");
        }
        if (ctx.path().startsWith("/api/")) {
            ctx.header("Cache-Control", "no-store");
        }
        String id = UUID.randomUUID().toString();
        ctx.attribute("citywall.requestId", id);
        ctx.header("X-Request-Id", id);
    }
}
