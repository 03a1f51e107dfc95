package org.citywall.detection.sigma;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.citywall.detection.correlation.CorrelationInput;
import org.citywall.detection.correlation.CorrelationResult;
import org.citywall.detection.correlation.CorrelationRule;
import org.citywall.detection.correlation.GroupKey;
import org.citywall.event.Event;

/**
 * An immutable, versioned, compiled set of Sigma detection and correlation rules, with the index
 * that picks the few rules worth evaluating for each event. Build one with {@link #builder()}; the
 * whole set is validated when built (rejections are listed in {@link #rejections()}), so a job can
 * check a new set before it replaces the running one. Thread-safe and serialisable (for Flink
 * broadcast state).
 */
public final class RuleSet implements Serializable {
    private static final long serialVersionUID = 1L;
    /**
     * How deep correlations of correlations may chain (a correlation over rules is depth 1, one over
     * that correlation depth 2); the detection job runs one correlation stage per level. Deeper
     * correlations are rejected when the rules load.
     */
    public static final int MAX_CORRELATION_DEPTH = 3;

    private final String version;
    private final List<SigmaRule> rules;
    private final boolean[] alerting;
    private final List<CorrelationRule> correlations;
    private final Set<String> alertingCorrelations;
    private final Map<String, List<CorrelationRule>> consumers;
    private final List<Rejection> rejections;
    private final RuleIndex index;
    private final Set<String> objectFields;

    RuleSet(String version, List<SigmaRule> rules, boolean[] alerting, List<CorrelationRule> correlations,
            Set<String> alertingCorrelations, List<Rejection> rejections) {
        this.version = version;
        this.rules = List.copyOf(rules);
        this.alerting = alerting.clone();
        this.correlations = List.copyOf(correlations);
        this.alertingCorrelations = Set.copyOf(alertingCorrelations);
        this.rejections = List.copyOf(rejections);
        Map<String, List<CorrelationRule>> c = new HashMap<>();
        for (CorrelationRule cr : correlations) {
            for (String ref : cr.references().keySet()) {
                c.computeIfAbsent(ref, k -> new ArrayList<>()).add(cr);
            }
        }
        c.replaceAll((k, v) -> List.copyOf(v));
        this.consumers = Map.copyOf(c);
        this.index = new RuleIndex(this.rules);
        Set<String> objects = new java.util.HashSet<>();
        this.rules.forEach(r -> objects.addAll(r.objectFields));
        this.objectFields = Set.copyOf(objects);
    }

    /** A builder reading rules through the built-in {@link ProcessingPipeline#citywall()} pipeline. */
    /** Regex searches stopped by their step budget since this JVM started (a catastrophic pattern on a value; no match). */
    public static long regexSearchesStopped() {
        return RegexBudget.exceeded();
    }

    public static RuleSetBuilder builder() {
        return new RuleSetBuilder(ProcessingPipeline.citywall());
    }

    public static RuleSetBuilder builder(ProcessingPipeline pipeline) {
        return new RuleSetBuilder(pipeline);
    }

    /**
     * The detection rules matching the event, in rule order. Each {@link RuleMatch} says whether it is
     * an alert on its own or only feeds correlations; feed all of them to {@link #correlationInputs}.
     */
    public List<RuleMatch> match(Event event) {
        EvalContext ctx = context(event);
        BitSet candidates = index.candidates(ctx);
        List<RuleMatch> out = List.of();
        for (int i = candidates.nextSetBit(0); i >= 0; i = candidates.nextSetBit(i + 1)) {
            SigmaRule r = rules.get(i);
            Map<String, Object> matched = r.explain(ctx);
            if (matched != null) {
                if (out.isEmpty()) {
                    out = new ArrayList<>(2);
                }
                out.add(r.toMatch(matched, alerting[i]));
            }
        }
        return out;
    }

    /** How many rules the index selected for an event (for benchmarks and diagnostics). */
    public int candidateCount(Event event) {
        return index.candidates(context(event)).cardinality();
    }

    EvalContext context(Event event) {
        return new EvalContext(event, objectFields);
    }

    /**
     * Where a match goes next: one input per correlation that refers to the matched rule and can
     * group the event (events lacking a group-by field or a timestamp are not counted).
     */
    public List<CorrelationInput> correlationInputs(RuleMatch match, Event event) {
        return inputs(match.ruleId(), event);
    }

    /** Where a fired correlation goes next, for correlations over correlations (only first emissions count). */
    public List<CorrelationInput> correlationInputs(CorrelationResult result) {
        if (!result.first()) {
            return List.of();
        }
        return inputs(result.ruleId(), result.asEvent());
    }

    private List<CorrelationInput> inputs(String ruleId, Event event) {
        List<CorrelationRule> cs = consumers.get(ruleId);
        if (cs == null) {
            return List.of();
        }
        Long time = CorrelationInput.eventTime(event);
        if (time == null) {
            return List.of();
        }
        List<CorrelationInput> out = new ArrayList<>(cs.size());
        for (CorrelationRule c : cs) {
            GroupKey key = c.keyFor(ruleId, event);
            if (key != null) {
                out.add(new CorrelationInput(c, ruleId, key, time));
            }
        }
        return out;
    }

    /** Whether results of this correlation are alerts (false when it only feeds another correlation). */
    public boolean isAlerting(CorrelationResult result) {
        return alertingCorrelations.contains(result.ruleId());
    }

    /**
     * Whether a rule's matches (detection rule) or results (correlation) are alerts on their own;
     * false for rules that only feed correlations, and for ids not in this set.
     */
    public boolean isAlerting(String ruleId) {
        if (alertingCorrelations.contains(ruleId)) {
            return true;
        }
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).id().equals(ruleId)) {
                return alerting[i];
            }
        }
        return false;
    }

    /** The version label given when the set was built. */
    public String version() {
        return version;
    }

    public List<SigmaRule> rules() {
        return rules;
    }

    public List<CorrelationRule> correlations() {
        return correlations;
    }

    /** Every rule or file that was not loaded, with file, line and reason. */
    public List<Rejection> rejections() {
        return rejections;
    }

    /** A rule by id, or {@code null}. */
    public SigmaRule rule(String id) {
        return rules.stream().filter(r -> r.id().equals(id)).findFirst().orElse(null);
    }

    /** A correlation rule by id, or {@code null}. */
    public CorrelationRule correlation(String id) {
        return correlations.stream().filter(r -> r.id().equals(id)).findFirst().orElse(null);
    }

    /** How many rules have a literal prefilter (the rest are evaluated for every event of their datasets). */
    public int indexedRuleCount() {
        return index.stats().indexed();
    }

    @Override
    public String toString() {
        return "RuleSet[" + version + ": " + rules.size() + " rules, " + correlations.size() + " correlations, "
                + rejections.size() + " rejected]";
    }
}
