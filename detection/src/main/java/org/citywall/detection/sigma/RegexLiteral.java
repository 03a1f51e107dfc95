package org.citywall.detection.sigma;

import java.util.regex.Pattern;

/**
 * Finds a literal that every match of a regular expression contains, so that a value without it
 * is rejected by {@link String#indexOf} instead of by the regex engine: an unanchored
 * {@code .+:assumed-role/aws:.+} costs {@code Matcher.find} quadratic time in the value's length.
 *
 * <p>Conservative: only the top level of a pattern without alternation is read; groups, classes,
 * escapes that stand for classes and any optional character end a literal; inline flags, quoting,
 * numeric escapes and case-insensitive or comment mode give no literal at all.
 */
final class RegexLiteral {
    private RegexLiteral() {}

    /** Flags that leave literal characters meaning themselves. */
    private static final int SAFE_FLAGS = Pattern.MULTILINE | Pattern.DOTALL | Pattern.UNIX_LINES | Pattern.UNICODE_CHARACTER_CLASS;
    /** Escapes that stand for a class or an assertion and take no argument. */
    private static final String CLASS_ESCAPES = "dDsSwWbBAGZzRXhHvVtnrfae";

    /** The longest literal every match of {@code p} contains, or {@code null} when none is known. */
    static String required(Pattern p) {
        if ((p.flags() & ~SAFE_FLAGS) != 0) {
            return null;
        }
        try {
            return new Scan(p.pattern()).longest();
        } catch (Unsupported e) {
            return null;
        }
    }

    private static final class Unsupported extends Exception {
        private static final long serialVersionUID = 1L;

        Unsupported() {
            super(null, null, false, false);
        }
    }

    private static final class Scan {
        private final String re;
        private int i;
        private StringBuilder run = new StringBuilder();
        private String best = "";

        Scan(String re) {
            this.re = re;
        }

        String longest() throws Unsupported {
            while (i < re.length()) {
                char c = re.charAt(i);
                switch (c) {
                    case '|' -> throw new Unsupported(); // alternatives at the top: no literal is common to all
                    case '(' -> {
                        if (re.startsWith("(?", i) && !isGroupOpening(i + 2)) {
                            throw new Unsupported(); // inline flags change what follows
                        }
                        end();
                        skipGroup();
                        quantifier();
                    }
                    case '[' -> {
                        end();
                        skipClass();
                        quantifier();
                    }
                    case '.', '^', '$' -> {
                        end();
                        i++;
                        quantifier();
                    }
                    case '\\' -> {
                        if (i + 1 >= re.length()) {
                            throw new Unsupported();
                        }
                        char e = re.charAt(i + 1);
                        if (Character.isLetterOrDigit(e)) {
                            if (CLASS_ESCAPES.indexOf(e) < 0) {
                                throw new Unsupported(); // \x41, \u0041, \0101, \p{..}, \k<..>, \Q..\E, back-references
                            }
                            end();
                            i += 2;
                            quantifier();
                        } else {
                            literal(e, 2);
                        }
                    }
                    case '*', '+', '?', '{' -> throw new Unsupported(); // a quantifier with nothing before it
                    default -> literal(c, 1);
                }
            }
            end();
            return best.isEmpty() ? null : best;
        }

        /** After {@code (?}: a non-capturing, atomic, named or look-around group (not inline flags). */
        private boolean isGroupOpening(int at) {
            if (at >= re.length()) {
                return false;
            }
            char c = re.charAt(at);
            if (c == ':' || c == '=' || c == '!' || c == '>') {
                return true;
            }
            return c == '<' && at + 1 < re.length()
                    && (re.charAt(at + 1) == '=' || re.charAt(at + 1) == '!' || Character.isLetter(re.charAt(at + 1)));
        }

        /** A character that stands for itself, {@code width} pattern characters long. */
        private void literal(char c, int width) throws Unsupported {
            i += width;
            if (Character.isSurrogate(c)) {
                end(); // a quantifier would apply to the whole code point
                quantifier();
                return;
            }
            char q = i < re.length() ? re.charAt(i) : 0;
            if (q == '?' || q == '*' || q == '{') { // optional (or counted: maybe zero times)
                end();
                quantifier();
            } else if (q == '+') { // at least once: it is part of the literal, but what follows may repeat it
                run.append(c);
                end();
                quantifier();
            } else {
                run.append(c);
            }
        }

        /** Skips a quantifier (with its lazy or possessive suffix) at the current position, if any. */
        private void quantifier() throws Unsupported {
            if (i >= re.length()) {
                return;
            }
            char q = re.charAt(i);
            if (q == '?' || q == '*' || q == '+') {
                i++;
            } else if (q == '{') {
                int close = re.indexOf('}', i);
                if (close < 0) {
                    throw new Unsupported();
                }
                i = close + 1;
            } else {
                return;
            }
            if (i < re.length() && (re.charAt(i) == '?' || re.charAt(i) == '+')) {
                i++;
            }
        }

        private void skipGroup() throws Unsupported {
            int depth = 0;
            while (i < re.length()) {
                char c = re.charAt(i);
                if (c == '\\') {
                    if (re.startsWith("\\Q", i)) {
                        throw new Unsupported();
                    }
                    i += 2;
                    continue;
                }
                if (c == '[') {
                    skipClass();
                    continue;
                }
                i++;
                if (c == '(') {
                    depth++;
                } else if (c == ')' && --depth == 0) {
                    return;
                }
            }
            throw new Unsupported();
        }

        private void skipClass() throws Unsupported {
            int depth = 0;
            boolean first = true;
            while (i < re.length()) {
                char c = re.charAt(i);
                if (c == '\\') {
                    if (re.startsWith("\\Q", i)) {
                        throw new Unsupported();
                    }
                    i += 2;
                    first = false;
                    continue;
                }
                i++;
                if (c == '[') {
                    depth++;
                    first = true;
                    if (i < re.length() && re.charAt(i) == '^') {
                        i++;
                    }
                    continue;
                }
                if (c == ']' && !first && --depth == 0) {
                    return;
                }
                first = false;
            }
            throw new Unsupported();
        }

        private void end() {
            if (run.length() > best.length()) {
                best = run.toString();
            }
            run.setLength(0);
        }
    }
}
