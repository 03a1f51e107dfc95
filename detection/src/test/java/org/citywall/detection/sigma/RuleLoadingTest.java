package org.citywall.detection.sigma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Loading: schema validation, rejections with file and line, v1 syntax, whole-set validation. */
class RuleLoadingTest {

    @Test
    void invalidYamlIsRejectedWithItsLine() {
        RuleSet rs = TestRules.set("title: x\nlogsource:\n  product: test\ndetection: [unclosed\n");
        assertThat(rs.rules()).isEmpty();
        assertThat(rs.rejections()).singleElement().satisfies(r -> {
            assertThat(r.origin()).isEqualTo("test.yml");
            assertThat(r.line()).isGreaterThanOrEqualTo(4);
            assertThat(r.reason()).startsWith("invalid YAML");
        });
    }

    @Test
    void duplicateKeysAreRejected() {
        RuleSet rs = TestRules.set(TestRules.wrap("s:\n    f: 1\n    f: 2\ncondition: s\n"));
        assertThat(rs.rejections()).singleElement().satisfies(r -> {
            assertThat(r.reason()).contains("duplicate key 'f'");
            assertThat(r.line()).as("the second 'f'").isEqualTo(8);
        });
    }

    @Test
    void schemaViolationsNameTheField() {
        RuleSet rs = TestRules.set("""
                title: x
                logsource:
                    product: test
                level: severe
                detection:
                    s:
                        f: 1
                    condition: s
                """);
        assertThat(rs.rejections()).singleElement().satisfies(r -> {
            assertThat(r.reason()).contains("Sigma schema").contains("level");
            assertThat(r.line()).isEqualTo(4);
        });
    }

    @Test
    void anUnknownSearchIdentifierIsRejectedAtTheCondition() {
        Rejection r = TestRules.rejection("s:\n    f: 1\ncondition: s and t\n");
        assertThat(r.reason()).contains("'t'").contains("not a search identifier");
        assertThat(r.line()).isEqualTo(8);
    }

    @Test
    void aPatternMatchingNothingIsRejected() {
        assertThat(TestRules.rejection("s:\n    f: 1\ncondition: s and not 1 of filter_*\n").reason())
                .contains("matches no search identifier");
    }

    @Test
    void v1AggregationIsRejectedWithTheV2Equivalent() {
        Rejection r = TestRules.rejection("s:\n    f: 1\ncondition: s | count(user) by src_ip > 10\n");
        assertThat(r.reason()).contains("value_count").contains("group-by: [src_ip]").contains("field: user")
                .contains("gt: 10");
        assertThat(TestRules.rejection("s:\n    f: 1\ncondition: s | count() > 5\n").reason())
                .contains("event_count").contains("gt: 5");
        assertThat(TestRules.rejection("a:\n    f: 1\nb:\n    g: 1\ncondition: a | near b\n").reason())
                .contains("near").contains("temporal");
        assertThat(TestRules.rejection("s:\n    f: 1\ntimeframe: 30m\ncondition: s\n").reason())
                .contains("timespan");
    }

    @Test
    void everyV1FileOfTheSharedDataIsRejected() throws Exception {
        Path dir = SharedData.path("sigma/unsupported-v1-aggregation");
        assumeTrue(dir != null, "shared data not present");
        RuleSet rs = RuleSet.builder().addPath(dir).build();
        assertThat(rs.rules()).isEmpty();
        assertThat(rs.correlations()).isEmpty();
        long v1 = rs.rejections().stream().filter(r -> r.reason().contains("v1")).count();
        assertThat(v1).isGreaterThanOrEqualTo(55);
        assertThat(rs.rejections()).allSatisfy(r -> {
            assertThat(r.line()).isPositive();
            assertThat(r.reason()).isNotBlank();
        });
    }

    @Test
    void aRuleMarkedUnsupportedIsRejected() {
        RuleSet rs = TestRules.set(TestRules.wrap("s:\n    f: 1\ncondition: s\n").replace("title: test rule", "title: old\nstatus: unsupported"));
        assertThat(rs.rejections()).singleElement().satisfies(r -> {
            assertThat(r.reason()).contains("status: unsupported");
            assertThat(r.line()).isEqualTo(2);
        });
    }

    @Test
    void duplicateIdsAreRejectedNamingTheFirstDefinition() {
        String rule = TestRules.wrap("s:\n    f: 1\ncondition: s\n");
        RuleSet rs = RuleSet.builder(TestRules.PIPELINE).addYaml("a.yml", rule).addYaml("b.yml", rule).build();
        assertThat(rs.rules()).hasSize(1);
        assertThat(rs.rejections()).singleElement().satisfies(r -> {
            assertThat(r.origin()).isEqualTo("b.yml");
            assertThat(r.reason()).contains("duplicate id").contains("a.yml:1");
        });
    }

    @Test
    void anUnsupportedLogSourceIsRejected() {
        RuleSet rs = RuleSet.builder().addYaml("az.yml", """
                title: azure thing
                logsource:
                    product: azure
                    service: signinlogs
                detection:
                    s:
                        ResultType: 50126
                    condition: s
                """).build();
        assertThat(rs.rejections()).singleElement().satisfies(r -> {
            assertThat(r.reason()).contains("log source").contains("azure").contains("not collected");
            assertThat(r.line()).isEqualTo(2);
        });
    }

    @Test
    void aFieldTheLogSourceLacksIsRejected() {
        RuleSet rs = RuleSet.builder().addYaml("fw.yml", """
                title: firewall thing
                logsource:
                    category: firewall
                detection:
                    s:
                        blocked: 'false'
                    condition: s
                """).build();
        assertThat(rs.rejections()).singleElement().satisfies(r -> {
            assertThat(r.reason()).contains("field 'blocked' does not exist");
            assertThat(r.line()).isEqualTo(6);
        });
    }

    @Test
    void theSigmaHqRulesLoadAndEveryRejectionIsAnUnsupportedLogSourceOrField() throws Exception {
        Path dir = SharedData.path("sigma/rules");
        assumeTrue(dir != null, "shared data not present");
        RuleSet rs = RuleSet.builder().addPath(dir).build();
        assertThat(rs.rules().size()).isGreaterThanOrEqualTo(270);
        assertThat(rs.rejections()).allSatisfy(r -> assertThat(r.reason())
                .matches("log source .* is not (collected by CityWall|supported).*|field '.*' does not exist in CityWall's events.*"));
        assertThat(rs.rules().size() + rs.rejections().size()).isEqualTo(533);
    }

    @Test
    void correlationsReferToRulesByNameAcrossDocuments() {
        RuleSet rs = TestRules.set("""
                title: many
                id: 0e95725d-7320-415d-80f7-004da920fc11
                correlation:
                    type: event_count
                    rules: [base]
                    group-by: [user.name]
                    timespan: 1h
                    condition:
                        gte: 3
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
        assertThat(rs.rejections()).isEmpty();
        assertThat(rs.correlations()).singleElement().satisfies(c -> {
            assertThat(c.references()).containsKey("base");
            assertThat(c.timespanMillis()).isEqualTo(3_600_000L);
        });
        assertThat(rs.match(TestRules.event("f", 1L))).singleElement()
                .satisfies(m -> assertThat(m.alerting()).as("a correlated rule does not alert alone").isFalse());
    }

    @Test
    void aCorrelationOverAMissingOrRejectedRuleIsRejected() {
        RuleSet missing = TestRules.set("""
                title: many
                correlation:
                    type: event_count
                    rules: [nope]
                    group-by: [user.name]
                    timespan: 1h
                    condition:
                        gte: 3
                """);
        assertThat(missing.rejections()).singleElement().satisfies(r -> assertThat(r.reason()).contains("'nope'").contains("not loaded"));
        RuleSet rejected = TestRules.set("""
                title: many
                correlation:
                    type: event_count
                    rules: [base]
                    group-by: [user.name]
                    timespan: 1h
                    condition:
                        gte: 3
                ---
                title: base
                name: base
                logsource:
                    product: test
                detection:
                    s:
                        f|bogus: 1
                    condition: s
                """);
        assertThat(rejected.correlations()).isEmpty();
        assertThat(rejected.rejections()).hasSize(2);
        assertThat(rejected.rejections().get(1).reason()).contains("'base', which was rejected").contains("bogus");
    }

    @Test
    void aRuleWithoutIdOrNameGetsAStableDerivedId() {
        String yaml = "title: anonymous\nlogsource:\n    product: test\ndetection:\n    s:\n        f: 1\n    condition: s\n";
        String first = TestRules.set(yaml).rules().get(0).id();
        assertThat(first).isNotBlank().isEqualTo(TestRules.set(yaml).rules().get(0).id());
        assertThat(TestRules.set(yaml.replace("anonymous", "other")).rules().get(0).id()).isNotEqualTo(first);
    }

    @Test
    void correlationSpecExamplesLoadAgainstRulesOfTheirNames() throws Exception {
        Path dir = SharedData.path("sigma/spec-tests/tests/schema/correlation");
        assumeTrue(dir != null, "shared data not present");
        for (String f : List.of("event_count.yml", "value_count.yml", "temporal.yml", "temporal_ordered.yml",
                "value_sum.yml", "value_avg.yml", "value_percentile.yml")) {
            String yaml = java.nio.file.Files.readString(dir.resolve(f));
            StringBuilder all = new StringBuilder(yaml);
            for (String ref : List.of("5638f7c0-ac70-491d-8465-2a65075e0d86", "recon_cmd_a", "recon_cmd_b", "recon_cmd_c",
                    "rule_a_id", "process_creation", "website_access")) {
                if (yaml.contains(ref)) {
                    all.append("\n---\ntitle: ").append(ref).append('\n')
                            .append(ref.contains("-") ? "id: " : "name: ").append(ref).append('\n')
                            .append("logsource:\n    product: test\ndetection:\n    s:\n        f: 1\n    condition: s\n");
                }
            }
            RuleSet rs = TestRules.set(all.toString());
            assertThat(rs.rejections()).as(f).isEmpty();
            assertThat(rs.correlations()).as(f).hasSize(1);
        }
    }
}
