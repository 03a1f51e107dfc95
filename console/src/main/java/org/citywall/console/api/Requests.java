package org.citywall.console.api;

import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.shiro.SecurityUtils;
import org.apache.shiro.subject.Subject;
import org.citywall.console.security.ConsolePrincipal;
import org.citywall.event.Json;

/** What handlers need from a guarded request: the caller, their domains, the JSON body. */
public final class Requests {
    private Requests() {}

    /** The logged-in caller (the {@link Guard} has checked there is one). */
    public static ConsolePrincipal principal(Context ctx) {
        ConsolePrincipal p = ctx.attribute(Guard.ATTR_PRINCIPAL);
        if (p == null) {
            throw ApiException.unauthenticated();
        }
        return p;
    }

    /**
     * The domains in which the caller holds the route's domain-scoped permission; {@code ["*"]}
     * when all.
     */
    public static List<String> permittedDomains(Context ctx) {
        Access a = ctx.attribute(Guard.ATTR_ACCESS);
        List<String> domains = permittedDomains(SecurityUtils.getSubject(), principal(ctx), a.permission());
        if (ctx.attribute(ATTR_DOMAIN) == null) {
            ctx.attribute(ATTR_DOMAIN, String.join(",", domains)); // a list or search: the domains it covered
        }
        return domains;
    }

    /** Request attribute: the domain (or comma-separated domains) a request concerned, for the access trail. */
    public static final String ATTR_DOMAIN = "citywall.domain";

    static List<String> permittedDomains(Subject subject, ConsolePrincipal p, String permission) {
        if (subject.isPermitted(permission + ":*")) {
            return List.of("*");
        }
        List<String> out = new ArrayList<>();
        for (String d : p.domains()) {
            if (!"*".equals(d) && subject.isPermitted(permission + ":" + d)) {
                out.add(d);
            }
        }
        return out;
    }

    /**
     * Checks the route's domain-scoped permission for the resource's {@code domain}.
     *
     * @throws ApiException 404 {@code not_found} when not permitted, so other domains' resources stay invisible
     */
    public static void requireDomain(Context ctx, String domain, String what) {
        ctx.attribute(ATTR_DOMAIN, domain); // the trail records whose resource was asked for, allowed or not
        Access a = ctx.attribute(Guard.ATTR_ACCESS);
        if (a == null || a.kind() != Access.Kind.DOMAIN || domain == null
                || !SecurityUtils.getSubject().isPermitted(a.permission() + ":" + domain)) {
            throw ApiException.notFound(what);
        }
    }

    /** Request attribute holding the largest body the server reads (bytes); set for every request. */
    public static final String MAX_BODY = "citywall.max-body";
    private static final long DEFAULT_MAX_BODY = 2L << 20;

    /**
     * The request body as a stream that ends in 413 {@code payload_too_large} past the server's limit,
     * whatever Content-Length claims (a chunked body has none). Handlers that read the body read it
     * here, never from the raw stream: the limit must hold before authentication and JSON parsing.
     */
    public static java.io.InputStream body(Context ctx) {
        Object configured = ctx.attribute(MAX_BODY);
        long max = configured instanceof Number n ? n.longValue() : DEFAULT_MAX_BODY;
        if (ctx.contentLength() > max) {
            throw tooLarge(max);
        }
        java.io.InputStream raw;
        try {
            raw = ctx.bodyInputStream();
        } catch (RuntimeException e) {
            throw ApiException.badRequest("malformed_json", "the request body could not be read");
        }
        return new java.io.FilterInputStream(raw) {
            private long seen;

            @Override
            public int read() throws IOException {
                int b = super.read();
                count(b < 0 ? 0 : 1);
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                count(Math.max(0, n));
                return n;
            }

            private void count(int n) {
                seen += n;
                if (seen > max) {
                    throw tooLarge(max);
                }
            }
        };
    }

    private static ApiException tooLarge(long max) {
        return new ApiException(413, "payload_too_large", "the request body is larger than " + max + " bytes");
    }

    /**
     * The body as a JSON object.
     *
     * @throws ApiException 400 {@code malformed_json} when it is not one
     */
    public static Map<String, Object> jsonBody(Context ctx) {
        String body;
        try (java.io.InputStream in = body(ctx)) {
            body = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ApiException.badRequest("malformed_json", "the request body could not be read");
        }
        if (body.isBlank()) {
            throw ApiException.badRequest("malformed_json", "a JSON object is required");
        }
        try {
            return Json.readObject(body);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("malformed_json", "the body is not a JSON object");
        }
    }

    /** A required string member of a JSON body. */
    public static String requiredString(Map<String, Object> body, String name) {
        Object v = body.get(name);
        if (!(v instanceof String s) || s.isEmpty()) {
            throw ApiException.badRequest("missing_field", "'" + name + "' is required and must be a string");
        }
        return s;
    }

    /** An optional string member, {@code null} when absent. */
    public static String optionalString(Map<String, Object> body, String name) {
        Object v = body.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw ApiException.badRequest("invalid_field", "'" + name + "' must be a string");
        }
        return s;
    }
}
