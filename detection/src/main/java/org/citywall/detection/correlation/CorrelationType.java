package org.citywall.detection.correlation;

import java.util.Locale;

/** The correlation types of sigma-correlation-rules-specification.md. */
public enum CorrelationType {
    EVENT_COUNT, VALUE_COUNT, TEMPORAL, TEMPORAL_ORDERED, VALUE_SUM, VALUE_AVG, VALUE_PERCENTILE;

    /** The type for a rule's {@code type} value ({@code event_count}...), or {@code null}. */
    public static CorrelationType of(String s) {
        for (CorrelationType t : values()) {
            if (t.yamlName().equals(s)) {
                return t;
            }
        }
        return null;
    }

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the condition applies to a numeric {@code field} of the events. */
    public boolean needsField() {
        return this == VALUE_COUNT || this == VALUE_SUM || this == VALUE_AVG || this == VALUE_PERCENTILE;
    }

    boolean temporal() {
        return this == TEMPORAL || this == TEMPORAL_ORDERED;
    }
}
