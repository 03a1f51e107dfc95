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
 * match for the same group within the suppression period of the last one joins the occurrence: an
 * updated result with the same window start (hence the same alert id) follows at most a second of
 * event time after the previous one, and a last one when the occurrence ends; never a second alert. The occurrence ends once the watermark passes its last event plus the
 * suppression period (and the lateness); a new burst after that is a new occurrence.
 *
 * <p>State stays bounded where it can: once the watermark (less the lateness) has passed a match,
 * temporal correlations keep only the latest matches that can still complete their rules (the
 * latest chains, for the ordered kind) and value counts the latest match of each value
 * ({@link #compactSettled}). Their occurrences are identified by the event time at which the
 * condition first held, which does not depend on when watermarks came.
 *
 * <p>Other conditions (upper bounds, {@code eq}, {@code neq}, averages, percentiles) can only be
 * judged when a window is complete: windows start at the first event not yet in a window, last one
 * {@code timespan}, and are evaluated once the watermark passes their end plus the lateness.
 */
public final class CorrelationState implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Sliding windows keep at most this many events per group; the oldest go first. */
    public static final int MAX_WINDOW = 10_000;
    /**
     * An open occurrence's updates leave at most once per this much event time (and once more when it
     * ends). Every watermark step (a tenth of a second) used to emit one while a brute force went on,
     * and the alerts stream carried more updates than the bus carried events.
     */
    static final long UPDATE_EVERY_MILLIS = 1_000;

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
    /** The watermark at the occurrence's last emission: its next update waits {@link #UPDATE_EVERY_MILLIS} from there. */
    private long updatedAt;
    private long seq;
    private long lateDropped;
    /**
     * The aggregate of {@code window[runFrom..]}, the events within one timespan of the newest, kept
     * as events arrive in order; rebuilt from the window when null (after a late event, a trim, or
     * being read back from state) and every {@link #REBUILD_EVERY} changes, which bounds the rounding
     * of its sum.
     */
    private transient WindowAggregate running;
    private transient int runFrom;
    private transient int runChanges;
    static final int REBUILD_EVERY = 4096;
    /**
     * The event time of the wake-up a Flink job last registered for this state (none known: the
     * smallest long); not part of the state's value, so a state read back registers again.
     */
    private transient long wakeUpRegisteredAt = Long.MIN_VALUE;
    /** Matches kept by the last compaction of the settled window: the next waits until the settled part doubles. */
    private transient int keptAtLastCompaction;
    private transient long matchesCompactedAway;
    static final int COMPACT_AT_LEAST = 32;

    public CorrelationState(CorrelationRule rule, GroupKey key, CorrelationSettings settings) {
        RuleDictionary.shared().fingerprint(rule); // before any checkpoint can hold this state
        this.rule = rule;
        this.key = key;
        this.settings = settings;
    }

    /**
     * A new group's state at the current event time: a first match older than the watermark less
     * the allowed lateness is dropped as it would be for a group that already existed, so whether
     * a late burst counts does not depend on whether its group happened to be open.
     */
    public static CorrelationState startingAt(CorrelationRule rule, GroupKey key, CorrelationSettings settings, long watermark) {
        CorrelationState s = new CorrelationState(rule, key, settings);
        s.watermark = watermark;
        return s;
    }

    /** A state Java-serialised by an earlier release: its rule joins the dictionary like a new state's. */
    private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
        in.defaultReadObject();
        wakeUpRegisteredAt = Long.MIN_VALUE; // field initialisers do not run for Java deserialisation
        RuleDictionary.shared().fingerprint(rule);
    }

    /**
     * An independent copy, for a state backend that copies state on write while a checkpoint is
     * being taken: a field-by-field copy shares the immutable observations instead of serialising
     * and reading back every one of them.
     */
    public CorrelationState copy() {
        CorrelationState c = new CorrelationState(rule, key, settings);
        c.pending.addAll(pending);
        c.window.addAll(window);
        anchored.forEach((start, acc) -> c.anchored.put(start, acc.copy()));
        c.occurrence = occurrence == null ? null : occurrence.copy();
        c.occurrenceStart = occurrenceStart;
        c.occurrenceFiredAt = occurrenceFiredAt;
        c.dirty = dirty;
        c.announced = announced;
        c.watermark = watermark;
        c.updatedAt = updatedAt;
        c.seq = seq;
        c.lateDropped = lateDropped;
        c.running = running == null ? null : running.copy();
        c.runFrom = runFrom;
        c.runChanges = runChanges;
        c.keptAtLastCompaction = keptAtLastCompaction; // so that the copy compacts when the original does
        c.wakeUpRegisteredAt = wakeUpRegisteredAt;
        return c;
    }

    /** Writes the state's fields ({@link StateFormat}); the transient running aggregate is rebuilt after reading. */
    void writeTo(java.io.DataOutput out, StateFormat format) throws java.io.IOException {
        format.writeRule(rule, out);
        StateFormat.writeString(out, key.domain());
        StateFormat.writeStrings(out, key.names());
        StateFormat.writeStrings(out, key.values());
        out.writeLong(settings.allowedLatenessMillis());
        out.writeLong(settings.suppressionMillis());
        out.writeInt(settings.maxEventIds());
        out.writeInt(settings.maxValues());
        writeObservations(out, pending);
        writeObservations(out, window);
        out.writeInt(anchored.size());
        for (Map.Entry<Long, Accumulator> e : anchored.entrySet()) {
            out.writeLong(e.getKey());
            e.getValue().writeTo(out);
        }
        out.writeBoolean(occurrence != null);
        if (occurrence != null) {
            occurrence.writeTo(out);
        }
        out.writeLong(occurrenceStart);
        out.writeLong(occurrenceFiredAt);
        out.writeBoolean(dirty);
        out.writeBoolean(announced);
        out.writeLong(watermark);
        out.writeLong(updatedAt);
        out.writeLong(seq);
        out.writeLong(lateDropped);
    }

    static CorrelationState readFrom(java.io.DataInput in, StateFormat format) throws java.io.IOException {
        CorrelationRule rule = format.readRule(in);
        GroupKey key = new GroupKey(StateFormat.readString(in), StateFormat.readStrings(in), StateFormat.readStrings(in));
        CorrelationSettings settings = new CorrelationSettings(in.readLong(), in.readLong(), in.readInt(), in.readInt());
        CorrelationState s = new CorrelationState(rule, key, settings);
        readObservations(in, s.pending);
        readObservations(in, s.window);
        int anchors = StateFormat.length(in);
        for (int i = 0; i < anchors; i++) {
            s.anchored.put(in.readLong(), Accumulator.readFrom(in));
        }
        s.occurrence = in.readBoolean() ? Accumulator.readFrom(in) : null;
        s.occurrenceStart = in.readLong();
        s.occurrenceFiredAt = in.readLong();
        s.dirty = in.readBoolean();
        s.announced = in.readBoolean();
        s.watermark = in.readLong();
        s.updatedAt = in.readLong();
        s.seq = in.readLong();
        s.lateDropped = in.readLong();
        return s;
    }

    private static void writeObservations(java.io.DataOutput out, List<Observation> list) throws java.io.IOException {
        out.writeInt(list.size());
        for (Observation o : list) {
            out.writeLong(o.seq());
            out.writeLong(o.time());
            out.writeInt(o.rulePosition());
            StateFormat.writeString(out, o.eventId());
            StateFormat.writeValue(out, o.value());
            StateFormat.writeMap(out, o.report());
        }
    }

    private static void readObservations(java.io.DataInput in, List<Observation> into) throws java.io.IOException {
        int n = StateFormat.length(in);
        for (int i = 0; i < n; i++) {
            into.add(new Observation(in.readLong(), in.readLong(), in.readInt(), StateFormat.readString(in),
                    StateFormat.readValue(in), StateFormat.readMap(in)));
        }
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
        // at the same event time again only for matches that came in since (a chained correlation
        // fed by another one firing at this watermark, or a new group's first match)
        if (newWatermark < watermark || (newWatermark == watermark && pending.isEmpty())) {
            return List.of();
        }
        watermark = newWatermark;
        List<Observation> ready = new ArrayList<>();
        pending.removeIf(o -> o.time() <= newWatermark && ready.add(o));
        ready.sort(Observation::compare);
        List<CorrelationResult> out = new ArrayList<>();
        if (sliding()) {
            for (Observation o : ready) {
                slide(o, out);
            }
            long horizon = watermark - settings.allowedLatenessMillis();
            boolean closing = occurrence != null && horizon > occurrence.lastSeen + settings.suppressionFor(rule);
            if (occurrence != null && dirty && (!announced || closing || watermark >= updatedAt + UPDATE_EVERY_MILLIS)) {
                out.add(result(occurrence, occurrenceStart, occurrenceFiredAt, !announced, occurrence.aggregate(rule.type())));
                announced = true;
                dirty = false;
                updatedAt = watermark;
            }
            if (closing) {
                occurrence = null;
            }
            compactSettled(horizon);
            long keepFrom = horizon - rule.timespanMillis();
            int old = 0;
            while (old < window.size() && window.get(old).time() < keepFrom) {
                old++; // the window is in time order: what is too old is a prefix
            }
            if (old > 0) {
                window.subList(0, old).clear();
                runFrom -= old;
                if (runFrom < 0) {
                    running = null;
                }
            }
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

    private void slide(Observation o, List<CorrelationResult> out) {
        if (occurrence != null && o.time() <= occurrence.lastSeen + settings.suppressionFor(rule)) {
            occurrence.add(o, settings);
            dirty = true;
            return;
        }
        if (occurrence != null && dirty) {
            // one watermark step can hold two occurrences (a replay, a burst after a quiet spell): the first is emitted too
            out.add(result(occurrence, occurrenceStart, occurrenceFiredAt, !announced, occurrence.aggregate(rule.type())));
            dirty = false;
        }
        occurrence = null;
        int at = insertionPoint(o);
        window.add(at, o);
        if (window.size() > MAX_WINDOW) {
            // the oldest tenth goes at once: one shift of the list per thousand events, not one per event
            int drop = MAX_WINDOW / 10;
            window.subList(0, drop).clear();
            at -= drop;
            running = null;
            if (at < 0) {
                return; // a late match among the oldest went with them, as any match past the limit does
            }
        }
        if (at == window.size() - 1) {
            slideInOrder(o);
            return;
        }
        running = null;
        // a late event can complete a window ending at any later event within one timespan: the end
        // moves on from the event, the start follows it, an aggregate of the window is kept as both move,
        // and the window is judged exactly only where that aggregate's bound says it may hold (judging
        // every candidate exactly made each late event cost the square of the window)
        long span = rule.timespanMillis();
        int start = at;
        while (start > 0 && window.get(start - 1).time() >= o.time() - span) {
            start--;
        }
        WindowAggregate candidate = new WindowAggregate();
        for (int i = start; i <= at; i++) {
            candidate.add(window.get(i));
        }
        for (int end = at; end < window.size(); end++) {
            long endTime = window.get(end).time();
            if (endTime > o.time() + span) {
                break;
            }
            if (end > at) {
                candidate.add(window.get(end));
                while (window.get(start).time() < endTime - span) {
                    candidate.remove(window.get(start++));
                }
            }
            if (holdsValue(candidate.upperBound(rule.type())) && fireIfHolds(start, end)) {
                return;
            }
        }
    }

    /** The usual case, the newest event so far: the running aggregate takes it and drops what fell out of the timespan. */
    private void slideInOrder(Observation o) {
        int end = window.size() - 1;
        long from = o.time() - rule.timespanMillis();
        if (running == null || ++runChanges > REBUILD_EVERY) {
            running = new WindowAggregate();
            runChanges = 0;
            runFrom = end;
            while (runFrom > 0 && window.get(runFrom - 1).time() >= from) {
                runFrom--;
            }
            for (int i = runFrom; i <= end; i++) {
                running.add(window.get(i));
            }
        } else {
            running.add(o);
            while (runFrom < end && window.get(runFrom).time() < from) {
                running.remove(window.get(runFrom++));
            }
        }
        if (holdsValue(running.upperBound(rule.type()))) {
            fireIfHolds(runFrom, end);
        }
    }

    /** Judges {@code window[start..end]} exactly; when it holds, an occurrence opens and the window is emptied into it. */
    private boolean fireIfHolds(int start, int end) {
        Accumulator acc = new Accumulator();
        for (int i = start; i <= end; i++) {
            acc.add(window.get(i), settings);
        }
        if (!holds(acc)) {
            return false;
        }
        if (rule.type().temporal()) {
            acc = witnessesFirst(start, end);
        }
        occurrence = acc;
        // where settled events are compacted, the window's first event depends on when watermarks came;
        // the moment the condition first held does not, so it names the occurrence (and its alert id)
        occurrenceStart = compacts() ? window.get(end).time() : acc.firstSeen;
        occurrenceFiredAt = window.get(end).time();
        announced = false;
        dirty = true;
        for (int i = end + 1; i < window.size(); i++) {
            occurrence.add(window.get(i), settings); // later events already seen belong to it too
        }
        window.clear();
        running = null;
        return true;
    }

    /**
     * Whether settled matches that cannot change any later verdict are dropped: temporal
     * correlations need only the latest match of each rule (for the ordered kind, the latest chains
     * through the rule list), value counts only the latest match of each value. Counts and sums need
     * every match.
     */
    private boolean compacts() {
        CorrelationType t = rule.type();
        return t == CorrelationType.TEMPORAL || t == CorrelationType.TEMPORAL_ORDERED || t == CorrelationType.VALUE_COUNT;
    }

    /**
     * Compacts the settled part of the window: matches at or before {@code horizon}, before which no
     * match can arrive any more, so that every window judged from now on ends after them and holds a
     * suffix (by time) of them. What is kept gives every such suffix the same verdict as the whole:
     * <ul>
     *   <li>temporal: the latest match of each rule (any suffix holding a rule holds its latest match);</li>
     *   <li>value count: the latest match of each value;</li>
     *   <li>temporal ordered: for each length {@code j} of the rule list's prefix, the chain through
     *       rules 1..j that starts latest (found backwards, latest first); a suffix that holds some
     *       chain of length j holds that one, and the greedy scan finds it.</li>
     * </ul>
     * Without this, a ten-minute temporal rule over common events (every successful login) kept
     * every one of them for ten minutes, and every checkpoint wrote them all.
     */
    private void compactSettled(long horizon) {
        if (!compacts()) {
            return;
        }
        int settled = settledCount(horizon);
        if (settled < 2 * keptAtLastCompaction + COMPACT_AT_LEAST) {
            return; // compacting costs the settled part's length: only when it has grown
        }
        boolean[] keep = new boolean[settled];
        if (rule.type() == CorrelationType.TEMPORAL_ORDERED) {
            for (int length = 1; length <= rule.references().size(); length++) {
                if (!markLatestChain(0, settled - 1, length, keep)) {
                    break; // no chain this long, and so none longer
                }
            }
        } else if (rule.type() == CorrelationType.TEMPORAL) {
            markLatestOfEach(0, settled - 1, Observation::rulePosition, keep);
        } else {
            markLatestOfEach(0, settled - 1, o -> o.value() == null ? null : o.value().toString(), keep);
        }
        List<Observation> kept = new ArrayList<>();
        for (int i = 0; i < settled; i++) {
            if (keep[i]) {
                kept.add(window.get(i));
            }
        }
        keptAtLastCompaction = kept.size();
        if (kept.size() < settled) {
            matchesCompactedAway += settled - kept.size();
            window.subList(0, settled).clear();
            window.addAll(0, kept);
            running = null;
        }
    }

    /** How many matches at the window's start are at or before {@code horizon} (the window is in time order). */
    private int settledCount(long horizon) {
        int lo = 0;
        int hi = window.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (window.get(mid).time() <= horizon) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * Marks in {@code mark} (indexed from {@code lo}) the latest match in {@code window[lo..hi]} of
     * each distinct key; matches without a key are not marked.
     */
    private void markLatestOfEach(int lo, int hi, java.util.function.Function<Observation, Object> key, boolean[] mark) {
        java.util.HashSet<Object> seen = new java.util.HashSet<>();
        for (int i = hi; i >= lo; i--) {
            Object k = key.apply(window.get(i));
            if (k != null && seen.add(k)) {
                mark[i - lo] = true;
            }
        }
    }

    /**
     * Marks in {@code mark} (indexed from {@code lo}) the chain through rules {@code 0..length-1}
     * within {@code window[lo..hi]} that starts latest, found backwards from {@code hi}; false, marking
     * nothing, when there is none.
     */
    private boolean markLatestChain(int lo, int hi, int length, boolean[] mark) {
        int[] chain = new int[length];
        int at = hi;
        for (int position = length - 1; position >= 0; position--) {
            while (at >= lo && window.get(at).rulePosition() != position) {
                at--;
            }
            if (at < lo) {
                return false;
            }
            chain[position] = at--;
        }
        for (int i : chain) {
            mark[i - lo] = true;
        }
        return true;
    }

    /** Package-private for tests: how many matches the sliding window holds. */
    int windowSize() {
        return window.size();
    }

    /** Package-private for tests: how many settled matches this state (since read back) has dropped. */
    long matchesCompactedAway() {
        return matchesCompactedAway;
    }

    /**
     * The aggregate of {@code window[start..end]} with the matches that make a temporal case added
     * first — the latest match of each rule, for the ordered kind the latest chain through the rule
     * list — so that the alert's bounded lists of event ids and reported values show the burst and
     * the login that followed it, not the first hundred unrelated matches of the timespan.
     */
    private Accumulator witnessesFirst(int start, int end) {
        boolean[] witness = new boolean[end - start + 1];
        if (rule.type() == CorrelationType.TEMPORAL_ORDERED) {
            markLatestChain(start, end, rule.references().size(), witness); // a window that holds has one
        } else {
            markLatestOfEach(start, end, Observation::rulePosition, witness);
        }
        Accumulator acc = new Accumulator();
        for (int i = start; i <= end; i++) {
            if (witness[i - start]) {
                acc.add(window.get(i), settings); // in window order: the ordered progress runs through the chain
            }
        }
        for (int i = start; i <= end; i++) {
            if (!witness[i - start]) {
                acc.add(window.get(i), settings);
            }
        }
        return acc;
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
        return holdsValue(acc.aggregate(rule.type()));
    }

    private boolean holdsValue(double v) {
        CorrelationCondition c = rule.condition();
        if (c == null) {
            return v >= rule.references().size();
        }
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
            if (dirty) {
                next = Math.min(next, announced ? updatedAt + UPDATE_EVERY_MILLIS : watermark + 1);
            }
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

    /**
     * Whether a wake-up at {@code at} needs registering, given the event time {@code watermark}: not
     * when one registered earlier, at or before {@code at}, has not come yet (it will ask again).
     * Registering one per match left several timers per group, each checkpointed with its key.
     */
    public boolean needsWakeUp(long at, long watermark) {
        return !(wakeUpRegisteredAt > watermark && wakeUpRegisteredAt <= at);
    }

    /** Notes that a wake-up was registered at {@code at}. */
    public void wakeUpRegistered(long at) {
        wakeUpRegisteredAt = at;
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
