package org.citywall.console.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rules switched off in the console, kept as Sigma filter documents in one file of the rules
 * directory, {@value #FILE}, which the detection job loads like any other: each filter excludes
 * every event from the rules it names, so they never match. A detection rule is filtered itself;
 * a correlation through the rules it counts. Deleting a document enables the rule again.
 */
final class DisabledRules {
    static final String FILE = "citywall-console-disabled.yml";
    static final String ORIGIN = RuleFiles.DATA + FILE;
    private static final Pattern MARK = Pattern.compile("citywall-console-disabled: (\\S+)");

    private DisabledRules() {}

    /** The ids of the disabled rules named in the file's text. */
    static List<String> read(String yaml) {
        List<String> ids = new ArrayList<>();
        for (RuleDocuments.Document d : RuleDocuments.split(yaml)) {
            if (d.map() != null && d.map().get("description") instanceof String s) {
                Matcher m = MARK.matcher(s);
                if (m.find()) {
                    ids.add(m.group(1));
                }
            }
        }
        return ids;
    }

    /**
     * The file's text for the disabled rules ({@code id → filter targets}); empty text when none.
     */
    static String write(Map<String, List<String>> targets) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Written by the CityWall console: rules disabled there. Each filter keeps every event away\n")
          .append("# from the rules it names. Enable the rule in the console (or delete its document) to undo.\n");
        boolean first = true;
        for (Map.Entry<String, List<String>> e : new LinkedHashMap<>(targets).entrySet()) {
            if (!first) {
                sb.append("---\n");
            }
            first = false;
            sb.append("title: Disabled in the console - ").append(e.getKey()).append('\n')
              .append("description: 'citywall-console-disabled: ").append(e.getKey()).append("'\n")
              .append("logsource: {}\n")
              .append("filter:\n")
              .append("    rules:\n");
            for (String t : e.getValue()) {
                sb.append("        - '").append(t.replace("'", "''")).append("'\n");
            }
            // a keyword no event contains: valid in either taxonomy, so "not selection" holds for every event
            sb.append("    selection:\n")
              .append("        - 'citywall-console-disabled-no-event-contains-this-keyword'\n")
              .append("    condition: not selection\n");
        }
        return sb.toString();
    }
}
