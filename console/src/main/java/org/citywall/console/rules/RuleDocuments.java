package org.citywall.console.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/** Splits a rule file into its YAML documents, each with the line it starts on. */
final class RuleDocuments {
    /** One document: its mapping (or {@code null} when it is not one or does not parse) and first line. */
    record Document(Map<String, Object> map, int line) {}

    private RuleDocuments() {}

    @SuppressWarnings("unchecked")
    static List<Document> split(String yaml) {
        List<Document> out = new ArrayList<>();
        String[] lines = yaml.split("\n", -1);
        StringBuilder current = new StringBuilder();
        int start = 1;
        for (int i = 0; i <= lines.length; i++) {
            boolean separator = i < lines.length && lines[i].stripTrailing().equals("---");
            if (i == lines.length || separator) {
                if (!current.toString().isBlank()) {
                    Object parsed;
                    try {
                        parsed = new Load(LoadSettings.builder().setLabel("rule").build()).loadFromString(current.toString());
                    } catch (YamlEngineException e) {
                        parsed = null;
                    }
                    out.add(new Document(parsed instanceof Map<?, ?> m ? (Map<String, Object>) m : null, start));
                }
                current.setLength(0);
                start = i + 2;
            } else {
                current.append(lines[i]).append('\n');
            }
        }
        return out;
    }
}
