package org.citywall.detection.sigma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citywall.detection.sigma.TestRules.event;

import org.junit.jupiter.api.Test;

/** Meta filters (sigma-filters-specification.md): one exclusion applied to the rules it names. */
class MetaFilterTest {
    private static final String RULES = """
            title: curl use
            id: 6f3e2987-db24-4c78-a860-b4f4095a7095
            logsource:
                product: test
            detection:
                selection:
                    cmd|contains: curl
                condition: selection
            ---
            title: wget use
            name: wget_use
            logsource:
                product: test
            detection:
                selection:
                    cmd|contains: wget
                condition: selection
            ---
            title: Filter administrator accounts
            logsource:
                product: test
            filter:
                rules:
                    - 6f3e2987-db24-4c78-a860-b4f4095a7095
                    - wget_use
                selection:
                    user|startswith: 'adm_'
                condition: selection
            """;

    @Test
    void aFilterExcludesMatchesOfTheRulesItNames() {
        RuleSet rs = TestRules.set(RULES);
        assertThat(rs.rejections()).isEmpty();
        assertThat(rs.rules()).hasSize(2);
        assertThat(rs.match(event("cmd", "curl http://x", "user", "adm_jane"))).isEmpty();
        assertThat(rs.match(event("cmd", "wget http://x", "user", "ADM_jane"))).isEmpty();
        assertThat(rs.match(event("cmd", "curl http://x", "user", "jane"))).hasSize(1);
    }

    @Test
    void aRuleWhoseFilterCannotBeAppliedIsRejectedNotRunUnfiltered() {
        RuleSet rs = TestRules.set(RULES.replace("user|startswith: 'adm_'", "user|nonsense: 'adm_'"));
        assertThat(rs.rules()).isEmpty();
        assertThat(rs.rejections()).hasSize(2).allSatisfy(r -> assertThat(r.reason())
                .contains("filter 'Filter administrator accounts'").contains("unknown modifier 'nonsense'"));
    }

    @Test
    void aFilterForAnotherLogSourceIsNotAppliedToARuleItNamesAndTheMisfitIsReported() {
        RuleSet rs = TestRules.set(RULES.replace("""
                title: Filter administrator accounts
                logsource:
                    product: test""", """
                title: Filter administrator accounts
                logsource:
                    product: windows"""));
        assertThat(rs.rules()).as("the rules still run").hasSize(2);
        assertThat(rs.match(event("cmd", "curl http://x", "user", "adm_jane"))).as("unfiltered").hasSize(1);
        assertThat(rs.rejections()).hasSize(2).allSatisfy(r -> {
            assertThat(r.rule()).isEqualTo("Filter administrator accounts");
            assertThat(r.reason()).startsWith("filter not applied to rule").contains("logsource product 'windows'");
        });
        assertThat(rs.rejections()).anySatisfy(r -> assertThat(r.reason()).contains("'curl use'"))
                .anySatisfy(r -> assertThat(r.reason()).contains("'wget use'"));
    }

    @Test
    void aFilterNamingARuleThatIsNotLoadedIsReported() {
        RuleSet rs = TestRules.set(RULES.replace("- wget_use", "- wget_use\n        - no_such_rule"));
        assertThat(rs.rules()).hasSize(2);
        assertThat(rs.rejections()).singleElement().satisfies(r ->
                assertThat(r.reason()).isEqualTo("filter names rule 'no_such_rule', which is not among the rules loaded with it"));
        assertThat(rs.match(event("cmd", "wget http://x", "user", "adm_jane"))).as("still applied where it fits").isEmpty();
    }
}
