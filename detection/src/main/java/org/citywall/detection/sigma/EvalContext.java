package org.citywall.detection.sigma;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.citywall.event.Event;

/**
 * One event under evaluation. Caches each field's string and lower-cased forms, so that the
 * hundreds of rules an event may be tested against convert and lower-case every field once.
 */
final class EvalContext {
    private static final String[] NONE = new String[0];

    final Event event;
    private final java.util.Set<String> objectFields;
    private final Map<String, String[]> strings = new HashMap<>();
    private final Map<String, String[]> lower = new HashMap<>();

    /**
     * @param objectFields rule fields that may name an object of vendor fields (from {@code keep} or
     *                     {@code prefix:} pipeline mappings): only for these does an absent key fall back
     *                     to the values below it, which saves a scan of the event for every absent ECS field
     */
    EvalContext(Event event, java.util.Set<String> objectFields) {
        this.event = event;
        this.objectFields = objectFields;
    }

    private String dataset;

    /** The event's {@code event.dataset}, read once. */
    String dataset() {
        if (dataset == null) {
            dataset = event.getString("event.dataset");
            if (dataset == null) {
                dataset = "";
            }
        }
        return dataset;
    }

    /** The raw value of a field: {@code null} when absent. */
    Object value(String field) {
        return event.get(field);
    }

    /** The field's values as strings (a list gives one string per element; absent gives none). */
    String[] strings(String field) {
        String[] s = strings.get(field);
        if (s == null) {
            Object v = event.get(field);
            s = v != null ? toStrings(v) : objectFields.contains(field) ? subtree(field) : NONE;
            strings.put(field, s);
        }
        return s;
    }

    /** The field's values as lower-case strings (Locale.ROOT), for case-insensitive matching. */
    String[] lower(String field) {
        String[] l = lower.get(field);
        if (l == null) {
            String[] s = strings(field);
            l = new String[s.length];
            for (int i = 0; i < s.length; i++) {
                l[i] = s[i].toLowerCase(Locale.ROOT);
            }
            lower.put(field, l);
        }
        return l;
    }

    /**
     * Events are flat, so a rule field naming an object (CloudTrail's {@code requestParameters}) is
     * not a key; it then stands for all the leaf values below it, as a search over that object would.
     */
    private String[] subtree(String field) {
        int n = field.length();
        java.util.List<String> out = null;
        for (Map.Entry<String, Object> e : event.fields().entrySet()) {
            String k = e.getKey();
            // no prefix string is built: most lookups find nothing, and this runs for each absent vendor field
            if (k.length() > n && k.charAt(n) == '.' && k.startsWith(field)) {
                if (out == null) {
                    out = new java.util.ArrayList<>();
                }
                out.addAll(java.util.Arrays.asList(toStrings(e.getValue())));
            }
        }
        return out == null ? NONE : out.toArray(NONE);
    }

    static String[] toStrings(Object v) {
        if (v == null) {
            return NONE;
        }
        if (v instanceof List<?> list) {
            String[] out = new String[list.size()];
            int n = 0;
            for (Object o : list) {
                if (o != null) {
                    out[n++] = scalar(o);
                }
            }
            return n == out.length ? out : java.util.Arrays.copyOf(out, n);
        }
        return new String[] {scalar(v)};
    }

    /** Whole-number doubles print without a fraction so that {@code 4625.0} equals the rule value {@code 4625}. */
    static String scalar(Object o) {
        if (o instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
            return Long.toString(d.longValue());
        }
        return o.toString();
    }
}
