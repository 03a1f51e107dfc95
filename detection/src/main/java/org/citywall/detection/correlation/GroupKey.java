package org.citywall.detection.correlation;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The scope a correlation counts in: the 1+N domain and the values of the rule's {@code group-by}
 * fields. Correlations never mix domains: a city's events are counted on their own.
 *
 * @param domain the event's {@code citywall.domain} ("" when absent)
 * @param names  the group-by names as written in the correlation rule
 * @param values their values, in the same order
 */
public record GroupKey(String domain, List<String> names, List<String> values) implements Serializable {

    public GroupKey {
        domain = domain == null ? "" : domain;
        names = List.copyOf(names);
        values = Collections.unmodifiableList(new ArrayList<>(values));
        if (names.size() != values.size()) {
            throw new IllegalArgumentException("names and values differ in length");
        }
    }

    /** The group-by values by name, as an alert's {@code group_by}. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            m.put(names.get(i), values.get(i));
        }
        return m;
    }

    /** A stable string form, e.g. for keying a Flink stream: {@code domain|v1|v2}. */
    public String asString() {
        StringBuilder sb = new StringBuilder(domain);
        for (String v : values) {
            sb.append('|').append(Objects.toString(v, "").replace("\\", "\\\\").replace("|", "\\|"));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return asString();
    }
}
