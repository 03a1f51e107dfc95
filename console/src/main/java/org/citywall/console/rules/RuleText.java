package org.citywall.console.rules;

import java.util.Objects;

/**
 * The text of one rule file as the detection job would read it.
 *
 * @param origin names the file in problems, e.g. {@code builtin:linux/ssh_brute_force.yml} or {@code rules/my.yml}
 * @param yaml   one or more Sigma YAML documents
 */
public record RuleText(String origin, String yaml) {
    public RuleText {
        Objects.requireNonNull(origin);
        Objects.requireNonNull(yaml);
    }
}
