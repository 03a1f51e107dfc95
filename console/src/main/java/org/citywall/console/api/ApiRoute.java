package org.citywall.console.api;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.Objects;

/**
 * One row of the route table: method, path (Javalin syntax, {@code {id}} for parameters), the
 * {@link Access} rule it needs, a one-line summary for the OpenAPI document, and the handler.
 * For the document, a route may also name the record its JSON body is read as ({@link #withBody}),
 * the query parameters it reads ({@link #withQuery}) and the record its 200 answer is written
 * from ({@link #withResponse}, {@link #withResponseList}).
 *
 * @param response the record of the 200 answer, or null if undocumented
 * @param responseList whether the 200 answer is a JSON array of {@code response}
 */
public record ApiRoute(HandlerType method, String path, Access access, String summary, Handler handler,
                       Class<?> body, java.util.List<String> query, Class<?> response, boolean responseList) {
    public ApiRoute {
        Objects.requireNonNull(method);
        Objects.requireNonNull(path);
        Objects.requireNonNull(access, () -> "route " + path + " has no access rule");
        Objects.requireNonNull(handler);
        query = query == null ? java.util.List.of() : java.util.List.copyOf(query);
    }

    public ApiRoute(HandlerType method, String path, Access access, String summary, Handler handler) {
        this(method, path, access, summary, handler, null, java.util.List.of(), null, false);
    }

    /** The same route, documenting its JSON body as the members of {@code record} (for the OpenAPI document). */
    public ApiRoute withBody(Class<?> record) {
        return new ApiRoute(method, path, access, summary, handler, requireRecord(record), query, response, responseList);
    }

    /** The same route, documenting the query parameters it reads. */
    public ApiRoute withQuery(String... names) {
        return new ApiRoute(method, path, access, summary, handler, body, java.util.List.of(names), response, responseList);
    }

    /** The same route, documenting its 200 answer as the JSON of {@code record}. */
    public ApiRoute withResponse(Class<?> record) {
        return new ApiRoute(method, path, access, summary, handler, body, query, requireRecord(record), false);
    }

    /** The same route, documenting its 200 answer as a JSON array of {@code record}s. */
    public ApiRoute withResponseList(Class<?> record) {
        return new ApiRoute(method, path, access, summary, handler, body, query, requireRecord(record), true);
    }

    private static Class<?> requireRecord(Class<?> record) {
        if (!record.isRecord()) {
            throw new IllegalArgumentException(record + " is not a record");
        }
        return record;
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
