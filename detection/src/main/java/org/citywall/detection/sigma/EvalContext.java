package org.citywall.detection.sigma;

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
    /**
     * Per-field cache of the string and lower-case forms: open addressing over the field names, one
     * probe per lookup and no allocation per entry (a rule set asks for a few dozen fields per event,
     * and two hash maps of boxed entries cost more than the matching they served).
     */
    private String[] keys = new String[64];
    private String[][] stringForms = new String[64][];
    private String[][] lowerForms = new String[64][];
    private int used;
    /**
     * A Bloom filter of the hash codes of every dotted prefix of the event's keys ("a" and "a.b" for
     * "a.b.c"), built without allocating when an object field is first looked up; null until then.
     */
    private long[] parents;

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
        int i = slot(field);
        String[] s = stringForms[i];
        if (s == null) {
            Object v = event.get(field);
            s = v != null ? toStrings(v) : objectFields.contains(field) ? subtree(field) : NONE;
            stringForms[i] = s;
        }
        return s;
    }

    /** The field's values as lower-case strings (Locale.ROOT), for case-insensitive matching. */
    String[] lower(String field) {
        int i = slot(field);
        String[] l = lowerForms[i];
        if (l == null) {
            String[] s = stringForms[i];
            if (s == null) {
                s = strings(field);
            }
            if (s.length == 0) {
                l = NONE;
            } else {
                l = new String[s.length];
                for (int k = 0; k < s.length; k++) {
                    l[k] = s[k].toLowerCase(Locale.ROOT);
                }
            }
            lowerForms[i] = l;
        }
        return l;
    }

    /** The cache slot of a field, claimed if new (the table grows before it is half full, so slots stay valid until the next claim). */
    private int slot(String field) {
        int mask = keys.length - 1;
        int h = field.hashCode();
        int i = (h ^ (h >>> 16)) & mask;
        for (String k = keys[i]; k != null; k = keys[i]) {
            if (k == field || k.equals(field)) {
                return i;
            }
            i = (i + 1) & mask;
        }
        if (2 * (used + 1) > keys.length) {
            grow();
            return slot(field);
        }
        keys[i] = field;
        used++;
        return i;
    }

    private void grow() {
        String[] oldKeys = keys;
        String[][] oldStrings = stringForms;
        String[][] oldLower = lowerForms;
        int n = oldKeys.length * 2;
        keys = new String[n];
        stringForms = new String[n][];
        lowerForms = new String[n][];
        used = 0;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != null) {
                int i = slot(oldKeys[j]);
                stringForms[i] = oldStrings[j];
                lowerForms[i] = oldLower[j];
            }
        }
    }

    /**
     * Events are flat, so a rule field naming an object (CloudTrail's {@code requestParameters}) is
     * not a key; it then stands for all the leaf values below it, as a search over that object would.
     */
    private String[] subtree(String field) {
        if (parents == null) {
            parents = new long[16];
            for (String k : event.fields().keySet()) {
                int h = 0; // String.hashCode of each prefix, computed as the key is read
                for (int i = 0, len = k.length(); i < len; i++) {
                    char c = k.charAt(i);
                    if (c == '.' && i > 0) {
                        mark(parents, h);
                    }
                    h = 31 * h + c;
                }
            }
        }
        if (!marked(parents, field.hashCode())) {
            return NONE; // most object fields a rule names are absent: no scan of the event for them
        }
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

    private static void mark(long[] bloom, int h) {
        int a = h & 1023;
        int b = (h >>> 10) & 1023;
        bloom[a >>> 6] |= 1L << a;
        bloom[b >>> 6] |= 1L << b;
    }

    private static boolean marked(long[] bloom, int h) {
        int a = h & 1023;
        int b = (h >>> 10) & 1023;
        return (bloom[a >>> 6] & (1L << a)) != 0 && (bloom[b >>> 6] & (1L << b)) != 0;
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
