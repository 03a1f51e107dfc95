package org.citywall.console.security;

import java.io.Serializable;
import java.util.List;
import java.util.Set;
import org.citywall.console.users.Role;

/**
 * Who is logged in, as kept in the Shiro session: name, roles and domains at log-in time.
 *
 * @param username the account name, or the application id for crypto callers
 * @param roles    wire names of the roles
 * @param domains  the domains granted, {@code *} for all
 */
public record ConsolePrincipal(String username, List<String> roles, List<String> domains) implements Serializable {
    private static final long serialVersionUID = 1L;

    public ConsolePrincipal {
        roles = List.copyOf(roles);
        domains = List.copyOf(domains);
    }

    /** Whether this principal holds {@code role}. */
    public boolean has(Role role) {
        return roles.contains(role.wireName());
    }

    /** The first role, for audit records that name one. */
    public String primaryRole() {
        return roles.isEmpty() ? null : roles.get(0);
    }

    /** Whether every domain is granted. */
    public boolean allDomains() {
        return domains.contains("*");
    }

    Set<String> domainSet() {
        return Set.copyOf(domains);
    }

    @Override
    public String toString() {
        return username;
    }
}
