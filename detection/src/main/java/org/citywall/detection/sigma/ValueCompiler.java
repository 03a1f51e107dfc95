package org.citywall.detection.sigma;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.citywall.detection.intel.Cidr;

/**
 * Compiles one {@code field|modifier|...: value(s)} item into a {@link FieldTest}, applying the
 * modifiers of sigma-appendix-modifiers.md in the order written. Transformation modifiers
 * (windash, base64, base64offset, utf16*, wide, expand, contains/startswith/endswith) rewrite the
 * values; type modifiers (re, cidr, lt/lte/gt/gte, exists, fieldref, time parts) choose the matcher;
 * {@code all}, {@code cased} and {@code neq} are flags.
 */
final class ValueCompiler {
    private static final Set<String> KNOWN = Set.of(
            "contains", "startswith", "endswith", "all", "windash", "re", "i", "m", "s", "base64", "base64offset",
            "utf16le", "utf16be", "utf16", "wide", "cidr", "lt", "lte", "gt", "gte", "exists", "cased", "neq",
            "fieldref", "expand", "minute", "hour", "day", "week", "month", "year");
    private static final String DASHES = "-/\u2013\u2014\u2015";
    private static final int MAX_VARIANTS = 4096;

    private final FieldResolver resolver;

    ValueCompiler(FieldResolver resolver) {
        this.resolver = resolver;
    }

    /** A value on its way through transformation modifiers; {@code bytes} marks UTF-16 output (one char per byte). */
    private record Val(SigmaString s, boolean bytes) {}

    FieldTest compile(String key, Object value, String path) throws RuleException {
        String[] parts = key.split("\\|", -1);
        String field = parts[0];
        List<String> mods = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            String m = parts[i].toLowerCase(Locale.ROOT);
            if (!KNOWN.contains(m)) {
                throw new RuleException(path, "unknown modifier '" + parts[i] + "' in '" + key + "'");
            }
            mods.add(m);
        }
        boolean keyword = field.isEmpty();
        String[] fields = keyword ? resolver.keywordFields() : resolver.resolve(field, path);
        List<Object> values = value instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>(java.util.Collections.singletonList(value));
        if (values.isEmpty()) {
            throw new RuleException(path, "'" + key + "' has an empty list of values");
        }
        boolean all = mods.contains("all");
        if (all && values.size() < 2) {
            // the specification forbids it (some back-ends cannot support it); to test one field twice, use two selections
            throw new RuleException(path, "'all' needs a list of at least two values in '" + key + "'");
        }
        boolean cased = mods.contains("cased");
        boolean neq = mods.contains("neq");

        if (mods.contains("exists")) {
            for (String m : mods) {
                if (!m.equals("exists") && !m.equals("neq")) {
                    // exists tests presence only: any other modifier would be silently ignored
                    throw new RuleException(path, "modifier '" + m + "' cannot be combined with 'exists' in '" + key
                            + "': 'exists' only tests whether the field is present");
                }
            }
            if (values.size() != 1 || !(values.get(0) instanceof Boolean b)) {
                throw new RuleException(path, "'exists' takes true or false, got " + value);
            }
            return new FieldTest(key, fields, b ^ neq ? FieldTest.Kind.EXISTS : FieldTest.Kind.NOT_EXISTS, List.of(), false, false);
        }
        if (values.contains(null)) {
            if (values.size() > 1) {
                throw new RuleException(path, "null cannot be part of a list of values ('" + key + "'): use its own selection");
            }
            if (mods.stream().anyMatch(m -> !m.equals("neq"))) {
                throw new RuleException(path, "null cannot be combined with modifiers in '" + key + "'");
            }
            return new FieldTest(key, fields, neq ? FieldTest.Kind.EXISTS : FieldTest.Kind.NULL, List.of(), false, false);
        }
        for (Object v : values) {
            if (v instanceof Map || v instanceof List) {
                throw new RuleException(path, "'" + key + "' has a nested map or list as value");
            }
        }
        // one group per listed value: the variants of a value (windash, base64offset, expand, a fieldref over
        // several fields) are alternatives of that value; 'all' asks every value, i.e. every group, to hit
        List<List<ValueMatcher>> groups = typed(key, field, mods, values, cased, path);
        if (groups == null) {
            groups = strings(key, mods, values, keyword, cased, path);
        }
        return FieldTest.grouped(key, fields, groups, all, neq);
    }

    /** Matchers for type modifiers, or {@code null} when the values are plain strings. */
    private List<List<ValueMatcher>> typed(String key, String field, List<String> mods, List<Object> values, boolean cased,
            String path) throws RuleException {
        List<List<ValueMatcher>> out = new ArrayList<>();
        if (mods.contains("re")) {
            int flags = 0;
            for (String m : mods) {
                switch (m) {
                    case "i" -> flags |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
                    case "m" -> flags |= Pattern.MULTILINE;
                    case "s" -> flags |= Pattern.DOTALL;
                    case "re", "all", "neq", "cased" -> { }
                    default -> throw new RuleException(path, "modifier '" + m + "' cannot be combined with 're' in '" + key + "'");
                }
            }
            for (Object v : values) {
                try {
                    out.add(List.of(new RegexMatcher(Pattern.compile(String.valueOf(v), flags))));
                } catch (PatternSyntaxException e) {
                    throw new RuleException(path, "invalid regular expression in '" + key + "': " + e.getDescription());
                }
            }
            return out;
        }
        for (String m : List.of("i", "m", "s")) {
            if (mods.contains(m)) {
                throw new RuleException(path, "modifier '" + m + "' is only valid after 're' in '" + key + "'");
            }
        }
        if (mods.contains("cidr")) {
            onlyWith(mods, Set.of("cidr", "all", "neq"), key, path);
            for (Object v : values) {
                try {
                    out.add(List.of(new CidrMatcher(Cidr.parse(String.valueOf(v)))));
                } catch (IllegalArgumentException e) {
                    throw new RuleException(path, "'" + key + "': " + e.getMessage());
                }
            }
            return out;
        }
        if (mods.contains("fieldref")) {
            onlyWith(mods, Set.of("fieldref", "all", "neq", "cased", "contains", "startswith", "endswith"), key, path);
            FieldRefMatcher.Mode mode = mods.contains("contains") ? FieldRefMatcher.Mode.CONTAINS
                    : mods.contains("startswith") ? FieldRefMatcher.Mode.STARTS_WITH
                    : mods.contains("endswith") ? FieldRefMatcher.Mode.ENDS_WITH : FieldRefMatcher.Mode.EQUALS;
            for (Object v : values) {
                List<ValueMatcher> group = new ArrayList<>();
                for (String other : resolver.resolve(String.valueOf(v), path)) {
                    group.add(new FieldRefMatcher(other, mode, cased));
                }
                out.add(group);
            }
            return out;
        }
        TimePartMatcher.Part part = null;
        for (String m : mods) {
            for (TimePartMatcher.Part p : TimePartMatcher.Part.values()) {
                if (p.name().equalsIgnoreCase(m)) {
                    if (part != null) {
                        throw new RuleException(path, "only one time modifier is allowed in '" + key + "'");
                    }
                    part = p;
                }
            }
        }
        NumericMatcher.Op op = null;
        for (String m : mods) {
            NumericMatcher.Op o = switch (m) {
                case "lt" -> NumericMatcher.Op.LT;
                case "lte" -> NumericMatcher.Op.LTE;
                case "gt" -> NumericMatcher.Op.GT;
                case "gte" -> NumericMatcher.Op.GTE;
                default -> null;
            };
            if (o != null) {
                if (op != null) {
                    throw new RuleException(path, "only one of lt/lte/gt/gte is allowed in '" + key + "'");
                }
                op = o;
            }
        }
        if (op == null && part == null) {
            return null;
        }
        Set<String> allowed = new java.util.HashSet<>(Set.of("lt", "lte", "gt", "gte", "all", "neq"));
        if (part != null) {
            allowed.add(part.name().toLowerCase(Locale.ROOT));
        }
        onlyWith(mods, allowed, key, path);
        for (Object v : values) {
            Double d = v instanceof Number n ? Double.valueOf(n.doubleValue()) : NumericMatcher.parse(String.valueOf(v));
            if (d == null) {
                throw new RuleException(path, "'" + key + "' compares numbers, but '" + v + "' is not a number");
            }
            NumericMatcher num = new NumericMatcher(op == null ? NumericMatcher.Op.EQ : op, d);
            out.add(List.of(part == null ? num : new TimePartMatcher(part, num)));
        }
        return out;
    }

    private static void onlyWith(List<String> mods, Set<String> allowed, String key, String path) throws RuleException {
        for (String m : mods) {
            if (!allowed.contains(m)) {
                throw new RuleException(path, "modifier '" + m + "' cannot be combined with the others in '" + key + "'");
            }
        }
    }

    private List<List<ValueMatcher>> strings(String key, List<String> mods, List<Object> values, boolean keyword, boolean cased,
            String path) throws RuleException {
        List<List<ValueMatcher>> out = new ArrayList<>();
        boolean expands = mods.contains("expand"); // then \% is a literal percent, not part of a placeholder
        int total = 0;
        boolean plain = !keyword && mods.stream().allMatch(m -> m.equals("all") || m.equals("cased") || m.equals("neq"));
        for (Object v : values) {
            if (plain && v instanceof YamlDocument.Decimal d) {
                // the text as written for string fields, the number for numeric ones
                out.add(List.of(new DecimalMatcher(d.toString(), d.doubleValue())));
                total++;
                continue;
            }
            List<ValueMatcher> group = variants(key, mods,
                    new Val(v instanceof String s ? SigmaString.parse(s, expands) : SigmaString.literal(EvalContext.scalar(v)), false),
                    keyword, cased, path);
            total += group.size();
            if (total > MAX_VARIANTS) {
                throw new RuleException(path, "'" + key + "' expands to more than " + MAX_VARIANTS + " values");
            }
            out.add(group);
        }
        return out;
    }

    /** The matchers for the variants of one listed value, after the transformation modifiers. */
    private List<ValueMatcher> variants(String key, List<String> mods, Val value, boolean keyword, boolean cased, String path)
            throws RuleException {
        List<Val> vals = new ArrayList<>(List.of(value));
        boolean anchored = false;
        for (String m : mods) {
            switch (m) {
                case "contains" -> { vals = map(vals, v -> List.of(new Val(v.s.prependStar().appendStar(), v.bytes))); anchored = true; }
                case "startswith" -> { vals = map(vals, v -> List.of(new Val(v.s.appendStar(), v.bytes))); anchored = true; }
                case "endswith" -> { vals = map(vals, v -> List.of(new Val(v.s.prependStar(), v.bytes))); anchored = true; }
                case "windash" -> vals = windash(vals, key, path);
                case "base64" -> vals = map(vals, v -> List.of(new Val(SigmaString.literal(
                        Base64.getEncoder().encodeToString(bytes(v, key, path))), false)));
                case "base64offset" -> vals = map(vals, v -> base64offset(bytes(v, key, path)));
                case "utf16le", "wide" -> vals = map(vals, v -> List.of(utf16(v, "UTF-16LE", false)));
                case "utf16be" -> vals = map(vals, v -> List.of(utf16(v, "UTF-16BE", false)));
                case "utf16" -> vals = map(vals, v -> List.of(utf16(v, "UTF-16LE", true)));
                case "expand" -> vals = expand(vals, key, path);
                case "all", "cased", "neq" -> { }
                default -> throw new RuleException(path, "modifier '" + m + "' cannot be used here in '" + key + "'");
            }
            if (vals.size() > MAX_VARIANTS) {
                throw new RuleException(path, "'" + key + "' expands to more than " + MAX_VARIANTS + " values");
            }
        }
        List<ValueMatcher> out = new ArrayList<>();
        for (Val v : vals) {
            SigmaString s = v.s;
            if (keyword && !anchored) {
                s = s.prependStar().appendStar(); // a keyword is found anywhere in the text
            }
            out.add(new StringMatcher(s, cased));
        }
        return out;
    }

    private interface Step {
        List<Val> apply(Val v) throws RuleException;
    }

    private static List<Val> map(List<Val> in, Step step) throws RuleException {
        List<Val> out = new ArrayList<>();
        for (Val v : in) {
            out.addAll(step.apply(v));
        }
        return out;
    }

    private static byte[] bytes(Val v, String key, String path) throws RuleException {
        if (v.s.hasWildcards()) {
            throw new RuleException(path, "'" + key + "': a value with wildcards cannot be base64-encoded");
        }
        return v.s.plain().getBytes(v.bytes ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }

    /** The three encodings of {@code b} at byte offsets 0, 1 and 2, without the characters that depend on neighbours. */
    static List<Val> base64offset(byte[] b) {
        int[] start = {0, 2, 3};
        List<Val> out = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            byte[] shifted = new byte[b.length + i];
            System.arraycopy(b, 0, shifted, i, b.length);
            String enc = Base64.getEncoder().encodeToString(shifted);
            int endTrim = switch ((b.length + i) % 3) {
                case 0 -> 0;
                case 1 -> 3;
                default -> 2;
            };
            int from = start[i];
            int to = enc.length() - endTrim;
            out.add(new Val(SigmaString.literal(from < to ? enc.substring(from, to) : ""), false));
        }
        return out;
    }

    private static Val utf16(Val v, String charset, boolean bom) {
        List<Object> parts = new ArrayList<>();
        if (bom) {
            parts.add("\u00ff\u00fe");
        }
        for (Object p : v.s.parts()) {
            if (p instanceof String s) {
                byte[] b = s.getBytes(java.nio.charset.Charset.forName(charset));
                parts.add(new String(b, StandardCharsets.ISO_8859_1));
            } else {
                parts.add(p);
            }
        }
        return new Val(SigmaString.ofParts(parts), true);
    }

    private static List<Val> windash(List<Val> in, String key, String path) throws RuleException {
        List<Val> out = new ArrayList<>();
        for (Val v : in) {
            List<List<Object>> variants = new ArrayList<>();
            variants.add(new ArrayList<>());
            for (Object p : v.s.parts()) {
                if (!(p instanceof String s)) {
                    variants.forEach(l -> l.add(p));
                    continue;
                }
                List<String> texts = List.of("");
                for (int i = 0; i < s.length(); i++) {
                    char c = s.charAt(i);
                    boolean flag = DASHES.indexOf(c) >= 0
                            && (i == 0 || !isWord(s.charAt(i - 1)))
                            && i + 1 < s.length() && isWord(s.charAt(i + 1));
                    List<String> next = new ArrayList<>();
                    for (String t : texts) {
                        if (flag) {
                            for (char d : DASHES.toCharArray()) {
                                next.add(t + d);
                            }
                        } else {
                            next.add(t + c);
                        }
                    }
                    if (next.size() > MAX_VARIANTS) {
                        throw new RuleException(path, "'" + key + "': windash expands to more than " + MAX_VARIANTS + " values");
                    }
                    texts = next;
                }
                List<List<Object>> grown = new ArrayList<>();
                for (List<Object> l : variants) {
                    for (String t : texts) {
                        List<Object> copy = new ArrayList<>(l);
                        copy.add(t);
                        grown.add(copy);
                    }
                }
                variants = grown;
            }
            for (List<Object> l : variants) {
                out.add(new Val(SigmaString.ofParts(l), v.bytes));
            }
        }
        return out;
    }

    private static boolean isWord(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("%(\\w+)%");

    private List<Val> expand(List<Val> in, String key, String path) throws RuleException {
        List<Val> out = new ArrayList<>();
        for (Val v : in) {
            List<SigmaString> todo = new ArrayList<>(List.of(v.s));
            List<SigmaString> done = new ArrayList<>();
            int steps = 0;
            while (!todo.isEmpty()) {
                if (++steps > MAX_VARIANTS) {
                    throw new RuleException(path, "'" + key + "': placeholders expand without end (a value refers to itself?)");
                }
                SigmaString s = todo.remove(todo.size() - 1);
                boolean replaced = false;
                for (int i = 0; i < s.parts().size() && !replaced; i++) {
                    if (s.parts().get(i) instanceof String lit) {
                        Matcher m = PLACEHOLDER.matcher(lit);
                        if (m.find()) {
                            List<String> repl = resolver.placeholders().get(m.group(1));
                            if (repl == null || repl.isEmpty()) {
                                throw new RuleException(path, "placeholder %" + m.group(1) + "% in '" + key
                                        + "' has no values in the processing pipeline");
                            }
                            for (String r : repl) {
                                List<Object> parts = new ArrayList<>();
                                parts.add(lit.substring(0, m.start()));
                                parts.addAll(SigmaString.parse(r).parts());
                                parts.add(lit.substring(m.end()));
                                todo.add(s.replacePart(i, parts));
                            }
                            replaced = true;
                        }
                    }
                }
                if (!replaced) {
                    done.add(s.withEscapedPercentsPlain());
                }
                if (todo.size() + done.size() > MAX_VARIANTS) {
                    throw new RuleException(path, "'" + key + "' expands to more than " + MAX_VARIANTS + " values");
                }
            }
            for (SigmaString s : done) {
                out.add(new Val(s, v.bytes));
            }
        }
        return out;
    }
}
