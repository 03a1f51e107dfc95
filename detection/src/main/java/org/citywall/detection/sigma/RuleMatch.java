package org.citywall.detection.sigma;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * One rule that matched one event.
 *
 * @param ruleId     the rule's {@code id} (or {@code name} when it has none)
 * @param title      the rule's title
 * @param level      informational, low, medium, high or critical
 * @param tags       the rule's tags as written
 * @param tactics    ATT&amp;CK tactics from the tags, e.g. {@code credential-access}
 * @param techniques ATT&amp;CK technique ids from the tags, e.g. {@code T1110.001}
 * @param matched    event fields (ECS names) and values of the selections that made the rule fire
 * @param alerting   whether this match is an alert on its own; false for a rule that only feeds
 *                   correlations (Sigma's {@code generate: false}, the default)
 */
public record RuleMatch(String ruleId, String title, String level, List<String> tags, List<String> tactics,
                        List<String> techniques, Map<String, Object> matched, boolean alerting) implements Serializable {

    public RuleMatch {
        tags = List.copyOf(tags);
        tactics = List.copyOf(tactics);
        techniques = List.copyOf(techniques);
        matched = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(matched));
    }
}
