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

    /** An independent copy (observations' values are immutable and shared). */
    Accumulator copy() {
        Accumulator c = new Accumulator();
        c.count = count;
        c.firstSeen = firstSeen;
        c.lastSeen = lastSeen;
        c.sum = sum;
        c.numeric = numeric;
        c.distinct.putAll(distinct);
        c.rules.or(rules);
        c.orderedProgress = orderedProgress;
        c.eventIds.addAll(eventIds);
        reported.forEach((k, v) -> c.reported.put(k, new LinkedHashSet<>(v)));
        return c;
    }

    void writeTo(java.io.DataOutput out) throws java.io.IOException {
        out.writeLong(count);
        out.writeLong(firstSeen);
        out.writeLong(lastSeen);
        out.writeDouble(sum);
        out.writeLong(numeric);
        out.writeInt(distinct.size());
        for (Map.Entry<String, Long> e : distinct.entrySet()) {
            StateFormat.writeString(out, e.getKey());
            out.writeLong(e.getValue());
        }
        long[] bits = rules.toLongArray();
        out.writeInt(bits.length);
        for (long b : bits) {
            out.writeLong(b);
        }
        out.writeInt(orderedProgress);
        StateFormat.writeStrings(out, eventIds);
        out.writeInt(reported.size());
        for (Map.Entry<String, LinkedHashSet<Object>> e : reported.entrySet()) {
            StateFormat.writeString(out, e.getKey());
            StateFormat.writeValue(out, new ArrayList<>(e.getValue()));
        }
    }

    static Accumulator readFrom(java.io.DataInput in) throws java.io.IOException {
        Accumulator a = new Accumulator();
        a.count = in.readLong();
        a.firstSeen = in.readLong();
        a.lastSeen = in.readLong();
        a.sum = in.readDouble();
        a.numeric = in.readLong();
        int distinct = StateFormat.length(in);
        for (int i = 0; i < distinct; i++) {
            a.distinct.put(StateFormat.readString(in), in.readLong());
        }
        long[] bits = new long[StateFormat.length(in)];
        for (int i = 0; i < bits.length; i++) {
            bits[i] = in.readLong();
        }
        a.rules.or(BitSet.valueOf(bits));
        a.orderedProgress = in.readInt();
        a.eventIds.addAll(StateFormat.readStrings(in));
        int reported = StateFormat.length(in);
        for (int i = 0; i < reported; i++) {
            String name = StateFormat.readString(in);
            if (!(StateFormat.readValue(in) instanceof List<?> values)) {
                throw new java.io.IOException("the reported values of '" + name + "' in a correlation state are not a list");
            }
            a.reported.put(name, new LinkedHashSet<>(values));
        }
        return a;
    }

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
            double d = numeric(v);
            if (!Double.isNaN(d)) {
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

    /**
     * The value as a number for sums and averages, or NaN when it is not one: a number, or a string
     * holding a decimal number (surrounding blanks allowed). Most aggregated values (user names,
     * addresses) are not numbers, so the text is checked before parsing: a thrown
     * NumberFormatException per value was the costliest step of a busy correlation.
     */
    static double numeric(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        String s = v.toString().strip();
        return isDecimal(s) ? Double.parseDouble(s) : Double.NaN;
    }

    /** Optional sign, digits with at most one point (at least one digit), optional exponent. */
    static boolean isDecimal(String s) {
        int i = 0;
        int n = s.length();
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        boolean point = false;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c == '.' && !point) {
                point = true;
            } else {
                break;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exp = 0;
            for (; i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9'; i++) {
                exp++;
            }
            if (exp == 0) {
                return false;
            }
        }
        return i == n;
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
