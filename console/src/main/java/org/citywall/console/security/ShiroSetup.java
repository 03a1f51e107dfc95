package org.citywall.console.security;

import java.time.Duration;
import org.apache.shiro.web.mgt.DefaultWebSecurityManager;
import org.apache.shiro.web.servlet.Cookie;
import org.apache.shiro.web.servlet.SimpleCookie;
import org.apache.shiro.web.session.mgt.DefaultWebSessionManager;
import org.citywall.console.users.UserStore;

/**
 * Builds the Shiro security manager: the console realm, native sessions in a cookie that is
 * HttpOnly, SameSite=Strict and Secure on TLS, an idle timeout, and no remember-me cookie at all
 * (Shiro's built-in remember-me key was the root of CVE-2016-4437).
 */
public final class ShiroSetup {
    /** The session cookie's name. */
    public static final String SESSION_COOKIE = "CW_SESSION";

    private ShiroSetup() {}

    /**
     * @param users       the accounts
     * @param idleTimeout a session unused this long is expired
     * @param secure      whether the console is served over TLS (adds the Secure flag)
     */
    public static DefaultWebSecurityManager securityManager(UserStore users, Duration idleTimeout, boolean secure) {
        SimpleCookie cookie = new SimpleCookie(SESSION_COOKIE);
        cookie.setHttpOnly(true);
        cookie.setSecure(secure);
        cookie.setSameSite(Cookie.SameSiteOptions.STRICT);
        cookie.setPath("/");

        DefaultWebSessionManager sessions = new DefaultWebSessionManager();
        sessions.setSessionIdCookie(cookie);
        sessions.setSessionIdCookieEnabled(true);
        sessions.setSessionIdUrlRewritingEnabled(false);
        sessions.setGlobalSessionTimeout(idleTimeout.toMillis());
        sessions.setDeleteInvalidSessions(true);
        // expired sessions are also purged in the background, not only when their cookie comes back
        sessions.setSessionValidationInterval(Math.max(1000, Math.min(idleTimeout.toMillis(), Duration.ofMinutes(5).toMillis())));
        sessions.setSessionValidationSchedulerEnabled(true);

        DefaultWebSecurityManager sm = new DefaultWebSecurityManager(new ConsoleRealm(users));
        sm.setSessionManager(sessions);
        sm.setRememberMeManager(null);
        return sm;
    }
}
