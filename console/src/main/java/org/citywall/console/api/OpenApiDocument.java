package org.citywall.console.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenAPI 3 document of {@code /api/v1}, generated from the {@link RouteTable} so it never
 * drifts from what is served: each route's summary, path and query parameters, request body members
 * (from the record the handler reads), the 200 answer's members where the route names its record
 * (a named schema under {@code components/schemas}, otherwise a bare object), how it authenticates
 * (session cookie plus CSRF header, or application key) and its permission ({@code x-citywall-permission}).
 */
public final class OpenApiDocument {
    private static final Pattern PARAM = Pattern.compile("\\{([a-z]+)}");

    private OpenApiDocument() {}

    /**
     * A JSON schema of a record's members, as Jackson reads and writes them (component names; primitives
     * required, boxed types optional). A record inside it, alone or in a list, becomes a named schema in
     * {@code schemas} and is referenced.
     */
    static Map<String, Object> recordSchema(Class<?> record, Schemas schemas) {
        Map<String, Object> properties = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (java.lang.reflect.RecordComponent c : record.getRecordComponents()) {
            properties.put(c.getName(), typeSchema(c.getGenericType(), schemas));
            if (c.getType().isPrimitive()) {
                required.add(c.getName());
            }
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        if (!required.isEmpty()) {
            schema.put("required", required);
        }
        return schema;
    }

    private static Map<String, Object> typeSchema(java.lang.reflect.Type type, Schemas schemas) {
        Class<?> t = type instanceof java.lang.reflect.ParameterizedType pt ? (Class<?>) pt.getRawType()
                : type instanceof Class<?> c ? c : Object.class;
        if (t == String.class) {
            return Map.of("type", "string");
        } else if (t == int.class || t == long.class || t == Integer.class || t == Long.class) {
            return Map.of("type", "integer");
        } else if (t == boolean.class || t == Boolean.class) {
            return Map.of("type", "boolean");
        } else if (List.class.isAssignableFrom(t)) {
            java.lang.reflect.Type item = type instanceof java.lang.reflect.ParameterizedType pt
                    ? pt.getActualTypeArguments()[0] : String.class;
            return Map.of("type", "array", "items", typeSchema(item, schemas));
        } else if (t.isRecord()) {
            return schemas.ref(t);
        }
        return Map.of("type", "object");
    }

    /** The named schemas of the document ({@code #/components/schemas}), one per record, by simple name. */
    static final class Schemas {
        private final Map<String, Object> byName = new LinkedHashMap<>();
        private final Map<String, Class<?>> owners = new java.util.HashMap<>();

        Schemas(String reservedName, Map<String, Object> reserved) {
            byName.put(reservedName, reserved);
            owners.put(reservedName, Void.class);
        }

        Map<String, Object> ref(Class<?> record) {
            String name = record.getSimpleName();
            Class<?> owner = owners.putIfAbsent(name, record);
            if (owner == null) {
                byName.put(name, Map.of()); // taken before its members are read, should a record refer to itself
                byName.put(name, recordSchema(record, this));
            } else if (owner != record) {
                throw new IllegalStateException("two schemas would be named " + name + ": " + owner.getName() + " and " + record.getName());
            }
            return Map.of("$ref", "#/components/schemas/" + name);
        }

        Map<String, Object> all() {
            return byName;
        }
    }

    /** The document as JSON-ready maps. */
    public static Map<String, Object> of(List<ApiRoute> routes) {
        Schemas schemas = new Schemas("Error", Map.of("type", "object", "properties", Map.of("error", Map.of("type", "object",
                "properties", Map.of("code", Map.of("type", "string"), "message", Map.of("type", "string"))))));
        Map<String, Object> paths = new LinkedHashMap<>();
        for (ApiRoute r : routes) {
            @SuppressWarnings("unchecked")
            Map<String, Object> item = (Map<String, Object>) paths.computeIfAbsent(r.path(), k -> new LinkedHashMap<>());
            Map<String, Object> op = new LinkedHashMap<>();
            op.put("summary", r.summary());
            op.put("operationId", r.method().name().toLowerCase(Locale.ROOT) + r.path().replaceAll("[^A-Za-z0-9]+", "_"));
            List<Object> params = new ArrayList<>();
            Matcher m = PARAM.matcher(r.path());
            while (m.find()) {
                params.add(Map.of("name", m.group(1), "in", "path", "required", true, "schema", Map.of("type", "string")));
            }
            for (String q : r.query()) {
                params.add(Map.of("name", q, "in", "query", "required", false, "schema", Map.of("type", "string")));
            }
            if (!params.isEmpty()) {
                op.put("parameters", params);
            }
            switch (r.access().kind()) {
                case OPEN -> op.put("security", List.of());
                case APP -> op.put("security", List.of(Map.of("appKey", List.of())));
                default -> op.put("security", List.of(Map.of("session", List.of(), "csrf", List.of())));
            }
            if (r.access().permission() != null) {
                op.put("x-citywall-permission", r.access().permission()
                        + (r.access().kind() == Access.Kind.DOMAIN ? ":<domain>" : r.access().kind() == Access.Kind.APP ? ":<key>" : ""));
            }
            if (!r.method().name().equals("GET")) {
                Map<String, Object> schema = r.body() != null && r.body().isRecord() ? recordSchema(r.body(), schemas) : Map.of("type", "object");
                op.put("requestBody", Map.of("content", Map.of("application/json", Map.of("schema", schema))));
            }
            Map<String, Object> error = Map.of("description", "error", "content",
                    Map.of("application/json", Map.of("schema", Map.of("$ref", "#/components/schemas/Error"))));
            Map<String, Object> responses = new LinkedHashMap<>();
            Map<String, Object> answer = r.response() == null ? Map.of("type", "object")
                    : r.responseList() ? Map.of("type", "array", "items", schemas.ref(r.response())) : schemas.ref(r.response());
            responses.put("200", Map.of("description", "success", "content", Map.of("application/json", Map.of("schema", answer))));
            responses.put("default", error);
            op.put("responses", responses);
            item.put(r.method().name().toLowerCase(Locale.ROOT), op);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.0.3");
        doc.put("info", Map.of("title", "CityWall console API", "version", "v1",
                "description", "Errors are {\"error\":{\"code\":..,\"message\":..}} with stable codes."));
        doc.put("paths", paths);
        doc.put("components", Map.of(
                "securitySchemes", Map.of(
                        "session", Map.of("type", "apiKey", "in", "cookie", "name", "CW_SESSION"),
                        "csrf", Map.of("type", "apiKey", "in", "header", "name", Guard.CSRF_HEADER,
                                "description", "required on state-changing requests; from POST /api/v1/login"),
                        "appKey", Map.of("type", "http", "scheme", "bearer", "description", "cwk_<app>_<secret>")),
                "schemas", schemas.all()));
        return doc;
    }
}
