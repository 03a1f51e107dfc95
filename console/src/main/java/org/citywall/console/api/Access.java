package org.citywall.console.api;

import io.javalin.security.RouteRole;
import java.util.Objects;

/**
 * The rule a route declares: who may call it. Every API route has exactly one; the
 * {@link Guard} enforces it in one place, before the handler runs, and refuses a route without one.
 *
 * <ul>
 *   <li>{@link #open()} — anyone (log-in, the OpenAPI document);</li>
 *   <li>{@link #authenticated()} — any logged-in user;</li>
 *   <li>{@link #global(String)} — a permission without domain, e.g. {@code user:write};</li>
 *   <li>{@link #domain(String)} — a domain-scoped permission {@code <perm>:<domain>}, e.g.
 *       {@code alert:read}: the caller must hold it for at least one domain, and the handler
 *       narrows to the resource's domain with {@link Requests#requireDomain}.</li>
 *   <li>{@link #app(String)} — an application credential (crypto service) with
 *       {@code <perm>:<key>} checked per key by the handler.</li>
 * </ul>
 */
public final class Access implements RouteRole {
    /** How a route is guarded. */
    public enum Kind { OPEN, AUTHENTICATED, GLOBAL, DOMAIN, APP }

    private final Kind kind;
    private final String permission;

    private Access(Kind kind, String permission) {
        this.kind = kind;
        this.permission = permission;
    }

    public static Access open() {
        return new Access(Kind.OPEN, null);
    }

    public static Access authenticated() {
        return new Access(Kind.AUTHENTICATED, null);
    }

    public static Access global(String permission) {
        return new Access(Kind.GLOBAL, Objects.requireNonNull(permission));
    }

    public static Access domain(String permission) {
        return new Access(Kind.DOMAIN, Objects.requireNonNull(permission));
    }

    public static Access app(String permission) {
        return new Access(Kind.APP, Objects.requireNonNull(permission));
    }

    public Kind kind() {
        return kind;
    }

    /** The permission (without domain or key part), or {@code null} for open and authenticated routes. */
    public String permission() {
        return permission;
    }

    @Override
    public String toString() {
        return permission == null ? kind.name().toLowerCase() : kind.name().toLowerCase() + "(" + permission + ")";
    }
}
