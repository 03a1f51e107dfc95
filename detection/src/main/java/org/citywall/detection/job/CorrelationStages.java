package org.citywall.detection.job;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.citywall.detection.correlation.CorrelationRule;
import org.citywall.detection.sigma.RuleSet;

/**
 * Which correlation stage of the job evaluates a correlation rule: its depth, 1 for a correlation
 * over detection rules, 1 + the deepest referenced correlation otherwise. Every input of a
 * correlation (detection matches and results of shallower correlations alike) is routed to that
 * one stage, so they meet in one keyed state.
 */
final class CorrelationStages {
    private final Map<String, CorrelationRule> byId = new HashMap<>();
    private final Map<String, Integer> depth = new HashMap<>();

    CorrelationStages(RuleSet rules) {
        for (CorrelationRule c : rules.correlations()) {
            byId.put(c.id(), c);
            if (c.name() != null) {
                byId.putIfAbsent(c.name(), c);
            }
        }
    }

    /** The stage of correlation {@code id}; 1 for unknown ids. */
    int of(String id) {
        return depth(id, new HashSet<>());
    }

    private int depth(String id, Set<String> visiting) {
        Integer known = depth.get(id);
        if (known != null) {
            return known;
        }
        CorrelationRule c = byId.get(id);
        if (c == null || !visiting.add(id)) {
            return 0; // a detection rule (or a cycle, which the loader rejects)
        }
        int d = 1;
        for (String ref : c.references().keySet()) {
            if (byId.containsKey(ref)) {
                d = Math.max(d, 1 + depth(ref, visiting));
            }
        }
        visiting.remove(id);
        depth.put(id, d);
        return d;
    }
}
