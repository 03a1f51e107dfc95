package org.citywall.detection.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.citywall.event.Event;
import org.junit.jupiter.api.Test;

/**
 * Sliding windows keep a running aggregate instead of re-reading the window for every event; these
 * properties hold it to the definition: the first alert fires at the first event whose trailing
 * timespan holds enough events, distinct values, value sum or referenced rules, and starts at the
 * first event of that timespan, in whatever order the events arrived before the watermark passed
 * them. Events arriving after the watermark (within the allowed lateness) may complete a window
 * that ends at an earlier event: an alert then fires exactly when some timespan satisfies the condition.
 */
class SlidingWindowPropertiesTest {
    private static final long TIMESPAN = 100;
    private static final CorrelationSettings SETTINGS = new CorrelationSettings(1_000_000, 0, 100, 50);

    record Match(long time, String rule, String value) {}

    @Provide
    Arbitrary<List<Match>> matches() {
        Arbitrary<Match> m = Combinators.combine(
                Arbitraries.longs().between(0, 2_000),
                Arbitraries.of("a", "b", "c"),
                Arbitraries.oneOf(Arbitraries.of("alice", "bob", "carol", "dave", "eve"),
                        Arbitraries.integers().between(-50, 200).map(String::valueOf),
                        Arbitraries.of("0.1", "0.2", "2.5e1", "-0.3")))
                .as(Match::new);
        // one event per millisecond: which of two simultaneous events ends a window is not defined
        return m.list().ofMinSize(0).ofMaxSize(120).uniqueElements(Match::time);
    }

    @Property(tries = 300)
    void eventCountFiresAtTheFirstEventWithEnoughEventsInItsTimespan(@ForAll("matches") List<Match> ms,
            @ForAll @IntRange(min = 1, max = 12) int threshold, @ForAll Arrival arrival) {
        check(CorrelationType.EVENT_COUNT, threshold, ms, arrival, (window) -> window.size());
    }

    @Property(tries = 300)
    void valueCountFiresAtTheFirstEventWithEnoughDistinctValues(@ForAll("matches") List<Match> ms,
            @ForAll @IntRange(min = 1, max = 6) int threshold, @ForAll Arrival arrival) {
        check(CorrelationType.VALUE_COUNT, threshold, ms, arrival, window -> {
            Set<String> distinct = new HashSet<>();
            window.forEach(x -> distinct.add(x.value()));
            return distinct.size();
        });
    }

    @Property(tries = 300)
    void valueSumFiresAtTheFirstEventWhoseTimespanSumsHighEnough(@ForAll("matches") List<Match> ms,
            @ForAll @IntRange(min = 1, max = 600) int threshold, @ForAll Arrival arrival) {
        // with negative values a sum is not monotone: a late event can lower a window that already fired
        Assume.that(arrival != Arrival.LATE);
        check(CorrelationType.VALUE_SUM, threshold, ms, arrival, window -> {
            double sum = 0;
            for (Match x : window) {
                double d = Accumulator.numeric(x.value());
                sum += Double.isNaN(d) ? 0 : d;
            }
            return sum;
        });
    }

    @Property(tries = 300)
    void temporalFiresAtTheFirstEventWhoseTimespanHoldsEveryRule(@ForAll("matches") List<Match> ms, @ForAll Arrival arrival) {
        check(CorrelationType.TEMPORAL, 3, ms, arrival, window -> {
            Set<String> rules = new HashSet<>();
            window.forEach(x -> rules.add(x.rule()));
            return rules.size();
        });
    }

    @Property(tries = 300)
    void temporalOrderedFiresAtTheFirstEventWhoseTimespanHoldsTheRulesInOrder(@ForAll("matches") List<Match> ms,
            @ForAll Arrival arrival) {
        Assume.that(arrival != Arrival.LATE); // a late match can complete a sequence only where it falls in order
        check(CorrelationType.TEMPORAL_ORDERED, 3, ms, arrival, window -> {
            int progress = 0;
            for (Match x : window) { // in time order
                if (x.rule().equals(List.of("a", "b", "c").get(Math.min(progress, 2))) && progress < 3) {
                    progress++;
                }
            }
            return progress;
        });
    }

    /**
     * Settled matches that no later window needs are dropped; a state that compacts (lateness short
     * of how late matches really come, so they settle) and one that never does (lateness beyond the
     * whole run) open the same occurrences at the same moments, whatever order the matches come in.
     */
    @Property(tries = 1000)
    void compactingSettledMatchesNeverChangesWhenOrWhetherACorrelationFires(@ForAll("dense") List<Match> ms,
            @ForAll("compacting") CorrelationType type, @ForAll @IntRange(min = 3, max = 5) int threshold,
            @ForAll @IntRange(min = 0, max = 120) int lag) {
        // a timespan of most of the run: windows hold many matches, and their settled part grows
        CorrelationRule rule = rule(type, type.temporal() ? 3 : threshold, Map.of(), 400);
        CorrelationState compacting = new CorrelationState(rule, new GroupKey("d", List.of("source.ip"), List.of("10.0.0.1")),
                new CorrelationSettings(lag + 1, 0, 100, 50));
        CorrelationState keeping = new CorrelationState(rule, new GroupKey("d", List.of("source.ip"), List.of("10.0.0.1")), SETTINGS);
        List<CorrelationResult> a = new ArrayList<>();
        List<CorrelationResult> b = new ArrayList<>();
        // arrival: each match delayed by up to `lag` ms and delivered in order of delay, so none comes more
        // than `lag` behind the newest before it, within what the compacting state allows
        java.util.Random r = new java.util.Random(ms.size() * 31L + lag);
        Map<Match, Long> delivery = new java.util.HashMap<>();
        ms.forEach(m -> delivery.put(m, m.time() + r.nextInt(lag + 1)));
        List<Match> arrival = new ArrayList<>(ms);
        arrival.sort(java.util.Comparator.comparing(delivery::get));
        long newest = Long.MIN_VALUE;
        int n = 0;
        for (Match m : arrival) {
            Event e = new Event().put("event.id", "e" + n++).put("bytes", m.value());
            newest = Math.max(newest, m.time());
            assertThat(compacting.onMatch(m.rule(), m.time(), e)).as("no match comes too late").isTrue();
            keeping.onMatch(m.rule(), m.time(), e);
            a.addAll(compacting.onWatermark(newest - lag));
            b.addAll(keeping.onWatermark(newest - lag));
        }
        a.addAll(compacting.onWatermark(1_000_000_000));
        b.addAll(keeping.onWatermark(1_000_000_000));
        assertThat(opened(a)).isEqualTo(opened(b));
        net.jqwik.api.statistics.Statistics.label("compacted").collect(compacting.matchesCompactedAway() > 0);
        net.jqwik.api.statistics.Statistics.label("compacted").coverage(c -> c.check(true).percentage(p -> p > 30));
    }

    /**
     * Many matches per timespan, with the last rule of the list and most values rare: windows fill up
     * without their condition holding (a state that fires puts what follows into its occurrence), so
     * their settled part grows enough to be compacted.
     */
    @Provide
    Arbitrary<List<Match>> dense() {
        Arbitrary<Match> m = Combinators.combine(Arbitraries.longs().between(0, 600),
                Arbitraries.frequency(net.jqwik.api.Tuple.of(600, "a"), net.jqwik.api.Tuple.of(399, "b"), net.jqwik.api.Tuple.of(1, "c")),
                Arbitraries.frequency(net.jqwik.api.Tuple.of(500, "alice"), net.jqwik.api.Tuple.of(497, "bob"),
                        net.jqwik.api.Tuple.of(1, "carol"), net.jqwik.api.Tuple.of(1, "dave"), net.jqwik.api.Tuple.of(1, "eve"))).as(Match::new);
        return m.list().ofMinSize(100).ofMaxSize(300).uniqueElements(Match::time);
    }

    @Provide
    Arbitrary<CorrelationType> compacting() {
        return Arbitraries.of(CorrelationType.TEMPORAL, CorrelationType.TEMPORAL_ORDERED, CorrelationType.VALUE_COUNT);
    }

    private static List<String> opened(List<CorrelationResult> results) {
        return results.stream().filter(CorrelationResult::first).map(x -> x.windowStart() + "@" + x.firedAt()).toList();
    }

    enum Arrival {
        /** In time order, a watermark after each event. */
        IN_ORDER,
        /** Shuffled, all before the watermark passes them. */
        SHUFFLED,
        /** Shuffled, the watermark trailing the newest event: many arrive after it passed them. */
        LATE
    }

    interface Aggregate {
        double of(List<Match> window);
    }

    private static void check(CorrelationType type, int threshold, List<Match> ms, Arrival arrival, Aggregate oracle) {
        List<Match> ordered = new ArrayList<>(ms);
        ordered.sort((x, y) -> Long.compare(x.time(), y.time()));
        Long expectedStart = null;
        Long expectedAt = null;
        for (int end = 0; end < ordered.size() && expectedAt == null; end++) {
            long t = ordered.get(end).time();
            // events at the same millisecond as the end belong to its window only once they have arrived
            List<Match> window = new ArrayList<>();
            for (int i = 0; i <= end; i++) {
                if (ordered.get(i).time() >= t - TIMESPAN) {
                    window.add(ordered.get(i));
                }
            }
            if (oracle.of(window) >= threshold) {
                expectedAt = t;
                expectedStart = window.get(0).time();
            }
        }

        CorrelationState s = new CorrelationState(rule(type, threshold), new GroupKey("d", List.of("source.ip"), List.of("10.0.0.1")), SETTINGS);
        List<CorrelationResult> results = new ArrayList<>();
        int n = 0;
        long newest = Long.MIN_VALUE;
        for (Match m : arrival == Arrival.IN_ORDER ? ordered : shuffle(ms)) {
            s.onMatch(m.rule(), m.time(), new Event().put("event.id", "e" + n++).put("bytes", m.value()));
            newest = Math.max(newest, m.time());
            if (arrival == Arrival.IN_ORDER) {
                results.addAll(s.onWatermark(m.time()));
            } else if (arrival == Arrival.LATE) {
                results.addAll(s.onWatermark(newest - 150));
            }
        }
        results.addAll(s.onWatermark(10_000));
        CorrelationResult first = results.stream().filter(CorrelationResult::first).findFirst().orElse(null);
        if (expectedAt == null) {
            assertThat(first).as("no timespan satisfies the condition").isNull();
        } else if (arrival == Arrival.LATE) {
            assertThat(first).as("the condition holds at %d", expectedAt).isNotNull();
        } else {
            assertThat(first).as("the condition first holds at %d", expectedAt).isNotNull();
            // where settled matches are compacted the occurrence is named by the moment its condition first held
            boolean compacted = type == CorrelationType.TEMPORAL || type == CorrelationType.TEMPORAL_ORDERED
                    || type == CorrelationType.VALUE_COUNT;
            assertThat(first.windowStart()).isEqualTo(compacted ? expectedAt : expectedStart);
            assertThat(first.firstSeen()).isEqualTo(expectedStart);
            assertThat(first.firedAt()).isEqualTo(expectedAt);
        }
    }

    private static List<Match> shuffle(List<Match> ms) {
        List<Match> out = new ArrayList<>(ms);
        java.util.Collections.shuffle(out, new java.util.Random(ms.size()));
        return out;
    }

    private static CorrelationRule rule(CorrelationType type, int threshold) {
        return rule(type, threshold, Map.of());
    }

    private static CorrelationRule rule(CorrelationType type, int threshold, Map<String, String> report) {
        return rule(type, threshold, report, TIMESPAN);
    }

    private static CorrelationRule rule(CorrelationType type, int threshold, Map<String, String> report, long timespan) {
        List<CorrelationRule.Reference> rs = new ArrayList<>();
        for (String r : List.of("a", "b", "c")) {
            rs.add(new CorrelationRule.Reference(r, List.of("source.ip"), "bytes", report));
        }
        return new CorrelationRule("corr", null, "sliding", "high", List.of(), List.of(), List.of(), type,
                List.of("source.ip"), timespan, type.temporal() ? null : new CorrelationCondition(Map.of("gte", threshold)),
                false, "test", rs);
    }

    @Property(tries = 200)
    void aCopyTakenMidwayBehavesExactlyLikeTheOriginalAndIndependentlyOfIt(@ForAll("matches") List<Match> ms,
            @ForAll CorrelationType type, @ForAll @IntRange(min = 1, max = 8) int threshold, @ForAll @IntRange(min = 0, max = 120) int cut) {
        behavesLikeTheOriginalFromTheCutOn(ms, type, threshold, cut, CorrelationState::copy);
    }

    @Property(tries = 200)
    void aStateWrittenAndReadBackMidwayBehavesExactlyLikeTheOriginal(@ForAll("matches") List<Match> ms,
            @ForAll CorrelationType type, @ForAll @IntRange(min = 1, max = 8) int threshold, @ForAll @IntRange(min = 0, max = 120) int cut) {
        StateFormat format = new StateFormat();
        behavesLikeTheOriginalFromTheCutOn(ms, type, threshold, cut, s -> {
            try {
                java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
                format.write(s, new java.io.DataOutputStream(bytes));
                return format.read(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private static void behavesLikeTheOriginalFromTheCutOn(List<Match> ms, CorrelationType type, int threshold, int cut,
            java.util.function.UnaryOperator<CorrelationState> copying) {
        Assume.that(type != CorrelationType.VALUE_PERCENTILE);
        CorrelationState original = new CorrelationState(rule(type, threshold, Map.of("user", "user.name")),
                new GroupKey("d", List.of("source.ip"), List.of("10.0.0.1")), SETTINGS);
        List<Match> arrival = shuffle(ms);
        List<CorrelationResult> fromOriginal = new ArrayList<>();
        List<CorrelationResult> fromCopy = new ArrayList<>();
        CorrelationState copy = null;
        int resultsBeforeCopy = 0;
        long newest = Long.MIN_VALUE;
        for (int i = 0; i < arrival.size(); i++) {
            if (i == Math.min(cut, arrival.size() - 1)) {
                copy = copying.apply(original);
                resultsBeforeCopy = fromOriginal.size();
            }
            Match m = arrival.get(i);
            newest = Math.max(newest, m.time());
            Event e = new Event().put("event.id", "e" + i).put("bytes", typed(m.value(), i)).put("user.name", m.value());
            fromOriginal.addAll(feed(original, m, e, newest));
            if (copy != null) {
                fromCopy.addAll(feed(copy, m, e, newest));
            }
        }
        if (copy == null) {
            return;
        }
        fromOriginal.addAll(original.onWatermark(10_000));
        fromCopy.addAll(copy.onWatermark(10_000));
        // the copy saw the same second half: every result from the cut on is the same
        assertThat(fromCopy).isEqualTo(fromOriginal.subList(resultsBeforeCopy, fromOriginal.size()));
        assertThat(copy.isEmpty()).isEqualTo(original.isEmpty());
    }

    /** The value as text, or as the number an event decoded from JSON would carry. */
    private static Object typed(String value, int i) {
        if (i % 3 == 0 || !Accumulator.isDecimal(value)) {
            return value;
        }
        return value.contains(".") || value.contains("e") ? (Object) Double.parseDouble(value) : (Object) Long.parseLong(value);
    }

    private static List<CorrelationResult> feed(CorrelationState s, Match m, Event e, long newest) {
        s.onMatch(m.rule(), m.time(), e);
        return s.onWatermark(newest - 150);
    }

    @Test
    void aGroupThatNeverReachesItsThresholdKeepsAtMostTheWindowLimit() {
        CorrelationState s = new CorrelationState(rule(CorrelationType.VALUE_COUNT, 1_000_000),
                new GroupKey("d", List.of("source.ip"), List.of("10.0.0.1")), SETTINGS);
        for (int i = 0; i < 3 * CorrelationState.MAX_WINDOW; i++) {
            s.onMatch("a", 50, new Event().put("event.id", "e" + i).put("bytes", "v" + (i % 7)));
            assertThat(s.onWatermark(i == 0 ? 50 : 50 + i)).isEmpty();
        }
        assertThat(s.isEmpty()).isFalse();
    }

    @Test
    void numbersAreDecimalTextOrNumbersAndNothingElse() {
        assertThat(Accumulator.numeric(" 42 ")).isEqualTo(42.0);
        assertThat(Accumulator.numeric("-1.5e3")).isEqualTo(-1500.0);
        assertThat(Accumulator.numeric(7L)).isEqualTo(7.0);
        for (String notANumber : List.of("alice", "", "-", ".", "1e", "1.2.3", "NaN", "Infinity", "0x10", "1d", "10.0.0.1")) {
            assertThat(Accumulator.numeric(notANumber)).as(notANumber).isNaN();
        }
    }
}
