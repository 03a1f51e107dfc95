package org.citywall.detection.decode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.citywall.event.Event;

/**
 * Flattens a parsed JSON document into dotted event fields so that every leaf value is reachable
 * by its path: objects nest by {@code .}, lists of objects contribute each element's leaves under
 * the same path, and a path reached from inside a list (or reached twice) holds a list of values.
 * {@code {"a":[{"b":1},{"b":2}]}} becomes {@code a.b = [1, 2]}. Nulls and empty containers vanish;
 * numbers become Long or Double (beyond long range: their decimal text).
 */
final class JsonFlattener {
    private JsonFlattener() {}

    static void flatten(Map<String, ?> doc, String prefix, Event out) {
        object(doc, prefix, out, false);
    }

    private static void object(Map<String, ?> m, String prefix, Event out, boolean inList) {
        for (Map.Entry<String, ?> entry : m.entrySet()) {
            String path = prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey();
            value(entry.getValue(), path, out, inList);
        }
    }

    /** Puts one JSON value (scalar, object or list) at {@code path}; {@code inList} makes leaves lists. */
    @SuppressWarnings("unchecked")
    static void value(Object v, String path, Event out, boolean inList) {
        if (v == null) {
            return;
        }
        if (v instanceof Map<?, ?> m) {
            object((Map<String, ?>) m, path, out, inList);
        } else if (v instanceof List<?> l) {
            for (Object element : l) {
                value(element, path, out, true);
            }
        } else {
            add(out, path, scalar(v), inList);
        }
    }

    @SuppressWarnings("unchecked")
    private static void add(Event out, String path, Object v, boolean inList) {
        Object existing = out.get(path);
        if (existing == null) {
            if (inList) {
                List<Object> values = new ArrayList<>(2);
                values.add(v);
                out.put(path, values);
            } else {
                out.put(path, v);
            }
        } else if (existing instanceof List<?> l) {
            ((List<Object>) l).add(v);
        } else {
            List<Object> values = new ArrayList<>(2);
            values.add(existing);
            values.add(v);
            out.put(path, values);
        }
    }

    static Object scalar(Object v) {
        if (v instanceof String || v instanceof Long || v instanceof Double || v instanceof Boolean) {
            return v;
        }
        if (v instanceof Integer i) {
            return i.longValue();
        }
        if (v instanceof BigInteger b) {
            return b.bitLength() < 64 ? (Object) b.longValue() : b.toString();
        }
        if (v instanceof BigDecimal d) {
            return d.doubleValue();
        }
        if (v instanceof Number num) {
            return num.doubleValue();
        }
        return v.toString();
    }
}
