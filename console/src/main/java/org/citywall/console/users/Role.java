package org.citywall.console.users;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;

/**
 * The console's roles (DESIGN.md, three-role separation as MLPS 2.0 asks).
 *
 * <ul>
 *   <li>{@link #SYSADMIN} — system configuration and users;</li>
 *   <li>{@link #SECADMIN} — detection rules, crypto keys, application credentials;</li>
 *   <li>{@link #AUDITOR} — reads and verifies the audit trail, changes nothing;</li>
 *   <li>{@link #ANALYST} — triages alerts in the domains granted;</li>
 *   <li>{@link #APP} — an application that calls the crypto service only.</li>
 * </ul>
 *
 * An administrator role ({@code sysadmin}, {@code secadmin}) and {@code auditor} are never held together.
 */
public enum Role {
    SYSADMIN, SECADMIN, AUDITOR, ANALYST, APP;

    /** The lower-case name used in JSON, files and permissions. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The role named {@code name}.
     *
     * @throws IllegalArgumentException naming the valid roles when there is none such
     */
    public static Role fromWire(String name) {
        for (Role r : values()) {
            if (r.wireName().equals(name)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown role '" + name + "' (expected sysadmin, secadmin, auditor, analyst or app)");
    }

    /** Whether this role administers the system ({@code sysadmin} or {@code secadmin}). */
    public boolean isAdministrator() {
        return this == SYSADMIN || this == SECADMIN;
    }

    /**
     * Checks three-role separation.
     *
     * @throws IllegalArgumentException when the set is empty or holds an administrator role together with auditor
     */
    public static void checkSeparation(Collection<Role> roles) {
        if (roles == null || roles.isEmpty()) {
            throw new IllegalArgumentException("a user needs at least one role");
        }
        Set<Role> set = Set.copyOf(roles);
        if (set.contains(AUDITOR) && set.stream().anyMatch(Role::isAdministrator)) {
            throw new IllegalArgumentException("three-role separation: auditor cannot be combined with sysadmin or secadmin");
        }
        if (set.contains(SYSADMIN) && set.contains(SECADMIN)) {
            // the system administrator manages accounts, the security administrator rules and keys:
            // one person holding both could grant themselves what the other is there to refuse
            throw new IllegalArgumentException("three-role separation: sysadmin cannot be combined with secadmin");
        }
    }
}
