package org.citywall.detection.sigma;

import java.util.regex.Pattern;

/** The {@code re} modifier: a regular expression found anywhere in the value (anchor it with ^ and $). */
final class RegexMatcher implements ValueMatcher {
    private static final long serialVersionUID = 1L;

    private final Pattern pattern;

    RegexMatcher(Pattern pattern) {
        this.pattern = pattern;
    }

    @Override
    public boolean test(EvalContext ctx, String field) {
        for (String v : ctx.strings(field)) {
            if (pattern.matcher(v).find()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "re:" + pattern.pattern();
    }
}
