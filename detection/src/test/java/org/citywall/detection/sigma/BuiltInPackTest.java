package org.citywall.detection.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.citywall.event.Event;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every rule file of the built-in pack, against its positive and negative test events (test
 * resources {@code rules/<file without .yml>/positive.log|jsonl} and {@code negative.*}): its alerting
 * rule fires on the positives, and never on the negatives.
 */
class BuiltInPackTest {
    private static RuleSet pack;

    @BeforeAll
    static void load() throws IOException {
        pack = RuleSet.builder().addBuiltInPack().build();
    }

    @Test
    void everyRuleOfThePackLoads() {
        assertThat(pack.rejections()).isEmpty();
        assertThat(pack.rules().size() + pack.correlations().size()).isGreaterThanOrEqualTo(26);
    }

    @Test
    void packTxtListsEveryRuleFileInTheResources() throws IOException {
        Path dir = Path.of("src/main/resources/org/citywall/detection/rules");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(dir), "run from the detection module");
        List<String> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(p -> p.toString().endsWith(".yml")).map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        }
        assertThat(RuleDocuments.builtInNames()).containsExactlyInAnyOrderElementsOf(files);
    }

    /** The alerting rules defined in one pack file. */
    private static List<String> alertingRulesOf(String file) {
        String origin = "classpath:" + RuleDocuments.BUILT_IN + file + ":";
        List<String> ids = new ArrayList<>();
        pack.rules().stream().filter(r -> r.origin().startsWith(origin)).forEach(r -> ids.add(r.id()));
        pack.correlations().stream().filter(c -> c.origin().startsWith(origin)).forEach(c -> ids.add(c.id()));
        ids.removeIf(id -> !pack.isAlerting(id));
        return ids;
    }

    private static List<Event> events(String file, String kind) throws IOException {
        String base = PackEvents.ROOT + file.replace(".yml", "/") + kind;
        List<Event> e = PackEvents.read(base + ".log");
        return e != null ? e : PackEvents.read(base + ".jsonl");
    }

    @TestFactory
    Stream<DynamicTest> eachPackFileFiresOnItsPositivesAndNotOnItsNegatives() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String file : RuleDocuments.builtInNames()) {
            tests.add(DynamicTest.dynamicTest(file, () -> {
                List<String> alerting = alertingRulesOf(file);
                assertThat(alerting).as("alerting rules in %s", file).hasSize(1);
                String rule = alerting.get(0);
                List<Event> positive = events(file, "positive");
                List<Event> negative = events(file, "negative");
                assertThat(positive).as("positive events for %s", file).isNotNull().isNotEmpty();
                assertThat(negative).as("negative events for %s", file).isNotNull().isNotEmpty();
                assertThat(positive).as("decoded without failure").noneMatch(e -> e.hasTag("decode_failure"));
                assertThat(PackEvents.run(pack, positive).ruleIds()).as("%s on its positives", file).contains(rule);
                assertThat(PackEvents.run(pack, negative).ruleIds()).as("%s on its negatives", file).doesNotContain(rule);
            }));
        }
        return tests.stream();
    }
}
