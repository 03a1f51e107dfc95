package org.citywall.detection.sigma;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A Sigma string value after escape processing: literal text interleaved with the wildcards
 * {@code *} (any run of characters) and {@code ?} (exactly one character).
 *
 * <p>Escaping follows the specification: a backslash escapes {@code *}, {@code ?} and itself; a
 * backslash before any other character is a plain backslash. Transformation modifiers work on
 * this form so that a literal {@code *} survives base64 or UTF-16 encoding while a wildcard does not.
 */
final class SigmaString implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A wildcard token; literal text is held as {@link String} parts. */
    enum Wildcard { STAR, ONE }

    private final List<Object> parts;

    private SigmaString(List<Object> parts) {
        this.parts = List.copyOf(normalise(parts));
    }

    /**
     * Stands for an escaped {@code \%} of a value with the {@code expand} modifier until its placeholders
     * are expanded (a character of the private use area, which rule values do not contain).
     */
    static final char ESCAPED_PERCENT = '\uE025';

    /** Parses a rule value, honouring Sigma's wildcard escaping. */
    static SigmaString parse(String raw) {
        return parse(raw, false);
    }

    /**
     * Parses a rule value; with {@code placeholders} (the {@code expand} modifier), {@code \%} is a
     * literal percent sign that does not start or end a placeholder, held as {@link #ESCAPED_PERCENT}
     * until {@link #withEscapedPercentsPlain()}.
     */
    static SigmaString parse(String raw, boolean placeholders) {
        List<Object> parts = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 1 < raw.length()) {
                char n = raw.charAt(i + 1);
                if (n == '*' || n == '?' || n == '\\') {
                    lit.append(n);
                    i++;
                    continue;
                }
                if (placeholders && n == '%') {
                    lit.append(ESCAPED_PERCENT);
                    i++;
                    continue;
                }
                lit.append(c);
            } else if (c == '*' || c == '?') {
                flush(lit, parts);
                parts.add(c == '*' ? Wildcard.STAR : Wildcard.ONE);
            } else {
                lit.append(c);
            }
        }
        flush(lit, parts);
        return new SigmaString(parts);
    }

    /** A string with no wildcards at all. */
    static SigmaString literal(String text) {
        return new SigmaString(text.isEmpty() ? List.of() : List.of(text));
    }

    private static void flush(StringBuilder lit, List<Object> parts) {
        if (lit.length() > 0) {
            parts.add(lit.toString());
            lit.setLength(0);
        }
    }

    /** Joins adjacent literals and collapses runs of {@code *}, so equal patterns have equal parts. */
    private static List<Object> normalise(List<Object> in) {
        List<Object> out = new ArrayList<>();
        for (Object p : in) {
            Object last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (p instanceof String s) {
                if (s.isEmpty()) {
                    continue;
                }
                if (last instanceof String ls) {
                    out.set(out.size() - 1, ls + s);
                    continue;
                }
            } else if (p == Wildcard.STAR && last == Wildcard.STAR) {
                continue;
            }
            out.add(p);
        }
        return out;
    }

    List<Object> parts() {
        return parts;
    }

    boolean hasWildcards() {
        return parts.stream().anyMatch(p -> p instanceof Wildcard);
    }

    /** The text when there are no wildcards. */
    String plain() {
        if (hasWildcards()) {
            throw new IllegalStateException("value has wildcards");
        }
        return parts.isEmpty() ? "" : (String) parts.get(0);
    }

    SigmaString prependStar() {
        List<Object> p = new ArrayList<>(parts);
        p.add(0, Wildcard.STAR);
        return new SigmaString(p);
    }

    SigmaString appendStar() {
        List<Object> p = new ArrayList<>(parts);
        p.add(Wildcard.STAR);
        return new SigmaString(p);
    }

    /** Replaces one literal part (by index) with a sequence of parts; used by placeholder expansion. */
    SigmaString replacePart(int index, List<Object> replacement) {
        List<Object> p = new ArrayList<>(parts);
        p.remove(index);
        p.addAll(index, replacement);
        return new SigmaString(p);
    }

    /** This value with every {@link #ESCAPED_PERCENT} turned back into a plain {@code %}. */
    SigmaString withEscapedPercentsPlain() {
        List<Object> p = new ArrayList<>();
        for (Object o : parts) {
            p.add(o instanceof String s ? s.replace(ESCAPED_PERCENT, '%') : o);
        }
        return new SigmaString(p);
    }

    static SigmaString ofParts(List<Object> parts) {
        return new SigmaString(parts);
    }

    /** The longest literal run, the best cheap necessary condition for a match. */
    String longestLiteral() {
        String best = "";
        for (Object p : parts) {
            if (p instanceof String s && s.length() > best.length()) {
                best = s;
            }
        }
        return best;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SigmaString s && s.parts.equals(parts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(parts);
    }

    /** The value written back in Sigma notation (wildcards bare, literal wildcards escaped). */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Object p : parts) {
            if (p == Wildcard.STAR) {
                sb.append('*');
            } else if (p == Wildcard.ONE) {
                sb.append('?');
            } else {
                String s = (String) p;
                for (int i = 0; i < s.length(); i++) {
                    char c = s.charAt(i);
                    if (c == '*' || c == '?' || (c == '\\' && i + 1 < s.length() && "*?\\".indexOf(s.charAt(i + 1)) >= 0)
                            || (c == '\\' && i + 1 == s.length())) {
                        sb.append('\\');
                    }
                    sb.append(c);
                }
            }
        }
        return sb.toString();
    }
}
