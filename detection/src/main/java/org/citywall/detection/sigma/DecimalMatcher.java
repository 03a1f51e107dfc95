package org.citywall.detection.sigma;

import java.util.List;

/**
 * A plain decimal rule value such as {@code 1.0} or {@code 1.10}. A string field matches only the text
 * written in the rule ({@code "1.0"}, not {@code "1"}), as Sigma matches plain values as strings; a
 * numeric field (or numeric list element) matches when it equals the number, so the event number
 * {@code 1} or {@code 1.0} still matches the rule value {@code 1.0}.
 */
final class DecimalMatcher implements ValueMatcher {
    private static final long serialVersionUID = 1L;

    private final String text;
    private final double number;

    DecimalMatcher(String text, double number) {
        this.text = text;
        this.number = number;
    }

    @Override
    public boolean test(EvalContext ctx, String field) {
        Object raw = ctx.value(field);
        if (raw instanceof Number n) {
            return n.doubleValue() == number;
        }
        if (raw instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Number n ? n.doubleValue() == number : o != null && text.equals(o.toString())) {
                    return true;
                }
            }
            return false;
        }
        for (String v : ctx.strings(field)) {
            if (v.equals(text)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "decimal:" + text;
    }
}
