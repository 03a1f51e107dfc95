package org.citywall.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The one JSON mapper configuration CityWall uses, and flat/nested conversion of documents. */
public final class Json {
    private Json() {}

    /** Shared, thread-safe mapper; bounded nesting and string sizes so hostile input cannot exhaust memory. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(200)
                .maxStringLength(16 * 1024 * 1024)
                .maxNumberLength(1000)
                .build());
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serialisable as JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static byte[] writeBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serialisable as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Parses a JSON object.
     *
     * @throws IllegalArgumentException with the parser's message (line and column) when it is not one
     */
    public static Map<String, Object> readObject(String json) {
        try {
            Map<String, Object> m = MAPPER.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() {});
            if (m == null) {
                throw new IllegalArgumentException("expected a JSON object, got null");
            }
            return m;
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + " column " + at.getColumnNr();
            throw new IllegalArgumentException(e.getOriginalMessage() + where, e);
        }
    }

    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        }
    }

    /**
     * Flattens nested objects into dotted keys: {@code {"source":{"ip":"1.2.3.4"}}} becomes
     * {@code {"source.ip":"1.2.3.4"}}. Lists stay lists; objects inside lists are kept as maps.
     */
    public static Map<String, Object> flatten(Map<String, ?> nested) {
        Map<String, Object> flat = new LinkedHashMap<>();
        flattenInto("", nested, flat);
        return flat;
    }

    private static void flattenInto(String prefix, Map<String, ?> nested, Map<String, Object> flat) {
        for (Map.Entry<String, ?> e : nested.entrySet()) {
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            Object v = e.getValue();
            if (v instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, ?> child = (Map<String, ?>) m;
                if (child.isEmpty()) {
                    continue;
                }
                flattenInto(key, child, flat);
            } else if (v != null) {
                flat.put(key, v);
            }
        }
    }

    /**
     * Nests dotted keys into objects, the inverse of {@link #flatten}. When a key is both a value and
     * a parent ({@code a} and {@code a.b}), the value is kept under {@code a.value}.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> nest(Map<String, ?> flat) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : flat.entrySet()) {
            String key = e.getKey();
            if (key.startsWith("@")) {
                root.put(key, e.getValue());
                continue;
            }
            String[] parts = key.split("\\.");
            Map<String, Object> node = root;
            for (int i = 0; i < parts.length - 1; i++) {
                Object child = node.get(parts[i]);
                if (!(child instanceof Map)) {
                    Map<String, Object> created = new LinkedHashMap<>();
                    if (child != null) {
                        created.put("value", child);
                    }
                    node.put(parts[i], created);
                    child = created;
                }
                node = (Map<String, Object>) child;
            }
            String leaf = parts[parts.length - 1];
            if (node.get(leaf) instanceof Map<?, ?> existing) {
                ((Map<String, Object>) existing).put("value", e.getValue());
            } else {
                node.put(leaf, copyValue(e.getValue()));
            }
        }
        return root;
    }

    private static Object copyValue(Object v) {
        return v instanceof List<?> l ? new ArrayList<>(l) : v;
    }
}
