package org.citywall.console.api;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.Objects;

/**
 * One row of the route table: method, path (Javalin syntax, {@code {id}} for parameters), the
 * {@link Access} rule it needs, a one-line summary for the OpenAPI document, and the handler.
 */
public record ApiRoute(HandlerType method, String path, Access access, String summary, Handler handler,
                       Class<?> body, java.util.List<String> query) {
    public ApiRoute {
        Objects.requireNonNull(method);
        Objects.requireNonNull(path);
        Objects.requireNonNull(access, () -> "route " + path + " has no access rule");
        Objects.requireNonNull(handler);
        query = query == null ? java.util.List.of() : java.util.List.copyOf(query);
    }

    public ApiRoute(HandlerType method, String path, Access access, String summary, Handler handler) {
        this(method, path, access, summary, handler, null, java.util.List.of());
    }

    /** The same route, documenting its JSON body as the members of {@code record} (for the OpenAPI document). */
    public ApiRoute withBody(Class<?> record) {
        if (!record.isRecord()) {
            throw new IllegalArgumentException(record + " is not a record");
        }
        return new ApiRoute(method, path, access, summary, handler, record, query);
    }

    /** The same route, documenting the query parameters it reads. */
    public ApiRoute withQuery(String... names) {
        return new ApiRoute(method, path, access, summary, handler, body, java.util.List.of(names));
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
