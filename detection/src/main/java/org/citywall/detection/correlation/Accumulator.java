package org.citywall.detection.correlation;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The aggregate of a set of observations: count, distinct values, sum, rules seen, the ordered
 * progress through the rule list, and bounded samples of event ids and reported values.
 */
final class Accumulator implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Distinct values tracked exactly up to this many; beyond, the distinct count is a lower bound. */
    static final int MAX_DISTINCT = 100_000;

    long count;
    long firstSeen = Long.MAX_VALUE;
    long lastSeen = Long.MIN_VALUE;
    double sum;
    long numeric;
    final HashMap<String, Long> distinct = new HashMap<>();
    final BitSet rules = new BitSet();
    int orderedProgress;
    final List<String> eventIds = new ArrayList<>();
    final LinkedHashMap<String, LinkedHashSet<Object>> reported = new LinkedHashMap<>();

    void add(Observation o, CorrelationSettings s) {
        count++;
        firstSeen = Math.min(firstSeen, o.time());
        lastSeen = Math.max(lastSeen, o.time());
        rules.set(o.rulePosition());
        if (o.rulePosition() == orderedProgress) {
            orderedProgress++; // observations arrive in processing order, so a greedy scan finds the sequence
        }
        Object v = o.value();
        if (v != null) {
            String key = v.toString();
            if (distinct.size() < MAX_DISTINCT || distinct.containsKey(key)) {
                distinct.merge(key, 1L, Long::sum);
            }
            Double d = v instanceof Number n ? Double.valueOf(n.doubleValue()) : parse(key);
            if (d != null) {
                sum += d;
                numeric++;
            }
        }
        if (o.eventId() != null && eventIds.size() < s.maxEventIds()) {
            eventIds.add(o.eventId());
        }
        for (Map.Entry<String, Object> e : o.report().entrySet()) {
            LinkedHashSet<Object> set = reported.computeIfAbsent(e.getKey(), k -> new LinkedHashSet<>());
            if (set.size() < s.maxValues()) {
                set.add(e.getValue());
            }
        }
    }

    private static Double parse(String s) {
        try {
            return Double.valueOf(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The number the condition compares, for the types whose aggregate is one number. */
    double aggregate(CorrelationType type) {
        return switch (type) {
            case EVENT_COUNT -> count;
            case VALUE_COUNT -> distinct.size();
            case VALUE_SUM -> sum;
            case VALUE_AVG -> numeric == 0 ? Double.NaN : sum / numeric;
            case TEMPORAL -> rules.cardinality();
            case TEMPORAL_ORDERED -> orderedProgress;
            case VALUE_PERCENTILE -> Double.NaN;
        };
    }

    /**
     * value_percentile: the values whose share of the events (in percent) satisfies the condition,
     * e.g. {@code lte: 1} finds values seen in at most 1% of the group's events.
     */
    List<String> valuesByShare(CorrelationCondition condition) {
        List<String> out = new ArrayList<>();
        long total = distinct.values().stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            return out;
        }
        distinct.entrySet().stream()
                .filter(e -> condition.test(100.0 * e.getValue() / total))
                .map(Map.Entry::getKey)
                .sorted()
                .forEach(out::add);
        return out;
    }
}
