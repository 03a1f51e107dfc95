package org.citywall.detection.sigma;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One log source entry of a {@link ProcessingPipeline}: which rules it applies to ({@code match}),
 * the datasets and field conditions that select its events, and how rule fields map to event fields.
 */
final class LogsourceMapping implements Serializable {
    private static final long serialVersionUID = 1L;

    final Map<String, String> match;
    final List<String> datasets;
    final Map<String, List<String>> conditions;
    final Map<String, List<String>> fields;
    /** "reject", "keep" or "prefix:..." */
    final String unmapped;
    /** When set, every rule of this log source is rejected with this reason. */
    final String unsupported;
    final String origin;

    LogsourceMapping(Map<String, String> match, List<String> datasets, Map<String, List<String>> conditions,
                     Map<String, List<String>> fields, String unmapped, String unsupported, String origin) {
        this.match = Map.copyOf(match);
        this.datasets = List.copyOf(datasets);
        this.conditions = Map.copyOf(conditions);
        this.fields = Map.copyOf(fields);
        this.unmapped = unmapped;
        this.unsupported = unsupported;
        this.origin = origin;
    }

    /** True when {@code match} names exactly the rule's category, product and service (case-insensitively). */
    boolean matches(Map<String, String> logsource) {
        for (String k : List.of("category", "product", "service")) {
            String want = match.get(k);
            String have = logsource.get(k);
            if (want == null ? have != null : have == null || !want.equals(have.toLowerCase(Locale.ROOT))) {
                return false;
            }
        }
        return true;
    }

    /** Event fields for a rule field, or {@code null} when this log source has none. */
    String[] resolve(String ruleField) {
        List<String> mapped = fields.get(ruleField);
        if (mapped != null) {
            return mapped.toArray(new String[0]);
        }
        if (unmapped.equals("keep")) {
            return new String[] {ruleField};
        }
        if (unmapped.startsWith("prefix:")) {
            return new String[] {unmapped.substring("prefix:".length()) + ruleField};
        }
        return null;
    }

    String describe() {
        return match.toString();
    }
}
