package org.citywall.detection.sigma;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Messages for the obsolete Sigma v1 aggregation syntax, each saying how to write the same
 * detection as a v2 correlation rule. These rules are rejected, never approximated.
 */
final class V1Syntax {
    private V1Syntax() {}

    private static final Pattern AGG = Pattern.compile(
            "\\|\\s*(count|sum|min|max|avg)\\s*\\(\\s*([^)]*?)\\s*\\)\\s*(?:by\\s+([\\w.\\-]+(?:\\s*,\\s*[\\w.\\-]+)*))?\\s*(>=|<=|>|<|==|=|!=)\\s*(\\d+)",
            Pattern.CASE_INSENSITIVE);

    private static final Pattern NEAR = Pattern.compile("(?i)(^|[\\s|(])near\\s");

    /** True for a condition using v1 aggregation ({@code |}) or {@code near}. */
    static boolean isV1(String condition) {
        return condition.indexOf('|') >= 0 || NEAR.matcher(condition).find();
    }

    /** The message for a v1 condition: {@code near} first, as it is the more specific. */
    static String message(String condition) {
        return NEAR.matcher(condition).find() ? nearMessage(condition) : aggregationMessage(condition);
    }

    static String aggregationMessage(String condition) {
        Matcher m = AGG.matcher(condition);
        if (!m.find()) {
            return "the v1 aggregation syntax ('" + condition.trim() + "') is not supported: write the base "
                    + "detection as its own rule with a 'name', and the aggregation as a Sigma v2 correlation rule "
                    + "(correlation: {type: event_count|value_count|value_sum, rules: [name], group-by: [...], "
                    + "timespan: ..., condition: {gte: N}})";
        }
        String fn = m.group(1).toLowerCase(java.util.Locale.ROOT);
        String field = m.group(2);
        String by = m.group(3);
        String op = switch (m.group(4)) {
            case ">" -> "gt";
            case ">=" -> "gte";
            case "<" -> "lt";
            case "<=" -> "lte";
            case "!=" -> "neq";
            default -> "eq";
        };
        String type = switch (fn) {
            case "count" -> field.isEmpty() ? "event_count" : "value_count";
            case "sum" -> "value_sum";
            case "avg" -> "value_avg";
            default -> null;
        };
        if (type == null) {
            return "the v1 aggregation '" + fn + "()' has no Sigma v2 correlation equivalent; rewrite the rule";
        }
        StringBuilder sb = new StringBuilder("the v1 aggregation '")
                .append(m.group().substring(1).trim())
                .append("' is not supported: give the base detection a 'name' and add a Sigma v2 correlation rule: "
                        + "correlation: {type: ")
                .append(type).append(", rules: [<name>], group-by: [")
                .append(by == null ? "" : by.replaceAll("\\s+", ""))
                .append("], timespan: <the old timeframe>, condition: {");
        if (!field.isEmpty()) {
            sb.append("field: ").append(field).append(", ");
        }
        return sb.append(op).append(": ").append(m.group(5)).append("}}").toString();
    }

    static String nearMessage(String condition) {
        return "the v1 'near' operator ('" + condition.trim() + "') is not supported: write each side as its own "
                + "named rule and correlate them with a Sigma v2 correlation rule "
                + "(correlation: {type: temporal, rules: [<a>, <b>], group-by: [...], timespan: <the old timeframe>}), "
                + "or temporal_ordered when the order matters";
    }

    static String timeframeMessage() {
        return "'detection.timeframe' is v1 syntax: move the aggregation into a Sigma v2 correlation rule and "
                + "write the timeframe as its 'timespan'";
    }
}
