package org.citywall.detection.sigma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
}
