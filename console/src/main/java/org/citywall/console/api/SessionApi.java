package org.citywall.console.api;

import io.javalin.http.Context;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.shiro.SecurityUtils;
import org.apache.shiro.authc.AuthenticationException;
import org.apache.shiro.authc.UsernamePasswordToken;
import org.apache.shiro.session.Session;
import org.apache.shiro.subject.Subject;
import org.citywall.console.security.ConsolePrincipal;
import org.citywall.console.security.LoginThrottle;
import org.citywall.console.security.SecurityLog;

/**
 * Log-in, log-out and the current session. A log-in always starts a new session (the old one,
 * if any, is stopped: no session fixation), carries a fresh CSRF token, and is throttled per user
 * name by the {@link LoginThrottle}.
 */
public final class SessionApi {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final LoginThrottle throttle;
    private final Duration idleTimeout;
    private final Duration absoluteTimeout;
    private final AccessTrail trail;

    private final org.citywall.console.users.UserStore users;

    public SessionApi(LoginThrottle throttle, Duration idleTimeout, Duration absoluteTimeout, AccessTrail trail,
                      org.citywall.console.users.UserStore users) {
        this.users = users;
        this.throttle = throttle;
        this.idleTimeout = idleTimeout;
        this.absoluteTimeout = absoluteTimeout;
        this.trail = trail;
    }

    /** The routes of this API. */
    public List<ApiRoute> routes() {
        return List.of(
                ApiRoute.post("/api/v1/login", Access.open(), "Log in with user name and password; starts a session", this::login),
                ApiRoute.post("/api/v1/logout", Access.authenticated(), "End the session", this::logout),
                ApiRoute.get("/api/v1/session", Access.authenticated(), "Who is logged in, roles, domains, CSRF token", this::session));
    }

    void login(Context ctx) {
        Map<String, Object> body = Requests.jsonBody(ctx);
        String username = Requests.requiredString(body, "username");
        String password = Requests.requiredString(body, "password");
        String ip = ctx.ip();
        Duration locked = throttle.begin(username); // takes an attempt slot when zero
        if (!locked.isZero()) {
            SecurityLog.event("login", "failure", username, ip, "locked");
            trail.loginFailed(ctx, username, "locked");
            long seconds = Math.max(1, locked.toSeconds() + (locked.toMillisPart() > 0 ? 1 : 0));
            ctx.header("Retry-After", Long.toString(seconds));
            throw new ApiException(429, "account_locked", "too many failed log-ins; try again later",
                    Map.of("retry_after_seconds", seconds));
        }
        Subject subject = SecurityUtils.getSubject();
        UsernamePasswordToken token = new UsernamePasswordToken(username, password.toCharArray());
        boolean counted = false;
        try {
            if (subject.isAuthenticated() || subject.getSession(false) != null) {
                subject.logout(); // never carry a session across a log-in (fixation)
            }
            subject.login(token);
            throttle.success(username);
            counted = true;
        } catch (AuthenticationException e) {
            Duration lock = throttle.failure(username);
            counted = true;
            SecurityLog.event("login", "failure", username, ip, "bad_credentials");
            trail.loginFailed(ctx, username, "bad_credentials");
            if (!lock.isZero()) {
                SecurityLog.event("lockout", "failure", username, ip, "locked_" + lock.toSeconds() + "s");
            }
            throw new ApiException(401, "invalid_credentials", "user name or password is wrong");
        } finally {
            Arrays.fill(token.getPassword(), '\0');
            token.clear();
            if (!counted) {
                throttle.abandon(username);
            }
        }
        Session session = subject.getSession(true);
        session.setAttribute(Guard.SESSION_CSRF, newToken());
        session.setAttribute(Guard.SESSION_LOGIN_AT, Instant.now());
        Guard.stampSession(session, users, username);
        ConsolePrincipal p = subject.getPrincipals().oneByType(ConsolePrincipal.class);
        ctx.attribute(Guard.ATTR_PRINCIPAL, p);
        try {
            trail.loginSucceeded(ctx, p);
        } catch (RuntimeException e) {
            subject.logout(); // a log-in the trail refused leaves no session behind (fail closed)
            throw e;
        }
        SecurityLog.event("login", "success", username, ip, null);
        ctx.json(describe(p, session));
    }

    void logout(Context ctx) {
        ConsolePrincipal p = Requests.principal(ctx);
        SecurityUtils.getSubject().logout();
        SecurityLog.event("logout", "success", p.username(), ctx.ip(), null);
        ctx.status(204);
    }

    void session(Context ctx) {
        ConsolePrincipal p = Requests.principal(ctx);
        ctx.json(describe(p, SecurityUtils.getSubject().getSession(false)));
    }

    private Map<String, Object> describe(ConsolePrincipal p, Session session) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("user", p.username());
        m.put("roles", p.roles());
        m.put("domains", p.domains());
        m.put("csrf_token", session.getAttribute(Guard.SESSION_CSRF));
        m.put("idle_timeout_seconds", idleTimeout.toSeconds());
        Instant loginAt = (Instant) session.getAttribute(Guard.SESSION_LOGIN_AT);
        m.put("expires_at", loginAt.plus(absoluteTimeout).toString());
        m.put("must_change_password", users.find(p.username()).map(org.citywall.console.users.User::mustChangePassword).orElse(false));
        return m;
    }

    private static String newToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
