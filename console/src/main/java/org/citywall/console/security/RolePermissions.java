package org.citywall.console.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.citywall.console.users.Role;

/**
 * What each role may do, as Shiro wildcard permission templates. {@code {domain}} is replaced by
 * each domain the user holds ({@code *} for all), so an analyst of taiyuan gets
 * {@code alert:read:taiyuan}. Templates without it are global.
 *
 * <p>Auditors read; administrators administer and do not triage; analysts triage; apps call the
 * crypto service only, with per-key permissions granted on their credential.
 */
public final class RolePermissions {
    private static final Map<Role, List<String>> TEMPLATES = new EnumMap<>(Role.class);

    static {
        TEMPLATES.put(Role.SYSADMIN, List.of("user:read", "user:write", "system:read", "system:write",
                "dashboard:read:{domain}", "ingest:read"));
        TEMPLATES.put(Role.SECADMIN, List.of("rule:read", "rule:write", "key:read", "key:write",
                "appcred:read", "appcred:write", "dashboard:read:{domain}", "alert:read:{domain}", "ingest:read"));
        TEMPLATES.put(Role.AUDITOR, List.of("audit:read", "audit:export", "alert:read:{domain}",
                "dashboard:read:{domain}"));
        TEMPLATES.put(Role.ANALYST, List.of("alert:read:{domain}", "alert:triage:{domain}", "event:read:{domain}",
                "dashboard:read:{domain}", "rule:read", "ingest:read"));
        TEMPLATES.put(Role.APP, List.of());
    }

    private RolePermissions() {}

    /** The permission templates of {@code role}. */
    public static List<String> templates(Role role) {
        return TEMPLATES.get(role);
    }

    /** The concrete permissions of a user holding {@code roles} in {@code domains}. */
    public static List<String> permissions(Collection<Role> roles, Collection<String> domains) {
        List<String> out = new ArrayList<>();
        for (Role r : roles) {
            for (String t : TEMPLATES.get(r)) {
                if (t.contains("{domain}")) {
                    for (String d : domains) {
                        out.add(t.replace("{domain}", d));
                    }
                } else {
                    out.add(t);
                }
            }
        }
        return out;
    }
}
