package org.citywall.console.api;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.security.RouteRole;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.shiro.SecurityUtils;
import org.apache.shiro.session.InvalidSessionException;
import org.apache.shiro.session.Session;
import org.apache.shiro.subject.Subject;
import org.citywall.console.security.ConsolePrincipal;
import org.citywall.console.users.Role;
import org.citywall.console.users.User;
import org.citywall.console.users.UserStore;

/**
 * The one place where every API request is checked, on the route the router actually matched
 * (so no URL spelling reaches a handler with another route's rule):
 * <ol>
 *   <li>the route must declare exactly one {@link Access} rule, else it is refused (fail closed);</li>
 *   <li>state-changing requests must be JSON ({@code application/json}) and, when a browser sends an
 *       {@code Origin}, come from the console's own origin;</li>
 *   <li>non-open routes need a logged-in subject whose session is within the absolute timeout;</li>
 *   <li>state-changing requests in a session carry the session's CSRF token in {@value #CSRF_HEADER};</li>
 *   <li>the caller holds the route's permission (for domain-scoped ones, in at least one domain).</li>
 * </ol>
 */
public final class Guard {
    /** The header that carries the CSRF token. */
    public static final String CSRF_HEADER = "X-CSRF-Token";
    static final String SESSION_CSRF = "citywall.csrf";
    static final String SESSION_LOGIN_AT = "citywall.loginAt";
    /** A digest of the account's password hash at log-in (or at the holder's own password change). */
    static final String SESSION_ACCOUNT = "citywall.account";
    static final String ATTR_PRINCIPAL = "citywall.principal";
    static final String ATTR_ACCESS = "citywall.access";
    private static final Set<HandlerType> SAFE = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);

    private final Duration absoluteTimeout;
    private final UserStore users;

    public Guard(Duration absoluteTimeout, UserStore users) {
        this.absoluteTimeout = absoluteTimeout;
        this.users = users;
    }

    /** Binds {@code session} to the account as it is now, so a later change by someone else ends it. */
    static void stampSession(Session session, UserStore users, String username) {
        users.find(username).ifPresent(u -> session.setAttribute(SESSION_ACCOUNT, accountStamp(u)));
    }

    /** The account stamp kept in a session: a digest of the password hash, never the hash itself. */
    private static String accountStamp(User u) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(u.passwordHash().getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs before the matched handler. */
    public void check(Context ctx) {
        Access access = ruleOf(ctx);
        ctx.attribute(ATTR_ACCESS, access);
        boolean stateChanging = !SAFE.contains(ctx.method());
        if (stateChanging) {
            checkJsonAndOrigin(ctx);
        }
        if (access.kind() == Access.Kind.OPEN || access.kind() == Access.Kind.APP) {
            return; // APP routes authenticate their credential in the crypto routes' own front door
        }
        Subject subject = SecurityUtils.getSubject();
        ConsolePrincipal principal = subject.isAuthenticated() ? subject.getPrincipals().oneByType(ConsolePrincipal.class) : null;
        if (principal == null) {
            throw ApiException.unauthenticated();
        }
        Session session = subject.getSession(false);
        if (session == null) {
            throw ApiException.unauthenticated();
        }
        checkAbsoluteTimeout(subject, session);
        User account = checkAccountUnchanged(subject, session, principal);
        if (stateChanging) {
            checkCsrf(ctx, session);
        }
        if (account.mustChangePassword() && access.kind() != Access.Kind.AUTHENTICATED) {
            // a password someone else chose opens only the session, the log-out and the password change
            throw new ApiException(403, "password_change_required", "choose your own password first (POST /api/v1/session/password)");
        }
        ctx.attribute(ATTR_PRINCIPAL, principal);
        switch (access.kind()) {
            case GLOBAL -> {
                if (!subject.isPermitted(access.permission())) {
                    throw ApiException.forbidden();
                }
            }
            case DOMAIN -> {
                if (Requests.permittedDomains(subject, principal, access.permission()).isEmpty()) {
                    throw ApiException.forbidden();
                }
            }
            default -> { }
        }
    }

    private static Access ruleOf(Context ctx) {
        List<Access> rules = ctx.routeRoles().stream().filter(Access.class::isInstance).map(Access.class::cast).toList();
        Set<RouteRole> all = ctx.routeRoles();
        if (rules.size() != 1 || all.size() != 1) {
            // a route added without a rule must never be reachable
            throw new ApiException(500, "route_without_rule", "this route has no access rule");
        }
        return rules.get(0);
    }

    private static void checkJsonAndOrigin(Context ctx) {
        String type = ctx.contentType();
        String length = ctx.header("Content-Length");
        boolean hasBody = (length != null && !"0".equals(length.trim())) || ctx.header("Transfer-Encoding") != null;
        if (hasBody && (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json"))) {
            throw new ApiException(415, "unsupported_media_type", "send JSON with Content-Type: application/json");
        }
        String origin = ctx.header("Origin");
        if (origin != null && !origin.equals("null")) {
            String expected = ctx.scheme() + "://" + ctx.host();
            if (!origin.equalsIgnoreCase(expected)) {
                throw new ApiException(403, "cross_origin", "cross-origin requests are not accepted");
            }
        } else if ("null".equals(origin)) {
            throw new ApiException(403, "cross_origin", "cross-origin requests are not accepted");
        }
    }

    /**
     * A session lives only as long as the account it was opened for: disabling or deleting the
     * account, resetting its password, or changing its roles or domains ends every session of it.
     */
    private User checkAccountUnchanged(Subject subject, Session session, ConsolePrincipal principal) {
        User u = users.find(principal.username()).orElse(null);
        boolean same = u != null && !u.disabled()
                && accountStamp(u).equals(session.getAttribute(SESSION_ACCOUNT))
                && Set.copyOf(principal.roles()).equals(u.roles().stream().map(Role::wireName).collect(java.util.stream.Collectors.toSet()))
                && Set.copyOf(principal.domains()).equals(u.domains());
        if (!same) {
            subject.logout();
            throw new ApiException(401, "session_ended", "the account was changed by an administrator; log in again");
        }
        return u;
    }

    private void checkAbsoluteTimeout(Subject subject, Session session) {
        try {
            Object at = session.getAttribute(SESSION_LOGIN_AT);
            if (!(at instanceof Instant loginAt) || Instant.now().isAfter(loginAt.plus(absoluteTimeout))) {
                subject.logout();
                throw new ApiException(401, "session_expired", "the session has reached its maximum age; log in again");
            }
        } catch (InvalidSessionException e) {
            throw new ApiException(401, "session_expired", "the session has expired; log in again");
        }
    }

    private static void checkCsrf(Context ctx, Session session) {
        Object expected = session.getAttribute(SESSION_CSRF);
        String given = ctx.header(CSRF_HEADER);
        if (!(expected instanceof String e) || given == null
                || !MessageDigest.isEqual(e.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(403, "csrf_token_invalid", "missing or wrong " + CSRF_HEADER + " header");
        }
    }
}
