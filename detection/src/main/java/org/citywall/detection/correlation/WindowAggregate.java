package org.citywall.detection.correlation;

import java.util.HashMap;

/**
 * A sliding window's aggregate kept up to date as observations enter and leave it, so that judging
 * the window after each event costs O(1) instead of a pass over the window. It answers only the
 * question a sliding window asks ("may the lower-bound condition hold now?"), with a number that is
 * never below the exact one: the event count, the distinct values, the sum (with a margin for the
 * rounding that adding and removing doubles accumulates), or the distinct referenced rules (which
 * bounds ordered progress from above). When it says yes, the caller computes the exact
 * {@link Accumulator} once, and that decides.
 */
final class WindowAggregate {
    /** Relative margin on sums: far above the rounding of the few thousand additions between rebuilds. */
    private static final double SUM_MARGIN = 1e-9;

    private long count;
    private double sum;
    private double magnitude;
    private final HashMap<String, int[]> distinct = new HashMap<>();
    private int[] perRule = new int[4];
    private int rulesSeen;

    WindowAggregate copy() {
        WindowAggregate c = new WindowAggregate();
        c.count = count;
        c.sum = sum;
        c.magnitude = magnitude;
        distinct.forEach((k, v) -> c.distinct.put(k, v.clone()));
        c.perRule = perRule.clone();
        c.rulesSeen = rulesSeen;
        return c;
    }

    void add(Observation o) {
        count++;
        Object v = o.value();
        if (v != null) {
            distinct.computeIfAbsent(v.toString(), k -> new int[1])[0]++;
            double d = Accumulator.numeric(v);
            if (!Double.isNaN(d)) {
                sum += d;
                magnitude += Math.abs(d);
            }
        }
        int r = o.rulePosition();
        if (r >= 0) {
            if (r >= perRule.length) {
                perRule = java.util.Arrays.copyOf(perRule, Math.max(r + 1, perRule.length * 2));
            }
            if (perRule[r]++ == 0) {
                rulesSeen++;
            }
        }
    }

    void remove(Observation o) {
        count--;
        Object v = o.value();
        if (v != null) {
            String key = v.toString();
            int[] c = distinct.get(key);
            if (c != null && --c[0] == 0) {
                distinct.remove(key);
            }
            double d = Accumulator.numeric(v);
            if (!Double.isNaN(d)) {
                sum -= d;
                magnitude -= Math.abs(d);
            }
        }
        int r = o.rulePosition();
        if (r >= 0 && r < perRule.length && --perRule[r] == 0) {
            rulesSeen--;
        }
    }

    /** A number at least the exact aggregate of the window, for the types a sliding window judges. */
    double upperBound(CorrelationType type) {
        return switch (type) {
            case EVENT_COUNT -> count;
            case VALUE_COUNT -> distinct.size();
            case VALUE_SUM -> sum + SUM_MARGIN * (Math.abs(magnitude) + 1);
            case TEMPORAL, TEMPORAL_ORDERED -> rulesSeen;
            case VALUE_AVG, VALUE_PERCENTILE -> throw new IllegalArgumentException(type + " is judged on complete windows");
        };
    }

    long count() {
        return count;
    }
}
