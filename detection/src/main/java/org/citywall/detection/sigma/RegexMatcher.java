package org.citywall.detection.sigma;

import java.util.regex.Pattern;

/** The {@code re} modifier: a regular expression found anywhere in the value (anchor it with ^ and $). */
final class RegexMatcher implements ValueMatcher {
    private static final long serialVersionUID = 1L;

    private final Pattern pattern;
    /** A literal every match contains ({@link RegexLiteral}), or null: values without it skip the regex engine. */
    private final String required;

    RegexMatcher(Pattern pattern) {
        this.pattern = pattern;
        this.required = RegexLiteral.required(pattern);
    }

    @Override
    public boolean test(EvalContext ctx, String field) {
        for (String v : ctx.strings(field)) {
            if (required != null && v.indexOf(required) < 0) {
                continue;
            }
            try {
                if (pattern.matcher(new RegexBudget(v)).find()) {
                    return true;
                }
            } catch (RegexBudget.Exceeded e) {
                RegexBudget.count(); // a catastrophic pattern on this value: no match, counted
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "re:" + pattern.pattern();
    }
}
