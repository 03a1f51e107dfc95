package org.citywall.console.api;

import java.util.Map;

/**
 * An error answer: HTTP status, a stable machine-readable {@code code} and a message safe to
 * show (never a stack trace or internal detail). Rendered as
 * {@code {"error":{"code":"...","message":"...", ...details}}}.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;
    private final transient Map<String, Object> details;

    public ApiException(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    public ApiException(int status, String code, String message, Map<String, Object> details) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.details = Map.copyOf(details);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }

    public static ApiException badRequest(String code, String message) {
        return new ApiException(400, code, message);
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, "not_found", what + " not found");
    }

    public static ApiException forbidden() {
        return new ApiException(403, "forbidden", "you do not have permission for this");
    }

    public static ApiException unauthenticated() {
        return new ApiException(401, "unauthenticated", "log in first");
    }
}
