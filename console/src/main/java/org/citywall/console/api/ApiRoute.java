package org.citywall.console.api;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.Objects;

/**
 * One row of the route table: method, path (Javalin syntax, {@code {id}} for parameters), the
 * {@link Access} rule it needs, a one-line summary for the OpenAPI document, and the handler.
 */
public record ApiRoute(HandlerType method, String path, Access access, String summary, Handler handler) {
    public ApiRoute {
        Objects.requireNonNull(method);
        Objects.requireNonNull(path);
        Objects.requireNonNull(access, () -> "route " + path + " has no access rule");
        Objects.requireNonNull(handler);
    }

    public static ApiRoute get(String path, Access access, String summary, Handler handler) {
        return new ApiRoute(HandlerType.GET, path, access, summary, handler);
    }

    public static ApiRoute post(String path, Access access, String summary, Handler handler) {
        return new ApiRoute(HandlerType.POST, path, access, summary, handler);
    }

    public static ApiRoute patch(String path, Access access, String summary, Handler handler) {
        return new ApiRoute(HandlerType.PATCH, path, access, summary, handler);
    }

    public static ApiRoute put(String path, Access access, String summary, Handler handler) {
        return new ApiRoute(HandlerType.PUT, path, access, summary, handler);
    }

    public static ApiRoute delete(String path, Access access, String summary, Handler handler) {
        return new ApiRoute(HandlerType.DELETE, path, access, summary, handler);
    }
}
