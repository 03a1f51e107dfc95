package org.citywall.detection.correlation;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.citywall.event.Ecs;
import org.citywall.event.Event;

/**
 * A Sigma correlation rule, resolved against the rules it refers to: for each referenced rule the
 * event fields that hold its group-by values (after aliases and field mapping), the field the
 * condition aggregates, and the fields reported in alerts. Immutable and serialisable.
 */
public final class CorrelationRule implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * How events matched by one referenced rule feed this correlation.
     *
     * @param ruleId       the referenced rule (detection or correlation) by its id
     * @param groupFields  event fields holding the group-by values, in {@link #groupBy()} order
     * @param valueField   event field the condition aggregates, or {@code null}
     * @param reportFields event fields whose distinct values the alert lists, by reported name
     */
    public record Reference(String ruleId, List<String> groupFields, String valueField,
                            Map<String, String> reportFields) implements Serializable {
        public Reference {
            groupFields = List.copyOf(groupFields);
            reportFields = Map.copyOf(reportFields);
        }
    }

    private final String id;
    private final String name;
    private final String title;
    private final String level;
    private final List<String> tags;
    private final List<String> tactics;
    private final List<String> techniques;
    private final CorrelationType type;
    private final List<String> groupBy;
    private final long timespanMillis;
    private final CorrelationCondition condition;
    private final boolean generate;
    private final String origin;
    private final Map<String, Reference> references;

    /**
     * @param condition may be {@code null} for temporal types, meaning all referenced rules must match
     */
    public CorrelationRule(String id, String name, String title, String level, List<String> tags, List<String> tactics,
                           List<String> techniques, CorrelationType type, List<String> groupBy, long timespanMillis,
                           CorrelationCondition condition, boolean generate, String origin, List<Reference> references) {
        this.id = id;
        this.name = name;
        this.title = title;
        this.level = level;
        this.tags = List.copyOf(tags);
        this.tactics = List.copyOf(tactics);
        this.techniques = List.copyOf(techniques);
        this.type = type;
        this.groupBy = List.copyOf(groupBy);
        this.timespanMillis = timespanMillis;
        this.condition = condition;
        this.generate = generate;
        this.origin = origin;
        Map<String, Reference> refs = new LinkedHashMap<>();
        for (Reference r : references) {
            refs.put(r.ruleId(), r);
        }
        this.references = java.util.Collections.unmodifiableMap(refs);
        if (timespanMillis <= 0) {
            throw new IllegalArgumentException("timespan must be positive");
        }
    }

    /**
     * The group a match of {@code ruleId} on {@code event} counts in, or {@code null} when the rule is
     * not referenced here or the event lacks a group-by field (such events cannot be grouped and are
     * not counted, as a SIEM's {@code by} clause drops them).
     */
    public GroupKey keyFor(String ruleId, Event event) {
        Reference ref = references.get(ruleId);
        if (ref == null) {
            return null;
        }
        List<String> values = new ArrayList<>(groupBy.size());
        for (String f : ref.groupFields()) {
            Object v = event.get(f);
            if (v == null) {
                return null;
            }
            values.add(v.toString());
        }
        return new GroupKey(event.getString(Ecs.CITYWALL_DOMAIN), groupBy, values);
    }

    /**
     * The part of an event this correlation reads for a match of {@code ruleId}: its id, time and
     * domain, the group-by fields, the aggregated field and the reported fields. Shipping this
     * instead of the whole event keeps network transfer and keyed state small; a
     * {@link CorrelationState} fed with it behaves exactly as one fed with the whole event.
     */
    public Event projection(String ruleId, Event event) {
        Event out = new Event();
        out.put(Ecs.EVENT_ID, event.get(Ecs.EVENT_ID));
        out.put(Ecs.TIMESTAMP, event.get(Ecs.TIMESTAMP));
        out.put(Ecs.CITYWALL_DOMAIN, event.get(Ecs.CITYWALL_DOMAIN));
        Reference ref = references.get(ruleId);
        if (ref != null) {
            ref.groupFields().forEach(f -> out.put(f, event.get(f)));
            if (ref.valueField() != null) {
                out.put(ref.valueField(), event.get(ref.valueField()));
            }
            ref.reportFields().values().forEach(f -> out.put(f, event.get(f)));
        }
        return out;
    }

    /** Position of a referenced rule in {@code rules} (the order temporal_ordered requires), or -1. */
    public int positionOf(String ruleId) {
        int i = 0;
        for (String r : references.keySet()) {
            if (r.equals(ruleId)) {
                return i;
            }
            i++;
        }
        return -1;
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String title() {
        return title;
    }

    public String level() {
        return level;
    }

    public List<String> tags() {
        return tags;
    }

    public List<String> tactics() {
        return tactics;
    }

    public List<String> techniques() {
        return techniques;
    }

    public CorrelationType type() {
        return type;
    }

    /** The group-by names as written (aliases or field names). */
    public List<String> groupBy() {
        return groupBy;
    }

    public long timespanMillis() {
        return timespanMillis;
    }

    /** The condition, or {@code null} for a temporal correlation without one (all rules must match). */
    public CorrelationCondition condition() {
        return condition;
    }

    /** Whether the referenced rules also alert on their own (Sigma {@code generate}). */
    public boolean generate() {
        return generate;
    }

    public String origin() {
        return origin;
    }

    /** The referenced rules, in the order the rule lists them. */
    public Map<String, Reference> references() {
        return references;
    }

    Reference reference(String ruleId) {
        return references.get(ruleId);
    }

    @Override
    public String toString() {
        return "CorrelationRule[" + id + " " + type.yamlName() + " " + title + "]";
    }
}
