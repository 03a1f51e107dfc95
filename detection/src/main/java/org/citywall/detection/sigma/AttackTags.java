package org.citywall.detection.sigma;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads MITRE ATT&amp;CK tactics and techniques out of Sigma tags (sigma-appendix-tags.md):
 * {@code attack.t1110.001} is technique {@code T1110.001}; {@code attack.credential-access} is a
 * tactic; groups ({@code attack.g0016}), software ({@code attack.s0002}) and detection ids are neither.
 */
public final class AttackTags {
    private AttackTags() {}

    private static final Pattern TECHNIQUE = Pattern.compile("t\\d{4}(\\.\\d{3})?");
    private static final Pattern OTHER_ID = Pattern.compile("[gsdm]\\d{4}|ds\\d{4}|ta\\d{4}");

    public static List<String> techniques(List<String> tags) {
        List<String> out = new ArrayList<>();
        for (String t : tags) {
            String v = attack(t);
            if (v != null && TECHNIQUE.matcher(v).matches()) {
                String id = v.toUpperCase(Locale.ROOT);
                if (!out.contains(id)) {
                    out.add(id);
                }
            }
        }
        return List.copyOf(out);
    }

    public static List<String> tactics(List<String> tags) {
        List<String> out = new ArrayList<>();
        for (String t : tags) {
            String v = attack(t);
            if (v != null && !TECHNIQUE.matcher(v).matches() && !OTHER_ID.matcher(v).matches() && !out.contains(v)) {
                out.add(v.replace('_', '-'));
            }
        }
        return List.copyOf(out);
    }

    private static String attack(String tag) {
        String t = tag.toLowerCase(Locale.ROOT);
        return t.startsWith("attack.") && t.length() > 7 ? t.substring(7) : null;
    }
}
