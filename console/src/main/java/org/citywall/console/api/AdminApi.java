package org.citywall.console.api;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.citywall.console.apps.AppCredential;
import org.citywall.console.apps.AppCredentials;
import org.citywall.console.users.Role;
import org.citywall.console.users.User;
import org.citywall.console.users.UserStore;
import org.citywall.console.users.WeakPasswordException;

/**
 * Administration: users and roles (sysadmin; three-role separation enforced by the store) and
 * application credentials for the crypto service (secadmin). Generated passwords and API keys are
 * returned once in the answer and never recorded.
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
        try {
            Role.checkSeparation(roles);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("role_separation", e.getMessage());
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("roles", names(roles));
        details.put("domains", domains);
        if (body.get("disabled") instanceof Boolean d) {
            details.put("disabled", d);
        }
        trail.recordChange(ctx, "user.change", null, "user:" + name, details);
        try {
            users.setRoles(name, roles, domains);
            if (body.get("disabled") instanceof Boolean d) {
                users.setDisabled(name, d);
            }
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_user", e.getMessage());
        }
        ctx.json(Map.of("username", name, "roles", names(roles), "domains", domains));
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
