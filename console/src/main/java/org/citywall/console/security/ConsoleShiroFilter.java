package org.citywall.console.security;

import org.apache.shiro.web.mgt.WebSecurityManager;
import org.apache.shiro.web.servlet.AbstractShiroFilter;

/**
 * Shiro's Jakarta servlet filter in front of every request: binds the request's {@code Subject}
 * (session cookie → principal) to the thread so the route guard and handlers see who is calling.
 * Authorization is not done here by path patterns (those were bypassed in the past by URL tricks)
 * but by the route guard on the route the router actually matched.
 */
public final class ConsoleShiroFilter extends AbstractShiroFilter {
    public ConsoleShiroFilter(WebSecurityManager securityManager) {
        setSecurityManager(securityManager);
        setStaticSecurityManagerEnabled(false);
    }
}
