package org.citywall.detection.correlation;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A correlation's {@code condition}: one or more comparisons (gt, gte, lt, lte, eq, neq) that must
 * all hold for the aggregate (count, distinct count, sum, average or share).
 */
public final class CorrelationCondition implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Map<String, Double> bounds;

    /**
     * @param bounds operator to threshold, e.g. {@code {gte: 5}}
     * @throws IllegalArgumentException for an unknown operator or no operator at all
     */
    public CorrelationCondition(Map<String, ? extends Number> bounds) {
        if (bounds.isEmpty()) {
            throw new IllegalArgumentException("a correlation condition needs one of gt, gte, lt, lte, eq, neq");
        }
        Map<String, Double> b = new LinkedHashMap<>();
        for (Map.Entry<String, ? extends Number> e : bounds.entrySet()) {
            if (!java.util.List.of("gt", "gte", "lt", "lte", "eq", "neq").contains(e.getKey())) {
                throw new IllegalArgumentException("unknown correlation condition '" + e.getKey() + "'");
            }
            b.put(e.getKey(), e.getValue().doubleValue());
        }
        this.bounds = Map.copyOf(b);
    }

    public boolean test(double v) {
        for (Map.Entry<String, Double> e : bounds.entrySet()) {
            double x = e.getValue();
            boolean ok = switch (e.getKey()) {
                case "gt" -> v > x;
                case "gte" -> v >= x;
                case "lt" -> v < x;
                case "lte" -> v <= x;
                case "eq" -> v == x;
                default -> v != x;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * True when only lower bounds are given (gt, gte): once true for a growing set of events it stays
     * true, so the correlation can fire as soon as it holds instead of waiting for the window to end.
     */
    public boolean onlyLowerBounds() {
        return bounds.keySet().stream().allMatch(k -> k.equals("gt") || k.equals("gte"));
    }

    public Map<String, Double> bounds() {
        return bounds;
    }

    @Override
    public String toString() {
        return bounds.toString();
    }
}
