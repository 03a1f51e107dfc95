package org.citywall.console.users;

import java.util.Collection;
import java.util.Set;

/**
 * Which accounts a system administrator may change through the console's user administration —
 * three-role separation (GB/T 22239, MLPS 2.0): the system administrator must not be able to take
 * over the security administrator's or the auditor's account, nor another administrator's.
 *
 * <ul>
 *   <li>Nobody changes their own account here: a user changes their own password knowing the
 *       current one, and another administrator changes their roles or disables them
 *       ({@value #OWN_ACCOUNT}).</li>
 *   <li>An account that holds a separation role ({@code sysadmin}, {@code secadmin},
 *       {@code auditor}) never has its password reset or its roles or domains changed here
 *       ({@value #PROTECTED_ACCOUNT}): a reset hands the new password to the administrator. Such
 *       accounts are recovered on the host, by the operator, with {@code citywall users}.</li>
 *   <li>A system administrator may disable or re-enable another system administrator (to contain
 *       a stolen account at once, or when someone leaves), but never a security administrator or
 *       an auditor: the administrator they oversee must not be able to silence them.</li>
 *   <li>A separation role is given only when an account is created, never added to an existing
 *       account, whose password an administrator may just have reset.</li>
 * </ul>
 *
 * Analyst and application accounts are fully managed here.
 */
public final class AccountAuthority {
    /** The refusal code for a change to the caller's own account. */
    public static final String OWN_ACCOUNT = "own_account";
    /** The refusal code for a change the console does not make to a separation-role account. */
    public static final String PROTECTED_ACCOUNT = "protected_account";

    private static final Set<Role> SEPARATION_ROLES = Set.of(Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR);

    private AccountAuthority() {}

    /** A change the console refuses; {@link #code()} is {@value #OWN_ACCOUNT} or {@value #PROTECTED_ACCOUNT}. */
    public static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String code;

        Refused(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /**
     * Checks that {@code actor} may reset {@code target}'s password to a generated one shown to the actor.
     *
     * @throws Refused when it is the actor's own account or one holding a separation role
     */
    public static void checkPasswordReset(String actor, User target) {
        if (target.username().equals(actor)) {
            throw new Refused(OWN_ACCOUNT, "change your own password with your current one (POST /api/v1/session/password)");
        }
        if (holdsSeparationRole(target.roles())) {
            throw protectedAccount(target, "reset its password");
        }
    }

    /**
     * Checks that {@code actor} may change {@code target} to these roles and domains, and disable or
     * enable it (which the same rules allow).
     *
     * @throws Refused when it is the actor's own account, or the change is one the console does not make
     */
    public static void checkChange(String actor, User target, Collection<Role> roles, Collection<String> domains) {
        if (target.username().equals(actor)) {
            throw new Refused(OWN_ACCOUNT, "another administrator changes your roles, domains or state");
        }
        boolean rolesOrDomainsChange = !Set.copyOf(roles).equals(target.roles()) || !Set.copyOf(domains).equals(target.domains());
        if (holdsSeparationRole(target.roles())) {
            if (!target.roles().contains(Role.SYSADMIN)) {
                throw protectedAccount(target, "change, disable or enable it");
            }
            if (rolesOrDomainsChange) {
                throw protectedAccount(target, "change its roles or domains");
            }
            return; // another system administrator: disabling or enabling only
        }
        if (holdsSeparationRole(roles)) {
            throw new Refused(PROTECTED_ACCOUNT, "sysadmin, secadmin and auditor are given when an account is created, "
                    + "never added to an existing one");
        }
    }

    private static boolean holdsSeparationRole(Collection<Role> roles) {
        return roles.stream().anyMatch(SEPARATION_ROLES::contains);
    }

    private static Refused protectedAccount(User target, String what) {
        return new Refused(PROTECTED_ACCOUNT, "'" + target.username() + "' holds " + String.join(", ", target.roleNames())
                + ": the console does not " + what + "; the operator does that on the host (citywall users)");
    }
}
