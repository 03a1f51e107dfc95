package org.citywall.detection.sigma;

import java.util.Locale;

/**
 * The {@code fieldref} modifier: the field's value compared with another field of the same event
 * (equal, or with {@code startswith}/{@code endswith}/{@code contains} when chained), case-insensitively
 * unless {@code cased}.
 */
final class FieldRefMatcher implements ValueMatcher {
    private static final long serialVersionUID = 1L;

    enum Mode { EQUALS, STARTS_WITH, ENDS_WITH, CONTAINS }

    private final String otherField;
    private final Mode mode;
    private final boolean cased;

    FieldRefMatcher(String otherField, Mode mode, boolean cased) {
        this.otherField = otherField;
        this.mode = mode;
        this.cased = cased;
    }

    @Override
    public boolean test(EvalContext ctx, String field) {
        String[] mine = cased ? ctx.strings(field) : ctx.lower(field);
        String[] theirs = cased ? ctx.strings(otherField) : ctx.lower(otherField);
        for (String a : mine) {
            for (String b : theirs) {
                boolean hit = switch (mode) {
                    case EQUALS -> a.equals(b);
                    case STARTS_WITH -> a.startsWith(b);
                    case ENDS_WITH -> a.endsWith(b);
                    case CONTAINS -> a.contains(b);
                };
                if (hit) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "fieldref:" + mode.name().toLowerCase(Locale.ROOT) + ":" + otherField;
    }
}
