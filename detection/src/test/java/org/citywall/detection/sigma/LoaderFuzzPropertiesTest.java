package org.citywall.detection.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Broken rules never escape as exceptions: whatever the YAML, building a rule set gives loaded rules
 * and rejections that each carry a file, a line and a reason.
 */
class LoaderFuzzPropertiesTest {

    private static final String SSH = read("/org/citywall/detection/rules/linux/ssh_brute_force.yml");

    private static final String RULE = """
            title: Suspicious curl upload
            id: 00000000-1111-4222-8333-444444444444
            logsource:
                product: linux
                category: process_creation
            detection:
                selection_img:
                    Image|endswith: '/curl'
                selection_cli:
                    CommandLine|contains|all:
                        - ' -F '
                        - '@/etc/'
                    CommandLine|re|i: 'https?://[a-z]+'
                filter_main:
                    User: null
                condition: all of selection_* and not 1 of filter_*
            level: high
            tags:
                - attack.exfiltration
                - attack.t1048
            """;

    private static String read(String resource) {
        try (InputStream in = LoaderFuzzPropertiesTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A mutation: delete, duplicate, or replace a span with a YAML-significant snippet. */
    record Mutation(int at, int length, String insert) {
        String apply(String s) {
            int a = Math.floorMod(at, s.length() + 1);
            int b = Math.min(s.length(), a + length);
            return s.substring(0, a) + insert + s.substring(b);
        }
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<String> snippets = Arbitraries.oneOf(
                Arbitraries.of("", ":", "- ", "|", "'", "\"", "{", "}", "[", "]", "\n", "\n  ", "*", "&a ", "*a", "!!binary ",
                        "null", "~", "---\n", "%", "\\", "\t", "|re", "|contains", "|all", "|cidr", " and ", " or ", " not ",
                        "1 of ", "(", ")", "|count() > 5", "\u0000", "\uFFFF", "é", "0x1F", "1e309", "?", "#"),
                Arbitraries.strings().ofMaxLength(6));
        Arbitrary<Mutation> m = Combinators.combine(Arbitraries.integers(), Arbitraries.integers().between(0, 8), snippets)
                .as(Mutation::new);
        return m.list().ofMinSize(1).ofMaxSize(6);
    }

    @Property(tries = 400)
    void mutatedRulesNeverThrow(@ForAll("mutations") List<Mutation> ms, @ForAll boolean correlation) {
        String text = correlation ? SSH : RULE;
        for (Mutation m : ms) {
            text = m.apply(text);
        }
        RuleSet rs = RuleSet.builder().addYaml("fuzz.yml", text).build();
        assertThat(rs.rejections()).allSatisfy(r -> {
            assertThat(r.origin()).isEqualTo("fuzz.yml");
            assertThat(r.line()).isGreaterThanOrEqualTo(0);
            assertThat(r.reason()).isNotBlank();
        });
        rs.match(new org.citywall.event.Event().put("event.dataset", "auditd.log").put("process.executable", "/usr/bin/curl"));
    }
}
