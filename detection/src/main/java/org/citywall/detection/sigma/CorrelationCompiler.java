package org.citywall.detection.sigma;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.citywall.detection.correlation.CorrelationCondition;
import org.citywall.detection.correlation.CorrelationRule;
import org.citywall.detection.correlation.CorrelationState;
import org.citywall.detection.correlation.CorrelationType;

/**
 * Compiles correlation documents against the rules they refer to: group-by names (through
 * aliases) and the condition's field become event fields per referenced rule, using that rule's
 * field mapping; a referenced correlation provides its group-by values under their names.
 */
final class CorrelationCompiler {
    private static final Pattern TIMESPAN = Pattern.compile("(\\d{1,9})([smhdw])");

    /** What a correlation may refer to: a compiled detection rule or an already compiled correlation. */
    record Target(String id, String name, RuleCompiler.Compiled detection, CorrelationRule correlation) {}

    /** Rule ids or names the document refers to, as written. */
    @SuppressWarnings("unchecked")
    static List<String> references(YamlDocument doc) {
        Map<String, Object> c = (Map<String, Object>) doc.map().get("correlation");
        List<String> out = new ArrayList<>();
        if (c != null && c.get("rules") instanceof List<?> l) {
            l.forEach(r -> out.add(String.valueOf(r)));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static CorrelationRule compile(YamlDocument doc, RuleHeader header, Map<String, Target> targets) throws RuleException {
        Map<String, Object> m = doc.map();
        Map<String, Object> c = (Map<String, Object>) m.get("correlation");
        CorrelationType type = CorrelationType.of(String.valueOf(c.get("type")));
        if (type == null) {
            throw new RuleException("correlation/type", "unknown correlation type '" + c.get("type") + "'");
        }
        long timespan = timespan(String.valueOf(c.get("timespan")));
        List<String> groupBy = new ArrayList<>();
        if (c.get("group-by") instanceof List<?> l) {
            l.forEach(g -> groupBy.add(String.valueOf(g)));
        }
        Map<String, Map<String, String>> aliases = new LinkedHashMap<>();
        if (c.get("aliases") instanceof Map<?, ?> al) {
            for (Map.Entry<?, ?> e : al.entrySet()) {
                if (!(e.getValue() instanceof Map<?, ?> per)) {
                    throw new RuleException("correlation/aliases/" + e.getKey(), "an alias maps rule names to fields");
                }
                Map<String, String> p = new LinkedHashMap<>();
                per.forEach((k, v) -> p.put(String.valueOf(k), String.valueOf(v)));
                aliases.put(String.valueOf(e.getKey()), p);
            }
        }
        CorrelationCondition condition = null;
        String valueName = null;
        if (c.get("condition") instanceof Map<?, ?> cm) {
            Map<String, Number> bounds = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : cm.entrySet()) {
                String k = String.valueOf(e.getKey());
                if (k.equals("field")) {
                    if (!(e.getValue() instanceof String f)) {
                        throw new RuleException("correlation/condition/field", "only a single 'field' is supported");
                    }
                    valueName = f;
                } else if (e.getValue() instanceof Number n) {
                    bounds.put(k, n);
                } else {
                    throw new RuleException("correlation/condition/" + k, "'" + k + "' needs a number");
                }
            }
            try {
                condition = new CorrelationCondition(bounds);
            } catch (IllegalArgumentException e) {
                throw new RuleException("correlation/condition", e.getMessage());
            }
        } else if (c.get("condition") != null) {
            throw new RuleException("correlation/condition", "the condition must be a map such as {gte: 5}");
        }
        if (type == CorrelationType.EVENT_COUNT && condition != null && condition.onlyLowerBounds()) {
            double needed = 0;
            for (Map.Entry<String, Double> b : condition.bounds().entrySet()) {
                needed = Math.max(needed, b.getKey().equals("gt") ? Math.floor(b.getValue()) + 1 : Math.ceil(b.getValue()));
            }
            if (needed > CorrelationState.MAX_WINDOW) {
                // a window keeps at most MAX_WINDOW events per group, dropping the oldest: the count could never be reached
                throw new RuleException("correlation/condition", "event_count needs more than " + CorrelationState.MAX_WINDOW
                        + " events in one window, the most a window keeps per group (" + (long) needed
                        + " asked), so it could never fire");
            }
        }
        if (condition == null && !(type == CorrelationType.TEMPORAL || type == CorrelationType.TEMPORAL_ORDERED)) {
            throw new RuleException("correlation", type.yamlName() + " needs a condition");
        }
        if (type.needsField() && valueName == null) {
            throw new RuleException("correlation/condition", type.yamlName() + " needs 'field' in its condition");
        }
        if (!type.needsField() && valueName != null) {
            throw new RuleException("correlation/condition/field", type.yamlName() + " takes no 'field'");
        }
        List<String> report = new ArrayList<>();
        if (m.get("fields") instanceof List<?> fl) {
            fl.forEach(f -> report.add(String.valueOf(f)));
        }
        if (valueName != null && !report.contains(valueName)) {
            report.add(valueName);
        }
        boolean ecs = "ecs".equalsIgnoreCase(header.taxonomy());
        List<CorrelationRule.Reference> refs = new ArrayList<>();
        List<String> ruleRefs = references(doc);
        Set<String> seen = new LinkedHashSet<>();
        List<String> tags = new ArrayList<>(header.tags());
        String level = m.get("level") == null ? null : header.level();
        for (String ref : ruleRefs) {
            Target t = targets.get(ref);
            if (t == null) {
                throw new RuleException("correlation/rules", "refers to rule '" + ref + "', which is not loaded");
            }
            if (!seen.add(t.id())) {
                throw new RuleException("correlation/rules", "refers to rule '" + ref + "' twice");
            }
            List<String> groupFields = new ArrayList<>();
            for (String g : groupBy) {
                groupFields.add(field(g, t, aliases, ecs));
            }
            Map<String, String> reportFields = new LinkedHashMap<>();
            for (String r : report) {
                try {
                    reportFields.put(r, field(r, t, aliases, ecs));
                } catch (RuleException e) {
                    if (r.equals(valueName)) {
                        throw e;
                    }
                    // a reported field is informative: a rule lacking it simply reports nothing for it
                }
            }
            String valueField = valueName == null ? null : field(valueName, t, aliases, ecs);
            refs.add(new CorrelationRule.Reference(t.id(), groupFields, valueField, reportFields));
            if (header.tags().isEmpty()) {
                List<String> inherited = t.detection() != null ? t.detection().rule().tags() : t.correlation().tags();
                inherited.stream().filter(x -> !tags.contains(x)).forEach(tags::add);
            }
            if (m.get("level") == null) {
                String l = t.detection() != null ? t.detection().rule().level() : t.correlation().level();
                level = higher(level, l);
            }
        }
        boolean generate = Boolean.TRUE.equals(c.get("generate"));
        return new CorrelationRule(header.id(), header.name(), header.title(), level == null ? "medium" : level, tags,
                AttackTags.tactics(tags), AttackTags.techniques(tags), type, groupBy, timespan, condition, generate,
                header.origin(), refs);
    }

    private static String field(String name, Target t, Map<String, Map<String, String>> aliases, boolean ecs)
            throws RuleException {
        String written = name;
        Map<String, String> alias = aliases.get(name);
        if (alias != null) {
            written = alias.get(t.name() == null ? t.id() : t.name());
            if (written == null) {
                written = alias.get(t.id());
            }
            if (written == null) {
                throw new RuleException("correlation/aliases/" + name, "alias '" + name + "' names no field for rule '"
                        + (t.name() == null ? t.id() : t.name()) + "'");
            }
        }
        if (t.correlation() != null) {
            if (!t.correlation().groupBy().contains(written)) {
                throw new RuleException("correlation/group-by", "'" + written + "' is not a group-by field of the referenced correlation '"
                        + t.id() + "', so its results do not carry it");
            }
            return written;
        }
        if (ecs) {
            return written;
        }
        return t.detection().resolver().resolve(written, "correlation/group-by")[0];
    }

    static long timespan(String s) throws RuleException {
        Matcher m = TIMESPAN.matcher(s);
        if (!m.matches()) {
            throw new RuleException("correlation/timespan", "timespan '" + s + "' must be a number and s, m, h, d or w (e.g. 90m)");
        }
        long n = Long.parseLong(m.group(1));
        long unit = switch (m.group(2)) {
            case "s" -> 1_000L;
            case "m" -> 60_000L;
            case "h" -> 3_600_000L;
            case "d" -> 86_400_000L;
            default -> 604_800_000L;
        };
        if (n == 0) {
            throw new RuleException("correlation/timespan", "timespan must be positive");
        }
        return n * unit;
    }

    private static final List<String> LEVELS = List.of("informational", "low", "medium", "high", "critical");

    private static String higher(String a, String b) {
        if (a == null) {
            return b;
        }
        return LEVELS.indexOf(b) > LEVELS.indexOf(a) ? b : a;
    }
}
