package org.citywall.detection.sigma;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Parses a Sigma condition. Precedence, least binding first: {@code or}, {@code and}, {@code not},
 * {@code N of pattern}, parentheses. {@code them} covers every search identifier not starting with
 * {@code _}; patterns use {@code *} as wildcard and must name at least one search identifier.
 * The obsolete v1 aggregation ({@code | count() by x > n}, {@code near}) is rejected with the v2
 * correlation rule that replaces it.
 */
final class ConditionParser {
    /** Deepest nesting of parentheses and {@code not}s accepted; real rules use a handful. */
    static final int MAX_NESTING = 64;
    private final String text;
    private final List<String> names;
    private final String path;
    private final List<String> tokens;
    private int pos;
    private int depth;

    private ConditionParser(String text, List<String> names, String path) throws RuleException {
        this.text = text;
        this.names = names;
        this.path = path;
        this.tokens = tokenize(text, path);
    }

    /**
     * Parses {@code text} against the rule's search identifiers (in declaration order).
     *
     * @throws RuleException with the reason when the condition is malformed or names an unknown identifier
     */
    static Condition parse(String text, List<String> names, String path) throws RuleException {
        ConditionParser p = new ConditionParser(text, names, path);
        if (p.tokens.isEmpty()) {
            throw new RuleException(path, "empty condition");
        }
        Condition c = p.or();
        if (p.pos < p.tokens.size()) {
            throw new RuleException(path, "unexpected '" + p.tokens.get(p.pos) + "' in condition '" + text + "'");
        }
        return c;
    }

    private static List<String> tokenize(String text, String path) throws RuleException {
        if (V1Syntax.isV1(text)) {
            throw new RuleException(path, V1Syntax.message(text));
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')') {
                out.add(String.valueOf(c));
                i++;
            } else if (isWordChar(c)) {
                int j = i;
                while (j < text.length() && isWordChar(text.charAt(j))) {
                    j++;
                }
                out.add(text.substring(i, j));
                i = j;
            } else {
                throw new RuleException(path, "unexpected character '" + c + "' in condition '" + text + "'");
            }
        }
        for (String t : out) {
            if (t.equalsIgnoreCase("near")) {
                throw new RuleException(path, V1Syntax.nearMessage(text));
            }
        }
        return out;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == '*';
    }

    private String peek() {
        return pos < tokens.size() ? tokens.get(pos) : null;
    }

    private boolean accept(String keyword) {
        String t = peek();
        if (t != null && t.equalsIgnoreCase(keyword)) {
            pos++;
            return true;
        }
        return false;
    }

    private Condition or() throws RuleException {
        List<Condition> terms = new ArrayList<>();
        terms.add(and());
        while (accept("or")) {
            terms.add(and());
        }
        return terms.size() == 1 ? terms.get(0) : new Condition.Or(terms);
    }

    private Condition and() throws RuleException {
        List<Condition> terms = new ArrayList<>();
        terms.add(not());
        while (accept("and")) {
            terms.add(not());
        }
        return terms.size() == 1 ? terms.get(0) : new Condition.And(terms);
    }

    private Condition not() throws RuleException {
        if (accept("not")) {
            enter();
            Condition c = new Condition.Not(not());
            depth--;
            return c;
        }
        return primary();
    }

    /** One level deeper; a condition nested beyond {@link #MAX_NESTING} is rejected, never a stack overflow. */
    private void enter() throws RuleException {
        if (++depth > MAX_NESTING) {
            throw new RuleException(path, "condition nested deeper than " + MAX_NESTING + " levels");
        }
    }

    private Condition primary() throws RuleException {
        String t = peek();
        if (t == null) {
            throw new RuleException(path, "condition '" + text + "' ends unexpectedly");
        }
        if (t.equals("(")) {
            pos++;
            enter();
            Condition c = or();
            if (!accept(")")) {
                throw new RuleException(path, "missing ')' in condition '" + text + "'");
            }
            depth--;
            return c;
        }
        if (t.equals(")")) {
            throw new RuleException(path, "unexpected ')' in condition '" + text + "'");
        }
        String lower = t.toLowerCase(Locale.ROOT);
        boolean quantifier = lower.equals("all") || lower.chars().allMatch(Character::isDigit);
        if (quantifier && pos + 1 < tokens.size() && tokens.get(pos + 1).equalsIgnoreCase("of")) {
            pos += 2;
            return quantified(lower);
        }
        if (isReserved(lower)) {
            throw new RuleException(path, "unexpected '" + t + "' in condition '" + text + "'");
        }
        pos++;
        int idx = names.indexOf(t);
        if (idx < 0) {
            throw new RuleException(path, "condition names '" + t + "', which is not a search identifier of this rule");
        }
        return new Condition.Ref(idx, t);
    }

    private static boolean isReserved(String lower) {
        return lower.equals("and") || lower.equals("or") || lower.equals("not") || lower.equals("of") || lower.equals("them");
    }

    private Condition quantified(String quantifier) throws RuleException {
        String target = peek();
        if (target == null || target.equals("(") || target.equals(")")) {
            throw new RuleException(path, "'" + quantifier + " of' needs a search identifier pattern or 'them'");
        }
        pos++;
        List<Condition.Ref> refs = new ArrayList<>();
        boolean them = target.equalsIgnoreCase("them");
        Pattern p = them ? null : globToRegex(target);
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            if (them ? !n.startsWith("_") : p.matcher(n).matches()) {
                refs.add(new Condition.Ref(i, n));
            }
        }
        if (refs.isEmpty()) {
            throw new RuleException(path, "'" + quantifier + " of " + target + "' matches no search identifier");
        }
        int n;
        if (quantifier.equals("all")) {
            n = refs.size();
        } else {
            java.math.BigInteger big = new java.math.BigInteger(quantifier);
            if (big.signum() < 1) {
                throw new RuleException(path, "'0 of' is not a valid condition");
            }
            if (big.compareTo(java.math.BigInteger.valueOf(refs.size())) > 0) {
                // it could never match: fewer search identifiers than it asks for
                throw new RuleException(path, "'" + quantifier + " of " + target + "' asks for more search identifiers than the "
                        + refs.size() + " it matches, so it can never match");
            }
            n = big.intValue();
        }
        return new Condition.AtLeast(n, List.copyOf(refs), quantifier + " of " + target);
    }

    private static Pattern globToRegex(String glob) {
        StringBuilder sb = new StringBuilder();
        for (String part : glob.split("\\*", -1)) {
            sb.append(Pattern.quote(part)).append(".*");
        }
        sb.setLength(sb.length() - 2);
        return Pattern.compile(sb.toString());
    }
}
