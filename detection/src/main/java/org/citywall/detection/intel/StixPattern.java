package org.citywall.detection.intel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The subset of STIX 2.1 patterning that names indicator values: observation expressions joined
 * by {@code OR}, each holding equality comparisons joined by {@code OR}, e.g.
 * {@code [ipv4-addr:value = '198.51.100.1' OR ipv4-addr:value = '203.0.113.0/24']} or
 * {@code [file:hashes.'SHA-256' = 'aec0...']}. {@code AND}, {@code FOLLOWEDBY}, qualifiers and
 * operators other than {@code =} describe combinations a value list cannot express and are refused.
 */
final class StixPattern {
    private StixPattern() {}

    record Comparison(Indicator.Type type, String value) {}

    private static final Pattern COMPARISON = Pattern.compile(
            "\\s*([a-z0-9-]+):([A-Za-z0-9_.'\\-]+)\\s*=\\s*'((?:[^'\\\\]|\\\\.)*)'\\s*");

    static List<Comparison> parse(String pattern) {
        String p = pattern.strip();
        if (p.isEmpty()) {
            throw new IllegalArgumentException("empty pattern");
        }
        List<Comparison> out = new ArrayList<>();
        for (String observation : splitTopLevel(p)) {
            String o = observation.strip();
            if (!o.startsWith("[") || !o.endsWith("]")) {
                throw new IllegalArgumentException("unsupported pattern (qualifiers, AND or FOLLOWEDBY): " + p);
            }
            for (String comparison : o.substring(1, o.length() - 1).split("(?i)\\s+OR\\s+")) {
                Matcher m = COMPARISON.matcher(comparison);
                if (!m.matches()) {
                    throw new IllegalArgumentException("unsupported comparison '" + comparison.strip() + "' (only object:path = 'value')");
                }
                out.add(new Comparison(type(m.group(1), m.group(2)), m.group(3).replace("\\'", "'").replace("\\\\", "\\")));
            }
        }
        return out;
    }

    /** Splits {@code [..] OR [..]} into observation expressions, refusing AND/FOLLOWEDBY between them. */
    private static List<String> splitTopLevel(String p) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\'' && (i == 0 || p.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            } else if (!quoted && c == '[') {
                depth++;
            } else if (!quoted && c == ']') {
                depth--;
                if (depth == 0) {
                    parts.add(p.substring(start, i + 1));
                    String rest = p.substring(i + 1).stripLeading();
                    if (rest.isEmpty()) {
                        return parts;
                    }
                    if (!rest.regionMatches(true, 0, "OR ", 0, 3)) {
                        throw new IllegalArgumentException("unsupported pattern (only OR between observations): " + p);
                    }
                    start = p.length() - rest.length() + 3;
                    i = start - 1;
                }
            }
        }
        throw new IllegalArgumentException("unbalanced brackets in pattern: " + p);
    }

    private static Indicator.Type type(String object, String path) {
        String o = object.toLowerCase(Locale.ROOT);
        switch (o) {
            case "ipv4-addr", "ipv6-addr" -> {
                if (path.equals("value")) {
                    return Indicator.Type.IP;
                }
            }
            case "domain-name" -> {
                if (path.equals("value")) {
                    return Indicator.Type.DOMAIN;
                }
            }
            case "url" -> {
                if (path.equals("value")) {
                    return Indicator.Type.URL;
                }
            }
            case "file" -> {
                if (path.startsWith("hashes.")) {
                    Indicator.Type t = Indicator.Type.parse(path.substring(7).replace("'", ""));
                    if (t != null && t != Indicator.Type.IP) {
                        return t;
                    }
                }
            }
            default -> { }
        }
        throw new IllegalArgumentException("unsupported object path '" + object + ":" + path + "'");
    }
}
