package org.citywall.detection.sigma;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Matches field values against a Sigma string with wildcards, case-insensitively unless {@code cased}.
 * Common shapes (exact, prefix, suffix, contains) get a direct {@link String} test; the rest use a
 * glob matcher that backtracks only to the last {@code *}, so it runs in linear time for typical rules.
 */
final class StringMatcher implements ValueMatcher {
    private static final long serialVersionUID = 1L;

    private enum Shape { EXACT, PREFIX, SUFFIX, CONTAINS, ANY, GLOB }

    private final SigmaString pattern;
    private final boolean cased;
    private final Shape shape;
    private final String text;
    private final Object[] parts;

    StringMatcher(SigmaString pattern, boolean cased) {
        this.pattern = pattern;
        this.cased = cased;
        List<Object> ps = new ArrayList<>();
        for (Object p : pattern.parts()) {
            ps.add(p instanceof String s && !cased ? s.toLowerCase(Locale.ROOT) : p);
        }
        this.parts = ps.toArray();
        Object star = SigmaString.Wildcard.STAR;
        if (parts.length == 0) {
            shape = Shape.EXACT;
            text = "";
        } else if (parts.length == 1 && parts[0] == star) {
            shape = Shape.ANY;
            text = null;
        } else if (parts.length == 1 && parts[0] instanceof String s) {
            shape = Shape.EXACT;
            text = s;
        } else if (parts.length == 2 && parts[0] instanceof String s && parts[1] == star) {
            shape = Shape.PREFIX;
            text = s;
        } else if (parts.length == 2 && parts[0] == star && parts[1] instanceof String s) {
            shape = Shape.SUFFIX;
            text = s;
        } else if (parts.length == 3 && parts[0] == star && parts[1] instanceof String s && parts[2] == star) {
            shape = Shape.CONTAINS;
            text = s;
        } else {
            shape = Shape.GLOB;
            text = null;
        }
    }

    @Override
    public boolean test(EvalContext ctx, String field) {
        for (String v : cased ? ctx.strings(field) : ctx.lower(field)) {
            if (matches(v)) {
                return true;
            }
        }
        return false;
    }

    /** Matches one value, which must already be lower-cased unless this matcher is cased. */
    boolean matches(String v) {
        return switch (shape) {
            case EXACT -> v.equals(text);
            case PREFIX -> v.startsWith(text);
            case SUFFIX -> v.endsWith(text);
            case CONTAINS -> v.contains(text);
            case ANY -> true;
            case GLOB -> glob(v, parts);
        };
    }

    /** Glob match of {@code text} against literal, {@code *} and {@code ?} parts. */
    static boolean glob(String text, Object[] parts) {
        int n = parts.length;
        int len = text.length();
        int ti = 0;
        int pi = 0;
        int starPi = -1;
        int starTi = 0;
        while (true) {
            if (pi < n) {
                Object p = parts[pi];
                if (p == SigmaString.Wildcard.STAR) {
                    if (pi == n - 1) {
                        return true;
                    }
                    starPi = pi++;
                    starTi = ti;
                    continue;
                }
                if (p == SigmaString.Wildcard.ONE) {
                    if (ti < len) {
                        pi++;
                        ti++;
                        continue;
                    }
                } else {
                    String s = (String) p;
                    if (text.startsWith(s, ti)) {
                        pi++;
                        ti += s.length();
                        continue;
                    }
                }
            } else if (ti == len) {
                return true;
            }
            if (starPi < 0) {
                return false;
            }
            starTi++;
            if (starTi > len) {
                return false;
            }
            ti = starTi;
            pi = starPi + 1;
        }
    }

    @Override
    public Literal literal() {
        if (shape == Shape.EXACT) {
            return new Literal(true, cased ? text.toLowerCase(Locale.ROOT) : text);
        }
        String longest = pattern.longestLiteral();
        return longest.isEmpty() ? null : new Literal(false, longest.toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return (cased ? "cased:" : "") + pattern;
    }
}
