package org.citywall.console.rules;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * What the console shows of one Sigma rule document.
 *
 * @param id          the rule's {@code id} (or its {@code name} when it has no id)
 * @param name        its {@code name}, or {@code null}
 * @param title       its title
 * @param description its description, or {@code null}
 * @param level       informational … critical, or {@code null}
 * @param status      the Sigma status (stable, test, experimental …), or {@code null}
 * @param kind        {@code detection} or {@code correlation}
 * @param tags        the Sigma tags
 * @param attack      ATT&amp;CK references from the tags, with links
 * @param correlation for correlations: type, rules, group-by, timespan, condition; else {@code null}
 * @param logsource   the log source, or an empty map
 * @param origin      the file, e.g. {@code builtin:linux/ssh_brute_force.yml} or {@code rules/my.yml}
 * @param line        the 1-based line where the document starts
 * @param builtIn     whether it is in the built-in pack (read-only)
 * @param enabled     whether it runs (not disabled in the console)
 * @param usedBy      ids of the correlations that refer to it
 */
public record RuleInfo(String id, String name, String title, String description, String level, String status, String kind,
                       List<String> tags, List<AttackTags.Reference> attack, Map<String, Object> correlation,
                       Map<String, Object> logsource, String origin, int line, @JsonProperty("built_in") boolean builtIn, boolean enabled,
                       @JsonProperty("used_by") List<String> usedBy) {

    /** Whether {@code key} is this rule's id or name. */
    public boolean isCalled(String key) {
        return key != null && (key.equals(id) || key.equals(name));
    }

    RuleInfo withEnabled(boolean e) {
        return new RuleInfo(id, name, title, description, level, status, kind, tags, attack, correlation, logsource, origin,
                line, builtIn, e, usedBy);
    }

    RuleInfo withUsedBy(List<String> users) {
        return new RuleInfo(id, name, title, description, level, status, kind, tags, attack, correlation, logsource, origin,
                line, builtIn, enabled, List.copyOf(users));
    }
}
