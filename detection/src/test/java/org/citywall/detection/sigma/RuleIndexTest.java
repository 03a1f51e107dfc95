package org.citywall.detection.sigma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.citywall.event.Event;
import org.junit.jupiter.api.Test;

/** The index is only a shortcut: it must find exactly the matches a scan of every rule finds. */
class RuleIndexTest {

    private static List<String> linear(RuleSet rs, Event e) {
        EvalContext ctx = rs.context(e);
        List<String> ids = new ArrayList<>();
        for (SigmaRule r : rs.rules()) {
            if (r.explain(ctx) != null) {
                ids.add(r.id());
            }
        }
        return ids;
    }

    private static List<String> indexed(RuleSet rs, Event e) {
        return rs.match(e).stream().map(RuleMatch::ruleId).toList();
    }

    @Test
    void indexedMatchingEqualsALinearScanOnTheSigmaHqRulesAndTheEventMix() throws Exception {
        Path dir = SharedData.path("sigma/rules");
        assumeTrue(dir != null, "shared data not present");
        RuleSet rs = RuleSet.builder().addPath(dir).addBuiltInPack().build();
        List<Event> events = EventMix.generate(5_000, new Random(3));
        int matched = 0;
        for (Event e : events) {
            List<String> expected = linear(rs, e);
            assertThat(indexed(rs, e)).as("%s", e.fields()).isEqualTo(expected);
            matched += expected.isEmpty() ? 0 : 1;
        }
        assertThat(matched).as("the mix exercises rules").isGreaterThan(500);
        assertThat(rs.indexedRuleCount()).as("rules with a literal prefilter").isGreaterThan(rs.rules().size() * 9 / 10);
    }

    @Test
    void theIndexSelectsFewRulesPerEvent() throws Exception {
        Path dir = SharedData.path("sigma/rules");
        assumeTrue(dir != null, "shared data not present");
        RuleSet rs = RuleSet.builder().addPath(dir).build();
        List<Event> events = EventMix.generate(2_000, new Random(5));
        double avg = events.stream().mapToInt(rs::candidateCount).average().orElseThrow();
        assertThat(avg).as("average candidates of %d rules", rs.rules().size()).isLessThan(rs.rules().size() / 10.0);
    }

    @Test
    void aRuleSetSurvivesJavaSerialisationAsBroadcastStateDoes() throws Exception {
        Path dir = SharedData.path("sigma/rules");
        assumeTrue(dir != null, "shared data not present");
        RuleSet rs = RuleSet.builder().addPath(dir).addBuiltInPack().version("v7").build();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(rs);
        }
        assertThat(bytes.size()).as("serialised size (transition tables are rebuilt, not shipped)").isLessThan(4_000_000);
        RuleSet back;
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            back = (RuleSet) in.readObject();
        }
        assertThat(back.version()).isEqualTo("v7");
        for (Event e : EventMix.generate(2_000, new Random(9))) {
            assertThat(back.match(e)).isEqualTo(rs.match(e));
        }
    }

    @Test
    void aRuleWithoutALiteralIsStillEvaluated() {
        RuleSet rs = TestRules.set(TestRules.wrap("s:\n    n|gt: 5\ncondition: s\n"));
        assertThat(rs.indexedRuleCount()).isZero();
        assertThat(rs.match(TestRules.event("n", 6L))).hasSize(1);
    }

    @Test
    void negatedSelectionsGiveNoCoverButTheRuleStillWorks() {
        RuleSet rs = TestRules.set(TestRules.wrap("s:\n    f: x\ncondition: not s\n"));
        assertThat(rs.match(TestRules.event("f", "y"))).hasSize(1);
        assertThat(rs.match(TestRules.event("f", "X"))).isEmpty();
    }

    @Test
    void aMessageInsideItsOriginalLineIsFoundThroughTheLine() {
        RuleSet rs = TestRules.set(TestRules.wrap("keywords:\n    - 'sshd'\n    - 'Failed password'\ncondition: keywords\n"));
        // the literal only in the header (outside the message): found in event.original
        assertThat(rs.match(TestRules.event("message", "session opened", "event.original", "<38>1 - h sshd - - - session opened")))
                .hasSize(1);
        // in the message, which lies inside the line: found once, through the line
        assertThat(rs.match(TestRules.event("message", "Failed password", "event.original", "<38>1 - h x - - - Failed password")))
                .hasSize(1);
        // a message that is not part of the line is searched on its own
        assertThat(rs.match(TestRules.event("message", "Failed password", "event.original", "{\"msg\":\"...\"}"))).hasSize(1);
        assertThat(rs.match(TestRules.event("message", "ok", "event.original", "<38>1 - h x - - - ok"))).isEmpty();
    }

    @Test
    void aFieldIsCoveredOnlyByOneWithEveryLiteralAndRuleItHas() {
        Map<String, List<String>> patterns = new LinkedHashMap<>();
        Map<String, List<Integer>> rules = new LinkedHashMap<>();
        patterns.put("message", List.of("abc", "def"));
        rules.put("message", List.of(1, 2));
        patterns.put("event.original", List.of("abc", "def"));
        rules.put("event.original", List.of(1, 2));
        patterns.put("url.original", List.of("abc"));
        rules.put("url.original", List.of(3)); // same literal, another rule: not covered
        patterns.put("url.query", List.of("def"));
        rules.put("url.query", List.of(2));
        String[] fields = patterns.keySet().toArray(new String[0]);
        assertThat(RuleIndex.covers(fields, patterns, rules)).containsExactly(1, -1, -1, 1);
    }
}
