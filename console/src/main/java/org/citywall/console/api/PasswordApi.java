package org.citywall.console.api;

import io.javalin.http.Context;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.citywall.console.security.ConsolePrincipal;
import org.citywall.console.security.LoginThrottle;
import org.citywall.console.security.SecurityLog;
import org.citywall.console.users.UserStore;
import org.citywall.console.users.WeakPasswordException;

/**
 * A user changes their own password after the first log-in, knowing the current one, under the
 * same lockout as log-in (so a stolen session cannot guess it). The change is on the audit trail,
 * never the password. (An administrator's reset of another's password is user administration, in
 * {@link AdminApi}.)
 */
public final class PasswordApi {
    private final UserStore users;
    private final LoginThrottle throttle;
    private final AccessTrail trail;

    public PasswordApi(UserStore users, LoginThrottle throttle, AccessTrail trail) {
        this.users = users;
        this.throttle = throttle;
        this.trail = trail;
    }

    public List<ApiRoute> routes() {
        return List.of(
                ApiRoute.post("/api/v1/session/password", Access.authenticated(),
                        "Change your own password: current_password and new_password", this::change));
    }

    void change(Context ctx) {
        ConsolePrincipal p = Requests.principal(ctx);
        Map<String, Object> body = Requests.jsonBody(ctx);
        String current = Requests.requiredString(body, "current_password");
        String next = Requests.requiredString(body, "new_password");
        Duration locked = throttle.begin(p.username());
        if (!locked.isZero()) {
            ctx.header("Retry-After", Long.toString(Math.max(1, locked.toSeconds())));
            throw new ApiException(429, "account_locked", "too many wrong passwords; try again later");
        }
        boolean counted = false;
        try {
            boolean right;
            try {
                // recorded once the current password and the policy are checked, before the change is
                // stored: when the trail refuses, the password stays as it was
                right = users.changePassword(p.username(), current, next,
                        () -> trail.recordChange(ctx, "user.password_change", null, "user:" + p.username(), Map.of()));
            } catch (WeakPasswordException e) {
                throttle.success(p.username()); // the current password was right
                counted = true;
                throw new ApiException(400, "weak_password", e.getMessage(), Map.of("violations", e.violations()));
            }
            if (!right) {
                Duration lock = throttle.failure(p.username());
                counted = true;
                SecurityLog.event("password_change", "failure", p.username(), ctx.ip(), "bad_credentials");
                if (!lock.isZero()) {
                    SecurityLog.event("lockout", "failure", p.username(), ctx.ip(), "locked_" + lock.toSeconds() + "s");
                }
                throw new ApiException(403, "invalid_credentials", "the current password is wrong");
            }
            throttle.success(p.username());
            counted = true;
        } finally {
            if (!counted) {
                throttle.abandon(p.username());
            }
        }
        // the holder's own change keeps this session; every other session of the account ends
        Guard.stampSession(org.apache.shiro.SecurityUtils.getSubject().getSession(), users, p.username());
        SecurityLog.event("password_change", "success", p.username(), ctx.ip(), null);
        ctx.status(204);
    }
}
