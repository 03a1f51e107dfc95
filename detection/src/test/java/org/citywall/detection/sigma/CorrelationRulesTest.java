package org.citywall.detection.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.citywall.detection.correlation.CorrelationResult;
import org.citywall.detection.correlation.CorrelationSettings;
import org.citywall.event.Event;
import org.junit.jupiter.api.Test;

/** Correlation rules end to end through the loader and the detection loop: aliases, generate, chains. */
@org.junit.jupiter.api.Timeout(120) // a livelock in event-time processing fails instead of hanging the build
class CorrelationRulesTest {

    private static List<CorrelationResult> run(RuleSet rs, Event... events) {
        DetectionLoop loop = new DetectionLoop(rs, CorrelationSettings.DEFAULT, 0);
        List<CorrelationResult> out = new ArrayList<>();
        for (Event e : events) {
            out.addAll(loop.process(e).correlations());
        }
        out.addAll(loop.finish());
        return out;
    }

    private static Event at(int second, Object... kv) {
        return TestRules.event(kv).put("@timestamp", String.format("2026-01-15T10:00:%02dZ", second)).put("event.id", "e" + second);
    }

    @Test
    void aliasesGroupDifferentFieldsOfDifferentRules() {
        RuleSet rs = TestRules.set("""
                title: error then connection
                correlation:
                    type: temporal
                    rules:
                        - internal_error
                        - new_network_connection
                    group-by:
                        - internal_ip
                    timespan: 10s
                    aliases:
                        internal_ip:
                            internal_error: destination.ip
                            new_network_connection: source.ip
                ---
                title: internal error
                name: internal_error
                logsource:
                    product: test
                detection:
                    selection:
                        http.response.status_code: 500
                    condition: selection
                ---
                title: new connection
                name: new_network_connection
                logsource:
                    product: test
                detection:
                    selection:
                        event.type: connection
                    condition: selection
                """);
        assertThat(rs.rejections()).isEmpty();
        List<CorrelationResult> hit = run(rs,
                at(1, "http.response.status_code", 500L, "destination.ip", "10.0.0.7"),
                at(3, "event.type", "connection", "source.ip", "10.0.0.7"));
        assertThat(hit).singleElement().satisfies(r -> assertThat(r.key().asMap()).containsEntry("internal_ip", "10.0.0.7"));
        assertThat(run(rs,
                at(1, "http.response.status_code", 500L, "destination.ip", "10.0.0.7"),
                at(3, "event.type", "connection", "source.ip", "10.0.0.8"))).isEmpty();
    }

    @Test
    void referencedRulesAlertOnTheirOwnOnlyWithGenerate() {
        String yaml = """
                title: many
                correlation:
                    type: event_count
                    rules: [base]
                    group-by: [user.name]
                    timespan: 1m
                    condition: {gte: 2}
                    generate: %s
                ---
                title: base
                name: base
                logsource:
                    product: test
                detection:
                    s:
                        f: 1
                    condition: s
                """;
        assertThat(TestRules.set(yaml.formatted("false")).match(TestRules.event("f", 1L)).get(0).alerting()).isFalse();
        assertThat(TestRules.set(yaml.formatted("true")).match(TestRules.event("f", 1L)).get(0).alerting()).isTrue();
    }

    @Test
    void theSpecExampleChainOfFailedLoginsFollowedBySuccess() {
        RuleSet rs = TestRules.set("""
                title: Correlation - Multiple Failed Logins Followed by Successful Login
                id: b180ead8-d58f-40b2-ae54-c8940995b9b6
                correlation:
                    type: temporal_ordered
                    rules:
                        - multiple_failed_login
                        - successful_login
                    group-by:
                        - User
                    timespan: 10m
                level: high
                ---
                title: Multiple failed logons
                id: a8418a5a-5fc4-46b5-b23b-6c73beb19d41
                name: multiple_failed_login
                correlation:
                    type: event_count
                    rules:
                        - failed_login
                    group-by:
                        - User
                    timespan: 10m
                    condition:
                        gte: 3
                ---
                title: Single failed login
                id: 53ba33fd-3a50-4468-a5ef-c583635cfa92
                name: failed_login
                logsource:
                    product: test
                detection:
                    selection:
                        EventID: [529, 4625]
                    condition: selection
                ---
                title: Successful login
                id: 4d0a2c83-c62c-4ed4-b475-c7e23a9269b8
                name: successful_login
                logsource:
                    product: test
                detection:
                    selection:
                        EventID: [528, 4624]
                    condition: selection
                """);
        assertThat(rs.rejections()).isEmpty();
        List<CorrelationResult> out = run(rs,
                at(1, "EventID", 4625L, "User", "bob"), at(2, "EventID", 4625L, "User", "bob"),
                at(3, "EventID", 4625L, "User", "bob"), at(9, "EventID", 4624L, "User", "bob"),
                at(20, "EventID", 4624L, "User", "alice"));
        assertThat(out).extracting(CorrelationResult::ruleId).containsExactly("b180ead8-d58f-40b2-ae54-c8940995b9b6");
        assertThat(out.get(0).key().asMap()).containsEntry("User", "bob");
        assertThat(out.get(0).level()).isEqualTo("high");
    }

    @Test
    void correlationsReferringToEachOtherInACycleAreRejected() {
        RuleSet rs = TestRules.set("""
                title: a
                name: a
                correlation: {type: event_count, rules: [b], group-by: [x], timespan: 1m, condition: {gte: 1}}
                ---
                title: b
                name: b
                correlation: {type: event_count, rules: [a], group-by: [x], timespan: 1m, condition: {gte: 1}}
                """);
        assertThat(rs.correlations()).isEmpty();
        assertThat(rs.rejections()).hasSize(2).allSatisfy(r -> assertThat(r.reason()).contains("cycle"));
    }

    @Test
    void aCorrelationChainDeeperThanTheJobsStagesIsRejectedWithItsLine() {
        String yaml = """
                title: base
                name: base
                logsource:
                    product: test
                detection:
                    s:
                        f: 1
                    condition: s
                ---
                title: c1
                name: c1
                correlation: {type: event_count, rules: [base], group-by: [x], timespan: 1m, condition: {gte: 1}}
                ---
                title: c2
                name: c2
                correlation: {type: event_count, rules: [c1], group-by: [x], timespan: 1m, condition: {gte: 1}}
                ---
                title: c3
                name: c3
                correlation: {type: event_count, rules: [c2], group-by: [x], timespan: 1m, condition: {gte: 1}}
                ---
                title: c4
                name: c4
                correlation: {type: event_count, rules: [c3], group-by: [x], timespan: 1m, condition: {gte: 1}}
                """;
        RuleSet rs = TestRules.set(yaml);
        assertThat(RuleSet.MAX_CORRELATION_DEPTH).isEqualTo(3);
        assertThat(rs.correlations()).extracting(c -> c.name()).containsExactlyInAnyOrder("c1", "c2", "c3");
        int line = yaml.lines().toList().indexOf("correlation: {type: event_count, rules: [c3], group-by: [x], timespan: 1m, condition: {gte: 1}}") + 1;
        assertThat(rs.rejections()).singleElement().satisfies(r -> {
            assertThat(r.origin()).isEqualTo("test.yml");
            assertThat(r.reason()).contains("correlation chains deeper than 3 are not supported");
            assertThat(r.line()).isEqualTo(line);
        });
    }

    @Test
    void anEventCountAboveWhatAWindowKeepsIsRejectedNamingTheCap() {
        String yaml = """
                title: too many
                correlation:
                    type: event_count
                    rules: [base]
                    group-by: [x]
                    timespan: 1h
                    condition: {%s: %d}
                ---
                title: base
                name: base
                logsource:
                    product: test
                detection:
                    s:
                        f: 1
                    condition: s
                """;
        int cap = org.citywall.detection.correlation.CorrelationState.MAX_WINDOW;
        assertThat(TestRules.set(yaml.formatted("gte", cap)).rejections()).isEmpty();
        assertThat(TestRules.set(yaml.formatted("gt", cap - 1)).rejections()).isEmpty();
        for (RuleSet rs : List.of(TestRules.set(yaml.formatted("gte", cap + 1)), TestRules.set(yaml.formatted("gt", cap)))) {
            assertThat(rs.correlations()).isEmpty();
            assertThat(rs.rejections()).singleElement().satisfies(r -> {
                assertThat(r.reason()).contains("event_count").contains(String.valueOf(cap)).contains("never fire");
                assertThat(r.line()).isEqualTo(7);
            });
        }
    }

    @Test
    void badCorrelationDefinitionsAreRejectedWithTheirLine() {
        RuleSet rs = TestRules.set("""
                title: bad timespan
                correlation:
                    type: event_count
                    rules: [base]
                    group-by: [x]
                    timespan: 1 hour
                    condition: {gte: 1}
                ---
                title: base
                name: base
                logsource:
                    product: test
                detection:
                    s:
                        f: 1
                    condition: s
                """);
        assertThat(rs.rejections()).singleElement().satisfies(r -> {
            assertThat(r.reason()).contains("timespan '1 hour'");
            assertThat(r.line()).isEqualTo(6);
        });
        RuleSet noField = TestRules.set("""
                title: no field
                correlation:
                    type: value_count
                    rules: [base]
                    group-by: [x]
                    timespan: 1h
                    condition: {gte: 1}
                ---
                title: base
                name: base
                logsource:
                    product: test
                detection:
                    s:
                        f: 1
                    condition: s
                """);
        assertThat(noField.rejections()).singleElement().satisfies(r -> assertThat(r.reason()).contains("needs 'field'"));
    }

    @Test
    void aLateBurstCountsTheSameWhetherItsGroupWasOpenOrNot() {
        RuleSet rs = TestRules.set("""
                title: many failures
                correlation:
                    type: event_count
                    rules:
                        - failure
                    group-by:
                        - source.ip
                    timespan: 1m
                    condition:
                        gte: 3
                ---
                title: failure
                name: failure
                logsource:
                    product: test
                detection:
                    selection:
                        event.outcome: failure
                    condition: selection
                """);
        CorrelationSettings noLateness = new CorrelationSettings(0, 0, 100, 50);
        DetectionLoop loop = new DetectionLoop(rs, noLateness, 0);
        List<CorrelationResult> out = new ArrayList<>(loop.process(at(50, "event.outcome", "success")).correlations());
        for (int s = 1; s <= 3; s++) { // forty seconds behind event time: past the lateness, for a group never seen
            out.addAll(loop.process(at(s, "event.outcome", "failure", "source.ip", "192.0.2.9")).correlations());
        }
        out.addAll(loop.finish());
        assertThat(out).isEmpty();
        assertThat(loop.lateDropped()).isEqualTo(3);
        assertThat(loop.openStates()).isZero();
    }
}
