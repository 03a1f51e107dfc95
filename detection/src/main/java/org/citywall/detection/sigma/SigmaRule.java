package org.citywall.detection.sigma;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.citywall.event.Event;

/**
 * A Sigma detection rule, loaded and compiled for CityWall's events: its metadata, the datasets
 * its log source maps to, and its compiled detection. Immutable and serialisable.
 */
public final class SigmaRule implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String id;
    private final String name;
    private final String title;
    private final String level;
    private final String status;
    private final List<String> tags;
    private final Map<String, String> logsource;
    private final String origin;
    final List<String> datasets;
    final List<FieldTest> logsourceTests;
    final Detection detection;
    final java.util.Set<String> objectFields;

    SigmaRule(RuleHeader header, List<String> datasets, List<FieldTest> logsourceTests, Detection detection,
              java.util.Set<String> objectFields) {
        this.objectFields = java.util.Set.copyOf(objectFields);
        this.id = header.id();
        this.name = header.name();
        this.title = header.title();
        this.level = header.level();
        this.status = header.status();
        this.tags = header.tags();
        this.logsource = header.logsource();
        this.origin = header.origin();
        this.datasets = List.copyOf(datasets);
        this.logsourceTests = List.copyOf(logsourceTests);
        this.detection = detection;
    }

    /** The rule's {@code id}, or its {@code name} when it has no id. */
    public String id() {
        return id;
    }

    /** The rule's {@code name} (used by correlation rules), or {@code null}. */
    public String name() {
        return name;
    }

    public String title() {
        return title;
    }

    /** informational, low, medium, high or critical ({@code medium} when the rule gives none). */
    public String level() {
        return level;
    }

    public String status() {
        return status;
    }

    public List<String> tags() {
        return tags;
    }

    // read from the tags once: every match carries them (immutable lists, so a racing first read is harmless)
    private transient List<String> tactics;
    private transient List<String> techniques;

    public List<String> tactics() {
        List<String> t = tactics;
        if (t == null) {
            t = AttackTags.tactics(tags);
            tactics = t;
        }
        return t;
    }

    public List<String> techniques() {
        List<String> t = techniques;
        if (t == null) {
            t = AttackTags.techniques(tags);
            techniques = t;
        }
        return t;
    }

    /** category, product and service as the rule states them. */
    public Map<String, String> logsource() {
        return logsource;
    }

    /** {@code file:line} where the rule was defined. */
    public String origin() {
        return origin;
    }

    /** The {@code event.dataset} values this rule applies to. */
    public List<String> datasets() {
        return datasets;
    }

    /** Whether this rule matches the event (dataset, log source conditions and detection). */
    public boolean matches(Event event) {
        return explain(new EvalContext(event, objectFields)) != null;
    }

    /** The matched fields, or {@code null} when the rule does not match. */
    Map<String, Object> explain(EvalContext ctx) {
        if (!datasets.contains(ctx.dataset())) {
            return null;
        }
        for (FieldTest t : logsourceTests) {
            if (!t.test(ctx)) {
                return null;
            }
        }
        return detection.matchAndExplain(ctx);
    }

    RuleMatch toMatch(Map<String, Object> matched, boolean alerting) {
        return new RuleMatch(id, title, level, tags, tactics(), techniques(), matched, alerting);
    }

    @Override
    public String toString() {
        return "SigmaRule[" + id + " " + title + "]";
    }
}
