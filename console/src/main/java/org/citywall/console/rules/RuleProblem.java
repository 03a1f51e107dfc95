package org.citywall.console.rules;

/**
 * Why a rule document would not load.
 *
 * @param origin  the file it is in ({@link RuleText#origin()})
 * @param line    1-based line of the offending item, 0 when unknown
 * @param rule    the rule's id, name or title when known, else {@code null}
 * @param message what is wrong, in words an analyst can act on
 */
public record RuleProblem(String origin, int line, String rule, String message) {
}
