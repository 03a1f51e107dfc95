package org.citywall.detection.sigma;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads the metadata common to rule documents (schema validation has already checked the types). */
final class Headers {
    private Headers() {}

    static RuleHeader read(YamlDocument doc) {
        Map<String, Object> m = doc.map();
        String id = str(m.get("id"));
        String name = str(m.get("name"));
        String title = str(m.get("title"));
        List<String> tags = new ArrayList<>();
        if (m.get("tags") instanceof List<?> l) {
            l.forEach(t -> tags.add(String.valueOf(t)));
        }
        Map<String, String> logsource = new LinkedHashMap<>();
        if (m.get("logsource") instanceof Map<?, ?> ls) {
            for (String k : List.of("category", "product", "service")) {
                if (ls.get(k) != null) {
                    logsource.put(k, String.valueOf(ls.get(k)).toLowerCase(Locale.ROOT));
                }
            }
        }
        String level = str(m.get("level"));
        if (id == null) {
            id = name != null ? name : derivedId(doc, title);
        }
        return new RuleHeader(id, name, title == null ? "(untitled)" : title,
                level == null ? "medium" : level, str(m.get("status")), List.copyOf(tags), Map.copyOf(logsource),
                str(m.get("taxonomy")), doc.origin + ":" + doc.line);
    }

    /**
     * A rule with neither id nor name still needs a stable identity (alert ids derive from it): a
     * name-based UUID of its file name, line and title, the same on every machine and every load.
     */
    private static String derivedId(YamlDocument doc, String title) {
        String file = doc.origin.substring(Math.max(doc.origin.lastIndexOf('/'), doc.origin.lastIndexOf('\\')) + 1);
        return java.util.UUID.nameUUIDFromBytes((file + "\u0000" + doc.line + "\u0000" + title)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }

    /** How a rejection names the rule: id, else name, else title. */
    static String label(YamlDocument doc) {
        Map<String, Object> m = doc.map();
        if (m == null) {
            return null;
        }
        for (String k : List.of("id", "name", "title")) {
            if (m.get(k) instanceof String s) {
                return s;
            }
        }
        return null;
    }

    private static String str(Object o) {
        return o == null ? null : String.valueOf(o);
    }
}
