package org.citywall.console.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.citywall.console.TestRules;
import org.citywall.detection.sigma.RuleMatch;
import org.citywall.detection.sigma.RuleSet;
import org.citywall.event.Event;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rule catalog over the real built-in pack and a rules directory, validated by the detection
 * module's real {@link RuleSet}; what it writes is loaded back exactly as the detection job loads
 * its rules (built-in pack plus the directory), and must behave as the console says.
 */
class RuleCatalogTest {
    static final String BRUTE_FORCE = "1f0c9a52-6b1e-4d47-9d1c-5f2a7e3b8c01";
    static final String FAILED_PASSWORD = "6b8f2d3e-0a41-4c7e-a9b2-3d5e7f1c2a10";
    static final String PASSWORD_SPRAYING = "3c1d7e90-8f52-4b8a-b6f1-0d2e4a6c8b21";
    static final String TELNET_LOGIN = "4d2b9e0a-1111-4c3d-8e9f-000000000001";
    static final String TELNET_BURST_ID = "4d2b9e0a-1111-4c3d-8e9f-000000000009";
    static final String TELNET_BURST = """
            title: Console test - telnet log-in burst
            id: 4d2b9e0a-1111-4c3d-8e9f-000000000009
            correlation:
                type: event_count
                rules:
                    - 4d2b9e0a-1111-4c3d-8e9f-000000000001
                group-by:
                    - user.name
                timespan: 5m
                condition:
                    gte: 3
            level: high
            """;
    static final String GOOD = """
            title: Console test - telnet log-in
            id: 4d2b9e0a-1111-4c3d-8e9f-000000000001
            status: test
            description: A log-in over telnet.
            taxonomy: ecs
            tags:
                - attack.initial-access
                - attack.t1078
            logsource:
                product: linux
                service: sshd
            detection:
                selection:
                    event.action: telnet_login
                condition: selection
            level: medium
            """;
    static final String BROKEN = """
            title: Console test - broken
            id: 4d2b9e0a-1111-4c3d-8e9f-000000000002
            logsource:
                product: linux
                service: sshd
            detection:
                selection:
                    event.action|sometimes: telnet_login
                condition: selection and other
            level: medium
            """;

    @TempDir
    Path dir;
    Path rules;
    RuleCatalog catalog;

    @BeforeEach
    void open() {
        rules = dir.resolve("rules");
        catalog = new RuleCatalog(new RuleFiles(rules, getClass().getClassLoader()), TestRules.validator());
    }

    @Test
    void lists_the_built_in_pack_with_attack_links_and_which_correlation_counts_each_rule() {
        RuleInfo brute = catalog.find(BRUTE_FORCE).orElseThrow();
        assertThat(brute.builtIn()).isTrue();
        assertThat(brute.kind()).isEqualTo("correlation");
        assertThat(brute.correlation()).containsEntry("type", "event_count").containsEntry("timespan", "60s");
        assertThat(brute.attack()).extracting(AttackTags.Reference::id).containsExactly("TA0006", "T1110.001");
        assertThat(brute.attack().get(1).url()).isEqualTo("https://attack.mitre.org/techniques/T1110/001/");
        assertThat(brute.origin()).isEqualTo("builtin:linux/ssh_brute_force.yml");
        assertThat(catalog.find("citywall_ssh_failed_password").orElseThrow().usedBy()).contains(BRUTE_FORCE);
        assertThat(catalog.source(brute.origin()).orElseThrow()).contains("title: SSH brute force from one source");
        assertThat(catalog.problems()).isEmpty();
    }

    @Test
    void a_broken_upload_is_refused_with_its_problems_on_their_lines_and_nothing_is_written() {
        List<RuleProblem> problems = catalog.check("broken.yml", BROKEN);
        assertThat(problems).isNotEmpty().allSatisfy(p -> assertThat(p.origin()).isEqualTo("rules/broken.yml"));
        assertThat(problems.get(0).line()).isBetween(7, 9);
        assertThatThrownBy(() -> catalog.upload("broken.yml", BROKEN)).isInstanceOf(RuleChangeException.class)
                .satisfies(e -> assertThat(((RuleChangeException) e).code()).isEqualTo("rule_rejected"));
        assertThat(rules.resolve("broken.yml")).doesNotExist();
    }

    @Test
    void a_duplicate_id_of_a_built_in_rule_is_refused() {
        String copy = GOOD.replace("4d2b9e0a-1111-4c3d-8e9f-000000000001", FAILED_PASSWORD);
        assertThat(catalog.check("copy.yml", copy)).anySatisfy(p -> assertThat(p.message()).contains("duplicate id"));
    }

    @Test
    void a_good_upload_is_written_where_the_job_reads_it_and_listed_enabled() throws IOException {
        assertThat(catalog.check("telnet.yml", GOOD)).isEmpty();
        List<RuleInfo> written = catalog.upload("telnet.yml", GOOD);
        assertThat(written).singleElement().satisfies(r -> {
            assertThat(r.title()).isEqualTo("Console test - telnet log-in");
            assertThat(r.enabled()).isTrue();
            assertThat(r.builtIn()).isFalse();
        });
        assertThat(Files.readString(rules.resolve("telnet.yml"))).isEqualTo(GOOD);
        assertThat(matches(telnetLogin())).contains("4d2b9e0a-1111-4c3d-8e9f-000000000001");
    }

    @Test
    void file_names_outside_the_rules_directory_are_refused() {
        for (String name : List.of("../evil.yml", "a/b.yml", "x.txt", ".hidden.yml", "citywall-console-disabled.yml")) {
            assertThatThrownBy(() -> catalog.upload(name, GOOD)).as(name).isInstanceOf(RuleChangeException.class);
        }
    }

    @Test
    void disabling_a_correlation_keeps_its_events_from_the_rules_it_counts_until_it_is_enabled_again() throws IOException {
        catalog.upload("telnet.yml", GOOD + "---\n" + TELNET_BURST);
        assertThat(matches(telnetLogin())).as("before").contains(TELNET_LOGIN);

        RuleInfo off = catalog.setEnabled(TELNET_BURST_ID, false);
        assertThat(off.enabled()).isFalse();
        assertThat(Files.readString(rules.resolve(DisabledRules.FILE))).contains("citywall-console-disabled: " + TELNET_BURST_ID);
        assertThat(loadAsTheJobDoes().rejections()).isEmpty();
        assertThat(matches(telnetLogin())).as("disabled").doesNotContain(TELNET_LOGIN);

        RuleInfo on = catalog.setEnabled(TELNET_BURST_ID, true);
        assertThat(on.enabled()).isTrue();
        assertThat(rules.resolve(DisabledRules.FILE)).doesNotExist();
        assertThat(matches(telnetLogin())).as("enabled again").contains(TELNET_LOGIN);
    }

    @Test
    void a_correlation_whose_rules_another_enabled_correlation_counts_is_not_switched_off_alone() throws IOException {
        // SSH brute force, password spraying and the failure burst all count failed SSH passwords
        assertThatThrownBy(() -> catalog.setEnabled(BRUTE_FORCE, false))
                .isInstanceOfSatisfying(RuleChangeException.class, e -> {
                    assertThat(e.code()).isEqualTo("rule_shared");
                    assertThat(e.sharedWith()).contains(PASSWORD_SPRAYING).doesNotContain(BRUTE_FORCE);
                    assertThat(e.getMessage()).contains("citywall_ssh_failed_password");
                });
        assertThat(rules.resolve(DisabledRules.FILE)).doesNotExist();
        assertThat(catalog.find(BRUTE_FORCE).orElseThrow().enabled()).isTrue();
        assertThat(matches(failedPassword())).contains(FAILED_PASSWORD);

        // switching off the rule they count stops all of them, and says so in used_by
        RuleInfo base = catalog.setEnabled(FAILED_PASSWORD, false);
        assertThat(base.usedBy()).contains(BRUTE_FORCE, PASSWORD_SPRAYING);
        assertThat(matches(failedPassword())).doesNotContain(FAILED_PASSWORD);
    }

    @Test
    void disabling_a_detection_rule_filters_that_rule() throws IOException {
        catalog.upload("telnet.yml", GOOD);
        catalog.setEnabled("4d2b9e0a-1111-4c3d-8e9f-000000000001", false);
        assertThat(catalog.find("4d2b9e0a-1111-4c3d-8e9f-000000000001").orElseThrow().enabled()).isFalse();
        assertThat(loadAsTheJobDoes().rejections()).isEmpty();
        assertThat(matches(telnetLogin())).doesNotContain("4d2b9e0a-1111-4c3d-8e9f-000000000001");
    }

    @Test
    void without_a_validator_the_catalog_is_read_only() {
        RuleCatalog readOnly = new RuleCatalog(new RuleFiles(rules, getClass().getClassLoader()), null);
        assertThat(readOnly.writable()).isFalse();
        assertThat(readOnly.rules()).isNotEmpty();
        assertThatThrownBy(() -> readOnly.upload("telnet.yml", GOOD)).isInstanceOf(RuleChangeException.class)
                .satisfies(e -> assertThat(((RuleChangeException) e).code()).isEqualTo("rules_read_only"));
    }

    @Test
    void disabling_a_rule_in_the_sigma_taxonomy_works_too() throws IOException {
        String sigma = """
                title: Console test - sudo by the telnet account
                id: 4d2b9e0a-1111-4c3d-8e9f-000000000003
                logsource:
                    product: linux
                    service: auth
                detection:
                    selection:
                        User: telnet-admin
                    condition: selection
                level: low
                """;
        assertThat(catalog.check("sigma.yml", sigma)).isEmpty();
        catalog.upload("sigma.yml", sigma);
        Event e = new Event(Map.of("@timestamp", "2026-03-03T10:00:00Z", "event.dataset", "system.auth", "process.name", "sshd",
                "user.name", "telnet-admin"));
        assertThat(matches(e)).contains("4d2b9e0a-1111-4c3d-8e9f-000000000003");
        catalog.setEnabled("4d2b9e0a-1111-4c3d-8e9f-000000000003", false);
        assertThat(loadAsTheJobDoes().rejections()).isEmpty();
        assertThat(matches(e)).doesNotContain("4d2b9e0a-1111-4c3d-8e9f-000000000003");
    }

    RuleSet loadAsTheJobDoes() throws IOException {
        var b = RuleSet.builder().addBuiltInPack();
        if (Files.exists(rules)) {
            b.addPath(rules);
        }
        return b.build();
    }

    List<String> matches(Event e) throws IOException {
        return loadAsTheJobDoes().match(e).stream().map(RuleMatch::ruleId).toList();
    }

    static Event failedPassword() {
        return new Event(Map.of("@timestamp", "2026-03-03T10:00:00Z", "event.dataset", "system.auth", "process.name", "sshd",
                "event.action", "ssh_login", "event.outcome", "failure", "system.auth.ssh.method", "password",
                "source.ip", "203.0.113.7", "user.name", "root", "message", "Failed password for root from 203.0.113.7 port 52144 ssh2"));
    }

    static Event telnetLogin() {
        return new Event(Map.of("@timestamp", "2026-03-03T10:00:00Z", "event.dataset", "system.auth", "process.name", "sshd",
                "event.action", "telnet_login", "user.name", "root"));
    }
}
