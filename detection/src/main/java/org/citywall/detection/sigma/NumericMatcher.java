package org.citywall.detection.sigma;

import java.math.BigDecimal;

/**
 * The numeric modifiers {@code lt}, {@code lte}, {@code gt}, {@code gte} (and equality, used after a
 * time modifier). Values that are not numbers never match.
 */
final class NumericMatcher implements ValueMatcher {
    private static final long serialVersionUID = 1L;

    enum Op { LT, LTE, GT, GTE, EQ }

    private final Op op;
    private final double bound;

    NumericMatcher(Op op, double bound) {
        this.op = op;
        this.bound = bound;
    }

    @Override
    public boolean test(EvalContext ctx, String field) {
        Object raw = ctx.value(field);
        if (raw instanceof Number n) {
            return compare(n.doubleValue());
        }
        for (String v : ctx.strings(field)) {
            Double d = parse(v);
            if (d != null && compare(d)) {
                return true;
            }
        }
        return false;
    }

    boolean compare(double v) {
        return switch (op) {
            case LT -> v < bound;
            case LTE -> v <= bound;
            case GT -> v > bound;
            case GTE -> v >= bound;
            case EQ -> v == bound;
        };
    }

    static Double parse(String s) {
        try {
            return new BigDecimal(s.trim()).doubleValue();
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return op.name().toLowerCase(java.util.Locale.ROOT) + ":" + bound;
    }
}
