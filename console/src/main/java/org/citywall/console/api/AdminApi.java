package org.citywall.console.api;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.citywall.console.apps.AppCredential;
import org.citywall.console.apps.AppCredentials;
import org.citywall.console.users.AccountAuthority;
import org.citywall.console.users.Role;
import org.citywall.console.users.User;
import org.citywall.console.users.UserStore;
import org.citywall.console.users.WeakPasswordException;

/**
 * Administration: users and roles (sysadmin; three-role separation enforced by the store, and
 * which accounts the console may change at all by {@link AccountAuthority}) and application
 * credentials for the crypto service (secadmin). Generated passwords and API keys are returned once
 * in the answer and never recorded. A change {@link AccountAuthority} refuses is answered 403 with
 * its code and recorded on the trail as denied.
 */
public final class AdminApi {
    private final UserStore users;
    private final AppCredentials apps;
    private final AccessTrail trail;

    public AdminApi(UserStore users, AppCredentials apps, AccessTrail trail) {
        this.users = users;
        this.apps = apps;
        this.trail = trail;
    }

    public List<ApiRoute> routes() {
        return List.of(
                ApiRoute.get("/api/v1/admin/users", Access.global("user:read"), "Users with roles and domains", this::listUsers),
                ApiRoute.post("/api/v1/admin/users", Access.global("user:write"),
                        "Create a user; answers a generated password once", this::createUser),
                ApiRoute.patch("/api/v1/admin/users/{name}", Access.global("user:write"),
                        "Change roles and domains, or disable", this::changeUser),
                ApiRoute.post("/api/v1/admin/users/{name}/password-reset", Access.global("user:write"),
                        "Reset an analyst's or application's password; answers a generated password once", this::resetPassword),
                ApiRoute.get("/api/v1/admin/apps", Access.global("appcred:read"), "Application credentials", this::listApps),
                ApiRoute.post("/api/v1/admin/apps", Access.global("appcred:write"),
                        "Create an application credential; answers the API key once", this::createApp),
                ApiRoute.patch("/api/v1/admin/apps/{id}", Access.global("appcred:write"),
                        "Disable or enable an application credential", this::changeApp));
    }

    void listUsers(Context ctx) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (User u : users.list()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("username", u.username());
            m.put("roles", u.roleNames());
            m.put("domains", u.domainNames());
            m.put("disabled", u.disabled());
            m.put("created_at", u.createdAt().toString());
            out.add(m);
        }
        ctx.json(Map.of("items", out));
    }

    void createUser(Context ctx) {
        Map<String, Object> body = Requests.jsonBody(ctx);
        String name = Requests.requiredString(body, "username");
        List<Role> roles = roles(body.get("roles"));
        List<String> domains = strings(body.get("domains"), "domains");
        try {
            Role.checkSeparation(roles);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("role_separation", e.getMessage());
        }
        trail.recordChange(ctx, "user.create", null, "user:" + name, Map.of("roles", names(roles), "domains", domains));
        String password;
        try {
            password = users.create(name, roles, domains);
            users.requirePasswordChange(name); // the administrator has seen it: its holder replaces it first
        } catch (WeakPasswordException e) {
            throw ApiException.badRequest("weak_password", e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_user", e.getMessage());
        }
        ctx.status(201).json(Map.of("username", name, "password", password));
    }

    void changeUser(Context ctx) {
        String name = ctx.pathParam("name");
        User u = users.find(name).orElseThrow(() -> ApiException.notFound("user"));
        Map<String, Object> body = Requests.jsonBody(ctx);
        List<Role> roles = body.containsKey("roles") ? roles(body.get("roles")) : List.copyOf(u.roles());
        List<String> domains = body.containsKey("domains") ? strings(body.get("domains"), "domains") : u.domainNames();
        Boolean disabled = body.get("disabled") instanceof Boolean d ? d : null;
        authorize(ctx, "user.change", u, () -> AccountAuthority.checkChange(Requests.principal(ctx).username(), u, roles, domains));
        try {
            Role.checkSeparation(roles);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("role_separation", e.getMessage());
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("roles", names(roles));
        details.put("domains", domains);
        if (disabled != null) {
            details.put("disabled", disabled);
        }
        trail.recordChange(ctx, "user.change", null, "user:" + name, details);
        try {
            users.setRoles(name, roles, domains);
            if (disabled != null) {
                users.setDisabled(name, disabled);
            }
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_user", e.getMessage());
        }
        ctx.json(Map.of("username", name, "roles", names(roles), "domains", domains));
    }

    void resetPassword(Context ctx) {
        String name = ctx.pathParam("name");
        User u = users.find(name).orElseThrow(() -> ApiException.notFound("user"));
        authorize(ctx, "user.password_reset", u, () -> AccountAuthority.checkPasswordReset(Requests.principal(ctx).username(), u));
        trail.recordChange(ctx, "user.password_reset", null, "user:" + name, Map.of());
        String password = users.resetPassword(name);
        users.requirePasswordChange(name);
        ctx.json(Map.of("username", name, "password", password));
    }

    /** Runs {@code check}; a refusal is recorded under {@code action} on the account and answered 403 with its code. */
    private void authorize(Context ctx, String action, User target, Runnable check) {
        try {
            check.run();
        } catch (AccountAuthority.Refused e) {
            trail.recordRefusal(ctx, action, null, "user:" + target.username(), e.code());
            throw new ApiException(403, e.code(), e.getMessage());
        }
    }

    void listApps(Context ctx) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (AppCredential a : apps.list()) {
            out.add(Map.of("app_id", a.appId(), "permissions", a.permissions(), "created_at", a.createdAt(), "disabled", a.disabled()));
        }
        ctx.json(Map.of("items", out));
    }

    void createApp(Context ctx) {
        Map<String, Object> body = Requests.jsonBody(ctx);
        String id = Requests.requiredString(body, "app_id");
        List<String> permissions = strings(body.get("permissions"), "permissions");
        trail.recordChange(ctx, "appcred.create", null, "app:" + id, Map.of("permissions", permissions));
        try {
            ctx.status(201).json(Map.of("app_id", id, "api_key", apps.create(id, permissions)));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_app", e.getMessage());
        }
    }

    void changeApp(Context ctx) {
        String id = ctx.pathParam("id");
        if (apps.list().stream().noneMatch(a -> a.appId().equals(id))) {
            throw ApiException.notFound("application");
        }
        Map<String, Object> body = Requests.jsonBody(ctx);
        if (!(body.get("disabled") instanceof Boolean disabled)) {
            throw ApiException.badRequest("missing_field", "'disabled' is required and must be true or false");
        }
        trail.recordChange(ctx, disabled ? "appcred.disable" : "appcred.enable", null, "app:" + id, Map.of());
        apps.setDisabled(id, disabled);
        ctx.json(Map.of("app_id", id, "disabled", disabled));
    }

    private static List<Role> roles(Object v) {
        List<Role> out = new ArrayList<>();
        for (String s : strings(v, "roles")) {
            try {
                out.add(Role.fromWire(s));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("invalid_role", e.getMessage());
            }
        }
        return out;
    }

    private static List<String> names(List<Role> roles) {
        return roles.stream().map(Role::wireName).toList();
    }

    private static List<String> strings(Object v, String field) {
        if (!(v instanceof List<?> l) || l.stream().anyMatch(x -> !(x instanceof String))) {
            throw ApiException.badRequest("invalid_field", "'" + field + "' must be a list of strings");
        }
        return l.stream().map(String.class::cast).toList();
    }
}
