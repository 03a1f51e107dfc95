package org.citywall.console.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MITRE ATT&amp;CK references from Sigma tags ({@code attack.credential-access},
 * {@code attack.t1110.001}) with links to attack.mitre.org.
 */
public final class AttackTags {
    private static final Pattern TECHNIQUE = Pattern.compile("attack\\.(t\\d{4})(?:\\.(\\d{3}))?");
    private static final Map<String, String> TACTICS = new LinkedHashMap<>();

    static {
        String[][] t = {{"reconnaissance", "TA0043"}, {"resource-development", "TA0042"}, {"initial-access", "TA0001"},
            {"execution", "TA0002"}, {"persistence", "TA0003"}, {"privilege-escalation", "TA0004"},
            {"defense-evasion", "TA0005"}, {"credential-access", "TA0006"}, {"discovery", "TA0007"},
            {"lateral-movement", "TA0008"}, {"collection", "TA0009"}, {"command-and-control", "TA0011"},
            {"exfiltration", "TA0010"}, {"impact", "TA0040"}};
        for (String[] p : t) {
            TACTICS.put(p[0], p[1]);
        }
    }

    private AttackTags() {}

    /** One ATT&amp;CK reference: {@code kind} is tactic or technique. */
    public record Reference(String kind, String id, String name, String url) {}

    /** The tactic and technique references among {@code tags}, in tag order. */
    public static List<Reference> references(List<String> tags) {
        List<Reference> out = new ArrayList<>();
        for (String raw : tags) {
            String tag = raw.toLowerCase(Locale.ROOT).replace('_', '-');
            Matcher m = TECHNIQUE.matcher(tag);
            if (m.matches()) {
                String id = m.group(1).toUpperCase(Locale.ROOT) + (m.group(2) == null ? "" : "." + m.group(2));
                String url = "https://attack.mitre.org/techniques/" + m.group(1).toUpperCase(Locale.ROOT) + "/"
                        + (m.group(2) == null ? "" : m.group(2) + "/");
                out.add(new Reference("technique", id, id, url));
            } else if (tag.startsWith("attack.") && TACTICS.containsKey(tag.substring(7))) {
                String name = tag.substring(7);
                String id = TACTICS.get(name);
                out.add(new Reference("tactic", id, name, "https://attack.mitre.org/tactics/" + id + "/"));
            }
        }
        return out;
    }
}
