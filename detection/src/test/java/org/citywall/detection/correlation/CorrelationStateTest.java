package org.citywall.detection.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.citywall.event.Event;
import org.junit.jupiter.api.Test;

/** Event-time behaviour of every correlation type, lateness and suppression. */
class CorrelationStateTest {
    private static final long S = 1_000;
    private static final CorrelationSettings SETTINGS = new CorrelationSettings(10 * S, 0, 100, 50);

    private static CorrelationRule rule(CorrelationType type, Map<String, Number> condition, String valueField, String... refs) {
        List<CorrelationRule.Reference> rs = new ArrayList<>();
        for (String r : refs) {
            rs.add(new CorrelationRule.Reference(r, List.of("source.ip"), valueField, Map.of("user", "user.name")));
        }
        return new CorrelationRule("corr", null, "test correlation", "high", List.of("attack.t1110"), List.of(),
                List.of("T1110"), type, List.of("source.ip"), 60 * S,
                condition == null ? null : new CorrelationCondition(condition), false, "test", rs);
    }

    private static Event ev(String id, String user, Object value) {
        Event e = new Event().put("event.id", id).put("source.ip", "10.0.0.1").put("user.name", user);
        return value == null ? e : e.put("bytes", value);
    }

    private static CorrelationState state(CorrelationRule r) {
        return new CorrelationState(r, new GroupKey("d", List.of("source.ip"), List.of("10.0.0.1")), SETTINGS);
    }

    @Test
    void eventCountFiresOnceTheThresholdIsReachedWithinTheTimespan() {
        CorrelationState s = state(rule(CorrelationType.EVENT_COUNT, Map.of("gte", 3), null, "a"));
        s.onMatch("a", 0, ev("e1", "u1", null));
        s.onMatch("a", 30 * S, ev("e2", "u2", null));
        assertThat(s.onWatermark(30 * S)).isEmpty();
        s.onMatch("a", 59 * S, ev("e3", "u3", null));
        List<CorrelationResult> out = s.onWatermark(59 * S);
        assertThat(out).singleElement().satisfies(r -> {
            assertThat(r.count()).isEqualTo(3);
            assertThat(r.windowStart()).isZero();
            assertThat(r.first()).isTrue();
            assertThat(r.matched().get("user")).containsExactly("u1", "u2", "u3");
            assertThat(r.eventIds()).containsExactly("e1", "e2", "e3");
        });
    }

    @Test
    void anOngoingOccurrenceIsUpdatedAtMostOncePerSecondOfEventTimeAndItsLastCountIsNotHeldBack() {
        CorrelationState s = state(rule(CorrelationType.EVENT_COUNT, Map.of("gte", 2), null, "a"));
        s.onMatch("a", 0, ev("e0", "u", null));
        s.onMatch("a", 100, ev("e1", "u", null));
        assertThat(s.onWatermark(100)).singleElement().satisfies(r -> assertThat(r.first()).isTrue());
        // one more failure every 100 ms, each followed by a watermark: twenty steps, one update
        List<CorrelationResult> updates = new ArrayList<>();
        for (int i = 2; i <= 20; i++) {
            s.onMatch("a", i * 100L, ev("e" + i, "u", null));
            updates.addAll(s.onWatermark(i * 100L));
        }
        assertThat(updates).singleElement().satisfies(r -> {
            assertThat(r.first()).isFalse();
            assertThat(r.count()).isEqualTo(12); // the events up to 1.1 s
        });
        // the attack stops: what is held leaves a second after the last update, without another event
        assertThat(s.nextWakeUp()).isEqualTo(2_100);
        assertThat(s.onWatermark(2_100)).singleElement().satisfies(r -> {
            assertThat(r.count()).isEqualTo(21);
            assertThat(r.windowStart()).isZero();
        });
        assertThat(s.onWatermark(200 * S)).isEmpty();
        assertThat(s.isEmpty()).isTrue();
    }

    @Test
    void twoOccurrencesPassedByOneWatermarkAreBothEmitted() {
        // a replay or a catch-up after an outage moves the watermark past both bursts at once
        CorrelationState s = state(rule(CorrelationType.EVENT_COUNT, Map.of("gte", 2), null, "a"));
        s.onMatch("a", 0, ev("e1", "u", null));
        s.onMatch("a", 1 * S, ev("e2", "u", null));
        s.onMatch("a", 500 * S, ev("e3", "u", null));
        s.onMatch("a", 501 * S, ev("e4", "u", null));
        List<CorrelationResult> out = s.onWatermark(600 * S);
        assertThat(out).extracting(CorrelationResult::windowStart).containsExactly(0L, 500 * S);
        assertThat(out).allSatisfy(r -> {
            assertThat(r.first()).isTrue();
            assertThat(r.count()).isEqualTo(2);
        });
        assertThat(out.get(0).alertId()).isNotEqualTo(out.get(1).alertId());
    }

    @Test
    void eventsFurtherApartThanTheTimespanDoNotCount() {
        CorrelationState s = state(rule(CorrelationType.EVENT_COUNT, Map.of("gte", 3), null, "a"));
        s.onMatch("a", 0, ev("e1", "u", null));
        s.onMatch("a", 40 * S, ev("e2", "u", null));
        s.onMatch("a", 80 * S, ev("e3", "u", null));
        assertThat(s.onWatermark(100 * S)).isEmpty();
    }

    @Test
    void furtherMatchesUpdateTheSameOccurrenceInsteadOfOpeningAnother() {
        CorrelationState s = state(rule(CorrelationType.EVENT_COUNT, Map.of("gte", 2), null, "a"));
        s.onMatch("a", 0, ev("e1", "u", null));
        s.onMatch("a", 1 * S, ev("e2", "u", null));
        CorrelationResult first = s.onWatermark(1 * S).get(0);
        s.onMatch("a", 50 * S, ev("e3", "u", null));
        s.onMatch("a", 100 * S, ev("e4", "u", null)); // within the suppression (60 s) of the previous one
        List<CorrelationResult> updates = s.onWatermark(100 * S);
        assertThat(updates).singleElement().satisfies(u -> {
            assertThat(u.alertId()).isEqualTo(first.alertId());
            assertThat(u.count()).isEqualTo(4);
            assertThat(u.first()).isFalse();
            assertThat(u.lastSeen()).isEqualTo(100 * S);
        });
        assertThat(s.onWatermark(120 * S)).as("nothing new, nothing emitted").isEmpty();
        // a burst after the occurrence ended is a new occurrence with a new id
        s.onWatermark(200 * S);
        s.onMatch("a", 300 * S, ev("e5", "u", null));
        s.onMatch("a", 301 * S, ev("e6", "u", null));
        List<CorrelationResult> later = s.onWatermark(301 * S);
        assertThat(later).singleElement().satisfies(r -> {
            assertThat(r.first()).isTrue();
            assertThat(r.alertId()).isNotEqualTo(first.alertId());
            assertThat(r.count()).isEqualTo(2);
        });
    }

    @Test
    void outOfOrderMatchesWithinTheLatenessCountAndLaterOnesAreDropped() {
        CorrelationState s = state(rule(CorrelationType.EVENT_COUNT, Map.of("gte", 3), null, "a"));
        s.onMatch("a", 20 * S, ev("e2", "u", null));
        assertThat(s.onWatermark(25 * S)).isEmpty();
        assertThat(s.onMatch("a", 18 * S, ev("e1", "u", null))).as("5 s behind the watermark, lateness 10 s").isTrue();
        assertThat(s.onMatch("a", 14 * S, ev("late", "u", null))).as("11 s behind").isFalse();
        s.onMatch("a", 26 * S, ev("e3", "u", null));
        List<CorrelationResult> out = s.onWatermark(26 * S);
        assertThat(out).singleElement().satisfies(r -> {
            assertThat(r.count()).isEqualTo(3);
            assertThat(r.windowStart()).isEqualTo(18 * S);
        });
        assertThat(s.lateDropped()).isEqualTo(1);
    }

    @Test
    void valueCountCountsDistinctValues() {
        CorrelationState s = state(rule(CorrelationType.VALUE_COUNT, Map.of("gte", 3), "user.name", "a"));
        s.onMatch("a", 0, ev("1", "root", null));
        s.onMatch("a", S, ev("2", "root", null));
        s.onMatch("a", 2 * S, ev("3", "admin", null));
        assertThat(s.onWatermark(2 * S)).isEmpty();
        s.onMatch("a", 3 * S, ev("4", "oracle", null));
        assertThat(s.onWatermark(3 * S)).singleElement().satisfies(r -> assertThat(r.aggregate()).isEqualTo(3.0));
    }

    @Test
    void valueSumAddsTheField() {
        CorrelationState s = state(rule(CorrelationType.VALUE_SUM, Map.of("gt", 1000), "bytes", "a"));
        s.onMatch("a", 0, ev("1", "u", 600L));
        assertThat(s.onWatermark(0)).isEmpty();
        s.onMatch("a", S, ev("2", "u", "500"));
        assertThat(s.onWatermark(S)).singleElement().satisfies(r -> assertThat(r.aggregate()).isEqualTo(1100.0));
    }

    @Test
    void valueAvgIsJudgedWhenTheWindowIsComplete() {
        CorrelationState s = state(rule(CorrelationType.VALUE_AVG, Map.of("gt", 500), "bytes", "a"));
        s.onMatch("a", 0, ev("1", "u", 900L));
        s.onMatch("a", S, ev("2", "u", 300L));
        assertThat(s.onWatermark(30 * S)).as("window not complete").isEmpty();
        s.onMatch("a", 40 * S, ev("3", "u", 600L));
        // the window [0, 60 s) closes once the watermark passes 60 s plus the 10 s lateness
        assertThat(s.onWatermark(69 * S)).isEmpty();
        assertThat(s.onWatermark(70 * S)).singleElement().satisfies(r -> {
            assertThat(r.aggregate()).isEqualTo(600.0);
            assertThat(r.windowStart()).isZero();
            assertThat(r.count()).isEqualTo(3);
        });
    }

    @Test
    void upperBoundsAreJudgedOnCompleteWindows() {
        CorrelationState s = state(rule(CorrelationType.EVENT_COUNT, Map.of("lt", 3), null, "a"));
        s.onMatch("a", 0, ev("1", "u", null));
        s.onMatch("a", S, ev("2", "u", null));
        assertThat(s.onWatermark(S)).isEmpty();
        assertThat(s.onWatermark(70 * S)).singleElement().satisfies(r -> assertThat(r.count()).isEqualTo(2));
        assertThat(s.isEmpty()).isTrue();
    }

    @Test
    void valuePercentileFindsRareValues() {
        CorrelationState s = state(rule(CorrelationType.VALUE_PERCENTILE, Map.of("lte", 10), "user.name", "a"));
        for (int i = 0; i < 19; i++) {
            s.onMatch("a", i * S, ev("c" + i, "common", null));
        }
        s.onMatch("a", 20 * S, ev("r", "rare", null));
        assertThat(s.onWatermark(100 * S)).singleElement()
                .satisfies(r -> assertThat(r.matched().get("rare_values")).containsExactly("rare"));
    }

    @Test
    void temporalNeedsEveryRuleWithinTheTimespanInAnyOrder() {
        CorrelationState s = state(rule(CorrelationType.TEMPORAL, null, null, "a", "b", "c"));
        s.onMatch("c", 0, ev("1", "u", null));
        s.onMatch("a", 10 * S, ev("2", "u", null));
        assertThat(s.onWatermark(10 * S)).isEmpty();
        s.onMatch("b", 20 * S, ev("3", "u", null));
        assertThat(s.onWatermark(20 * S)).singleElement().satisfies(r -> assertThat(r.matched().get("rule")).containsExactly("c", "a", "b"));
    }

    @Test
    void temporalOrderedNeedsTheRulesInTheirOrder() {
        CorrelationRule r = rule(CorrelationType.TEMPORAL_ORDERED, null, null, "fail", "success");
        CorrelationState wrongOrder = state(r);
        wrongOrder.onMatch("success", 0, ev("1", "u", null));
        wrongOrder.onMatch("fail", 10 * S, ev("2", "u", null));
        assertThat(wrongOrder.onWatermark(20 * S)).isEmpty();
        CorrelationState rightOrder = state(r);
        rightOrder.onMatch("fail", 0, ev("1", "u", null));
        rightOrder.onMatch("success", 10 * S, ev("2", "u", null));
        assertThat(rightOrder.onWatermark(20 * S)).hasSize(1);
    }

    @Test
    void temporalOrderedAcceptsSimultaneousEventsInRuleOrder() {
        CorrelationState s = state(rule(CorrelationType.TEMPORAL_ORDERED, null, null, "fail", "success"));
        s.onMatch("success", 5 * S, ev("2", "u", null));
        s.onMatch("fail", 5 * S, ev("1", "u", null));
        assertThat(s.onWatermark(5 * S)).hasSize(1);
    }

    @Test
    void nextWakeUpTellsWhenTheStateHasWorkAndIsEmptyWhenDone() {
        CorrelationState s = state(rule(CorrelationType.EVENT_COUNT, Map.of("gte", 2), null, "a"));
        assertThat(s.nextWakeUp()).isEqualTo(Long.MAX_VALUE);
        s.onMatch("a", 5 * S, ev("1", "u", null));
        assertThat(s.nextWakeUp()).isEqualTo(5 * S);
        s.onWatermark(5 * S);
        assertThat(s.nextWakeUp()).as("the lone event is dropped after timespan + lateness").isEqualTo(75 * S + 1);
        s.onWatermark(s.nextWakeUp());
        assertThat(s.isEmpty()).isTrue();
    }

    @Test
    void stateSurvivesJavaSerialisationMidWindow() throws Exception {
        CorrelationState s = state(rule(CorrelationType.EVENT_COUNT, Map.of("gte", 2), null, "a"));
        s.onMatch("a", 0, ev("1", "u", null));
        s.onWatermark(0);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(s);
        }
        CorrelationState restored;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            restored = (CorrelationState) in.readObject();
        }
        restored.onMatch("a", S, ev("2", "u", null));
        assertThat(restored.onWatermark(S)).singleElement().satisfies(r -> assertThat(r.count()).isEqualTo(2));
    }

    @Test
    void aProjectedEventGivesTheSameResultAsTheWholeEvent() {
        CorrelationRule r = rule(CorrelationType.VALUE_SUM, Map.of("gte", 10), "bytes", "a");
        CorrelationState whole = state(r);
        CorrelationState projected = state(r);
        for (int i = 0; i < 4; i++) {
            Event e = ev("e" + i, "u" + i, 3L).put("message", "a long body the correlation never reads").put("host.name", "h");
            whole.onMatch("a", i * S, e);
            Event p = r.projection("a", e);
            assertThat(p.fields()).doesNotContainKeys("message", "host.name").containsKeys("bytes", "user.name", "source.ip", "event.id");
            projected.onMatch("a", i * S, p);
        }
        assertThat(projected.onWatermark(10 * S)).isEqualTo(whole.onWatermark(10 * S)).hasSize(1);
    }

    @Test
    void resultsBecomeAlertsWithDeterministicIds() {
        CorrelationState a = state(rule(CorrelationType.EVENT_COUNT, Map.of("gte", 1), null, "a"));
        CorrelationState b = state(rule(CorrelationType.EVENT_COUNT, Map.of("gte", 1), null, "a"));
        a.onMatch("a", 7 * S, ev("1", "u", null));
        b.onMatch("a", 7 * S, ev("1", "u", null));
        var ra = a.onWatermark(7 * S).get(0).toAlert();
        var rb = b.onWatermark(8 * S).get(0).toAlert();
        assertThat(ra.id()).isEqualTo(rb.id());
        assertThat(ra.domain()).isEqualTo("d");
        assertThat(ra.groupBy()).containsEntry("source.ip", "10.0.0.1");
        assertThat(ra.techniques()).containsExactly("T1110");
        assertThat(ra.reason()).contains("1 event");
    }

    @Test
    void aLongTemporalRuleOverCommonEventsKeepsOnlyWhatCanStillCompleteItsSequence() {
        // "a login succeeds after a burst of failures", ten minutes: every successful login matches the second rule
        CorrelationRule r = new CorrelationRule("corr", null, "success after failures", "critical", List.of(), List.of(), List.of(),
                CorrelationType.TEMPORAL_ORDERED, List.of("source.ip"), 600 * S, null, false, "test",
                List.of(new CorrelationRule.Reference("burst", List.of("source.ip"), null, Map.of("user", "user.name")),
                        new CorrelationRule.Reference("success", List.of("source.ip"), null, Map.of("user", "user.name"))));
        CorrelationSettings lateness60s = new CorrelationSettings(60 * S, 0, 100, 50);
        CorrelationState s = new CorrelationState(r, new GroupKey("d", List.of("source.ip"), List.of("10.0.0.1")), lateness60s);
        long t = 0;
        for (int i = 0; i < 20 * 60 * 20; i++, t += 50) { // twenty logins a second for twenty minutes, no burst
            s.onMatch("success", t, ev("ok" + i, "deploy", null));
            assertThat(s.onWatermark(t)).isEmpty();
        }
        // what may still be overtaken by a late burst (a minute of logins) and little else: not ten minutes of them
        assertThat(s.windowSize()).isLessThan(60 * 20 + 200);
        long in = t + 1000;
        s.onMatch("burst", t, ev("burst", "root", null));
        s.onMatch("success", in, ev("in", "root", null));
        assertThat(s.onWatermark(in)).singleElement().satisfies(res -> {
            assertThat(res.first()).isTrue();
            assertThat(res.firedAt()).isEqualTo(in);
            assertThat(res.windowStart()).as("named by the moment the sequence completed").isEqualTo(in);
            assertThat(res.lastSeen()).isEqualTo(in);
            // the evidence leads with the sequence, not with the first hundred logins of the timespan
            assertThat(res.eventIds()).hasSize(100).startsWith("burst", "in");
            assertThat(res.matched().get("user")).startsWith("root");
        });
    }

    @Test
    void aLateMatchAmongTheOldestOfAFullWindowLeavesWithThemInsteadOfFailingTheJob() {
        CorrelationState s = state(rule(CorrelationType.EVENT_COUNT, Map.of("gte", 1_000_000), null, "a"));
        for (int i = 0; i < CorrelationState.MAX_WINDOW; i++) {
            s.onMatch("a", i, ev("e" + i, "u", null));
        }
        assertThat(s.onWatermark(CorrelationState.MAX_WINDOW - 1)).isEmpty();
        assertThat(s.windowSize()).isEqualTo(CorrelationState.MAX_WINDOW);
        // within the allowed lateness, but older than the tenth of the window that goes when it overflows
        assertThat(s.onMatch("a", 5, ev("late", "u", null))).isTrue();
        assertThat(s.onWatermark(CorrelationState.MAX_WINDOW)).isEmpty();
        assertThat(s.windowSize()).isEqualTo(CorrelationState.MAX_WINDOW + 1 - CorrelationState.MAX_WINDOW / 10);
    }
}
