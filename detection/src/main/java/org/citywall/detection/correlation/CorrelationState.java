package org.citywall.detection.correlation;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.citywall.event.Event;

/**
 * The event-time state of one correlation rule for one group (domain and group-by values): what a
 * Flink job keeps in keyed state, keyed by (rule, {@link GroupKey#asString()}), and what a plain loop
 * keeps in a map. Not thread-safe; serialisable.
 *
 * <p>Matches are buffered by {@link #onMatch} and processed by {@link #onWatermark} in event-time
 * order, so the result does not depend on arrival order within the allowed lateness. A match older
 * than {@code watermark - allowedLateness} is dropped and counted ({@link #lateDropped()}).
 *
 * <p>Firing and repetition: when the condition has only lower bounds ({@code gt}/{@code gte}) the
 * window slides and the rule fires as soon as some {@code timespan} of events satisfies it. That opens
 * an <em>occurrence</em>, identified by the event time of the first event of that window. Every later
 * match for the same group within the suppression period of the last one joins the occurrence: the
 * next watermark emits one updated result with the same window start (hence the same alert id),
 * never a second alert. The occurrence ends once the watermark passes its last event plus the
 * suppression period (and the lateness); a new burst after that is a new occurrence.
 *
 * <p>Other conditions (upper bounds, {@code eq}, {@code neq}, averages, percentiles) can only be
 * judged when a window is complete: windows start at the first event not yet in a window, last one
 * {@code timespan}, and are evaluated once the watermark passes their end plus the lateness.
 */
public final class CorrelationState implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Sliding windows keep at most this many events per group; the oldest go first. */
    static final int MAX_WINDOW = 10_000;

    private final CorrelationRule rule;
    private final GroupKey key;
    private final CorrelationSettings settings;
    private final ArrayList<Observation> pending = new ArrayList<>();
    private final ArrayList<Observation> window = new ArrayList<>();
    private final TreeMap<Long, Accumulator> anchored = new TreeMap<>();
    private Accumulator occurrence;
    private long occurrenceStart;
    private long occurrenceFiredAt;
    private boolean dirty;
    private boolean announced;
    private long watermark = Long.MIN_VALUE;
    private long seq;
    private long lateDropped;

    public CorrelationState(CorrelationRule rule, GroupKey key, CorrelationSettings settings) {
        this.rule = rule;
        this.key = key;
        this.settings = settings;
    }

    /**
     * Records a match of a referenced rule on an event. Nothing is emitted until the watermark
     * passes {@code eventTime}.
     *
     * @param ruleId    the referenced rule that matched (unknown ids are ignored)
     * @param eventTime the event's time in epoch milliseconds
     * @param event     the event; only its id and the fields the rule aggregates or reports are kept
     * @return false when the match came too late and was dropped
     */
    public boolean onMatch(String ruleId, long eventTime, Event event) {
        CorrelationRule.Reference ref = rule.reference(ruleId);
        if (ref == null) {
            return true;
        }
        if (watermark != Long.MIN_VALUE && eventTime <= watermark - settings.allowedLatenessMillis()) {
            lateDropped++;
            return false;
        }
        Object value = ref.valueField() == null ? null : event.get(ref.valueField());
        Map<String, Object> report = new LinkedHashMap<>();
        ref.reportFields().forEach((name, field) -> {
            Object v = event.get(field);
            if (v != null) {
                report.put(name, v);
            }
        });
        if (rule.type().temporal()) {
            report.put("rule", ruleId);
        }
        pending.add(new Observation(seq++, eventTime, rule.positionOf(ruleId), event.id(), value, report));
        return true;
    }

    /**
     * Advances event time: processes buffered matches up to {@code watermark}, and returns the
     * results that fired or changed (at most one per occurrence per call).
     */
    public List<CorrelationResult> onWatermark(long newWatermark) {
        if (newWatermark <= watermark) {
            return List.of();
        }
        watermark = newWatermark;
        List<Observation> ready = new ArrayList<>();
        pending.removeIf(o -> o.time() <= newWatermark && ready.add(o));
        ready.sort(Observation::compare);
        List<CorrelationResult> out = new ArrayList<>();
        if (sliding()) {
            for (Observation o : ready) {
                slide(o);
            }
            if (occurrence != null && dirty) {
                out.add(result(occurrence, occurrenceStart, occurrenceFiredAt, !announced, occurrence.aggregate(rule.type())));
                announced = true;
                dirty = false;
            }
            long horizon = watermark - settings.allowedLatenessMillis();
            if (occurrence != null && horizon > occurrence.lastSeen + settings.suppressionFor(rule)) {
                occurrence = null;
            }
            long keepFrom = horizon - rule.timespanMillis();
            window.removeIf(o -> o.time() < keepFrom);
        } else {
            for (Observation o : ready) {
                anchor(o);
            }
            closeAnchored(out);
        }
        return out;
    }

    private boolean sliding() {
        CorrelationCondition c = rule.condition();
        boolean lowerOnly = c == null || c.onlyLowerBounds();
        return lowerOnly && rule.type() != CorrelationType.VALUE_AVG && rule.type() != CorrelationType.VALUE_PERCENTILE;
    }

    private void slide(Observation o) {
        if (occurrence != null && o.time() <= occurrence.lastSeen + settings.suppressionFor(rule)) {
            occurrence.add(o, settings);
            dirty = true;
            return;
        }
        occurrence = null;
        int at = insertionPoint(o);
        window.add(at, o);
        if (window.size() > MAX_WINDOW) {
            window.remove(0);
            at--;
        }
        // a late event can complete a window ending at any later event within one timespan
        for (int end = Math.max(at, 0); end < window.size(); end++) {
            long endTime = window.get(end).time();
            if (endTime > o.time() + rule.timespanMillis()) {
                break;
            }
            Accumulator acc = new Accumulator();
            int start = end;
            while (start > 0 && window.get(start - 1).time() >= endTime - rule.timespanMillis()) {
                start--;
            }
            for (int i = start; i <= end; i++) {
                acc.add(window.get(i), settings);
            }
            if (holds(acc)) {
                occurrence = acc;
                occurrenceStart = acc.firstSeen;
                occurrenceFiredAt = endTime;
                announced = false;
                dirty = true;
                for (int i = end + 1; i < window.size(); i++) {
                    occurrence.add(window.get(i), settings); // later events already seen belong to it too
                }
                window.clear();
                return;
            }
        }
    }

    private int insertionPoint(Observation o) {
        int i = window.size();
        while (i > 0 && Observation.compare(window.get(i - 1), o) > 0) {
            i--;
        }
        return i;
    }

    private boolean holds(Accumulator acc) {
        CorrelationCondition c = rule.condition();
        if (c == null) {
            return acc.aggregate(rule.type()) >= rule.references().size();
        }
        if (rule.type() == CorrelationType.VALUE_PERCENTILE) {
            return !acc.valuesByShare(c).isEmpty();
        }
        double v = acc.aggregate(rule.type());
        return !Double.isNaN(v) && c.test(v);
    }

    private void anchor(Observation o) {
        Map.Entry<Long, Accumulator> w = anchored.floorEntry(o.time());
        if (w == null || o.time() >= w.getKey() + rule.timespanMillis()) {
            Accumulator acc = new Accumulator();
            acc.add(o, settings);
            anchored.put(o.time(), acc);
        } else {
            w.getValue().add(o, settings);
        }
    }

    private void closeAnchored(List<CorrelationResult> out) {
        while (!anchored.isEmpty()) {
            Map.Entry<Long, Accumulator> w = anchored.firstEntry();
            long end = w.getKey() + rule.timespanMillis();
            if (watermark - settings.allowedLatenessMillis() < end) {
                return;
            }
            anchored.pollFirstEntry();
            Accumulator acc = w.getValue();
            if (holds(acc)) {
                if (rule.type() == CorrelationType.VALUE_PERCENTILE) {
                    acc.reported.put("rare_values", new java.util.LinkedHashSet<>(acc.valuesByShare(rule.condition())));
                }
                out.add(result(acc, w.getKey(), end, true, acc.aggregate(rule.type())));
            }
        }
    }

    private CorrelationResult result(Accumulator acc, long windowStart, long firedAt, boolean first, double aggregate) {
        Map<String, List<Object>> matched = new LinkedHashMap<>();
        acc.reported.forEach((k, v) -> matched.put(k, List.copyOf(v)));
        return new CorrelationResult(rule.id(), rule.title(), rule.level(), rule.tactics(), rule.techniques(), key,
                acc.count, aggregate, windowStart, acc.firstSeen, acc.lastSeen, firedAt, matched, acc.eventIds, first);
    }

    /**
     * The event time at which {@link #onWatermark} next has work to do (process buffered matches,
     * close a window, end an occurrence or drop old events), or {@link Long#MAX_VALUE} if none: a
     * Flink job registers an event-time timer for it.
     */
    public long nextWakeUp() {
        long next = Long.MAX_VALUE;
        long late = settings.allowedLatenessMillis();
        for (Observation o : pending) {
            next = Math.min(next, o.time());
        }
        if (occurrence != null) {
            next = Math.min(next, occurrence.lastSeen + settings.suppressionFor(rule) + late + 1);
        }
        if (!anchored.isEmpty()) {
            next = Math.min(next, anchored.firstKey() + rule.timespanMillis() + late);
        }
        if (!window.isEmpty()) {
            long newest = window.get(window.size() - 1).time(); // the window is kept in time order
            next = Math.min(next, newest + rule.timespanMillis() + late + 1);
        }
        return next;
    }

    /** True when nothing is buffered, open or remembered: the state can be deleted. */
    public boolean isEmpty() {
        return pending.isEmpty() && window.isEmpty() && anchored.isEmpty() && occurrence == null;
    }

    /** Matches dropped because they arrived later than the allowed lateness. */
    public long lateDropped() {
        return lateDropped;
    }

    public GroupKey key() {
        return key;
    }

    public CorrelationRule rule() {
        return rule;
    }
}
