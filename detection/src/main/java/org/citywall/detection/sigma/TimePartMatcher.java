package org.citywall.detection.sigma;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.IsoFields;

/**
 * The time modifiers ({@code minute}, {@code hour}, {@code day}, {@code week}, {@code month},
 * {@code year}): extract a number from a date value (ISO-8601 text or epoch milliseconds, read in
 * UTC) and compare it with a numeric matcher. As the specification warns, no time-zone conversion.
 */
final class TimePartMatcher implements ValueMatcher {
    private static final long serialVersionUID = 1L;

    enum Part { MINUTE, HOUR, DAY, WEEK, MONTH, YEAR }

    private final Part part;
    private final NumericMatcher comparison;

    TimePartMatcher(Part part, NumericMatcher comparison) {
        this.part = part;
        this.comparison = comparison;
    }

    @Override
    public boolean test(EvalContext ctx, String field) {
        Object raw = ctx.value(field);
        if (raw instanceof Long millis) {
            return comparison.compare(extract(Instant.ofEpochMilli(millis).atOffset(ZoneOffset.UTC)));
        }
        for (String v : ctx.strings(field)) {
            OffsetDateTime t = parse(v);
            if (t != null && comparison.compare(extract(t))) {
                return true;
            }
        }
        return false;
    }

    private int extract(OffsetDateTime t) {
        return switch (part) {
            case MINUTE -> t.getMinute();
            case HOUR -> t.getHour();
            case DAY -> t.getDayOfMonth();
            case WEEK -> t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            case MONTH -> t.getMonthValue();
            case YEAR -> t.get(ChronoField.YEAR);
        };
    }

    static OffsetDateTime parse(String v) {
        try {
            return OffsetDateTime.parse(v);
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(v).atOffset(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    @Override
    public String toString() {
        return part.name().toLowerCase(java.util.Locale.ROOT) + "|" + comparison;
    }
}
