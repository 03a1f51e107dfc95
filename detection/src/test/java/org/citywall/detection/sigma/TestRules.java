package org.citywall.detection.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.citywall.event.Event;

/** Builds single rules from YAML for tests, over a pipeline whose {@code test} product keeps field names. */
final class TestRules {
    private TestRules() {}

    static final ProcessingPipeline PIPELINE = ProcessingPipeline.parse("""
            name: test
            placeholders:
              Admins: [root, 'adm_*']
            logsources:
              - match: {product: test}
                datasets: [test]
                unmapped: keep
            """, "test-pipeline");

    /** A rule set from YAML documents. */
    static RuleSet set(String yaml) {
        return RuleSet.builder(PIPELINE).addYaml("test.yml", yaml).build();
    }

    /** One rule with the given detection block (indented by four spaces under 'detection:'). */
    static SigmaRule rule(String detection) {
        RuleSet rs = set(wrap(detection));
        assertThat(rs.rejections()).as("rejections").isEmpty();
        return rs.rules().get(0);
    }

    /** The rejection of a rule with this detection block. */
    static Rejection rejection(String detection) {
        RuleSet rs = set(wrap(detection));
        assertThat(rs.rules()).as("loaded rules").isEmpty();
        return rs.rejections().get(0);
    }

    static String wrap(String detection) {
        StringBuilder sb = new StringBuilder("""
                title: test rule
                id: 11111111-2222-4333-8444-555555555555
                logsource:
                    product: test
                detection:
                """);
        detection.lines().forEach(l -> sb.append("    ").append(l).append('\n'));
        return sb.toString();
    }

    /** An event of the test dataset with the given flat fields. */
    static Event event(Object... kv) {
        Event e = new Event(Map.of("event.dataset", "test"));
        for (int i = 0; i < kv.length; i += 2) {
            e.put((String) kv[i], kv[i + 1]);
        }
        return e;
    }

    static List<Object> list(Object... items) {
        return List.of(items);
    }
}
