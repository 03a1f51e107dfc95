package org.citywall.detection.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The literal a regex requires is only a shortcut: a value without it must never have matched. */
class RegexLiteralTest {

    private static String required(String re, int flags) {
        return RegexLiteral.required(Pattern.compile(re, flags));
    }

    private static String required(String re) {
        return required(re, 0);
    }

    @Test
    void theLongestTopLevelLiteralIsRequired() {
        assertThat(required(".+:assumed-role/aws:.+")).isEqualTo(":assumed-role/aws:");
        assertThat(required("^/etc/(passwd|shadow)$")).isEqualTo("/etc/");
        assertThat(required("[a-z]+\\.exe\\s+-enc")).isEqualTo(".exe");
        assertThat(required("abc+def")).isEqualTo("abc");
        assertThat(required("x(?:yz)?longer")).isEqualTo("longer");
        assertThat(required("ab{0,3}cd")).isEqualTo("cd");
        assertThat(required("abcd?")).isEqualTo("abc");
        assertThat(required("pa(?=ss)ssword")).isEqualTo("ssword");
    }

    @Test
    void nothingIsRequiredWhenAlternativesFlagsOrOpaqueEscapesAreInvolved() {
        assertThat(required("cmd|powershell")).isNull();
        assertThat(required("(?i)whoami")).isNull();
        assertThat(required("whoami", Pattern.CASE_INSENSITIVE)).isNull();
        assertThat(required("who ami", Pattern.COMMENTS)).isNull();
        assertThat(required("\\x41dmin")).isNull();
        assertThat(required("\\Qa.b\\E")).isNull();
        assertThat(required("(a)\\1bc")).isNull();
        assertThat(required(".*")).isNull();
        assertThat(required("[abc]")).isNull();
    }

    @Test
    void multilineAndDotallKeepLiterals() {
        assertThat(required("^select .* from", Pattern.MULTILINE | Pattern.DOTALL)).isEqualTo("select ");
    }

    @Test
    void charactersInsideClassesAreNotLiterals() {
        assertThat(required("[]ab]cd")).isEqualTo("cd");
        assertThat(required("[^]x]yz")).isEqualTo("yz");
        assertThat(required("[a[bc]]de")).isEqualTo("de");
        assertThat(required("([)])ef")).isEqualTo("ef");
    }

    @Test
    void theMatcherStillFindsWhatTheRegexFinds() {
        RegexMatcher m = new RegexMatcher(Pattern.compile(".+:assumed-role/aws:.+"));
        EvalContext hit = new EvalContext(TestRules.event("f", "arn:aws:sts::1:assumed-role/aws:ec2-instance/i-1"), java.util.Set.of());
        EvalContext miss = new EvalContext(TestRules.event("f", "arn:aws:iam::1:user/alice"), java.util.Set.of());
        EvalContext list = new EvalContext(TestRules.event("f", List.of("x", "a:assumed-role/aws:b")), java.util.Set.of());
        assertThat(m.test(hit, "f")).isTrue();
        assertThat(m.test(miss, "f")).isFalse();
        assertThat(m.test(list, "f")).isTrue();
    }

    @Provide
    Arbitrary<String> regexes() {
        Arbitrary<String> token = Arbitraries.oneOf(
                Arbitraries.of("a", "b", ":", "/", "-", " ", "\\.", "\\-", ".", "^", "$", "\\d", "\\s", "\\w", "\\b"),
                Arbitraries.of("[ab]", "[^a]", "[]a]", "[a[b]]", "(a|b)", "(?:ab)", "(?=a)", "(?!b)", "(ab)", "(a(b)?)", "a|b"),
                Arbitraries.of("?", "*", "+", "{0,2}", "{1}", "{2,}", "*?", "++", "{1,2}?"));
        return token.list().ofMinSize(1).ofMaxSize(10).map(ts -> String.join("", ts));
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().withChars("ab:/-. 1").ofMaxLength(16);
    }

    @Property(tries = 3000)
    void aValueWithoutTheRequiredLiteralNeverMatches(@ForAll("regexes") String re, @ForAll("texts") String text) {
        Pattern p;
        try {
            p = Pattern.compile(re);
        } catch (PatternSyntaxException e) {
            Assume.that(false);
            return;
        }
        String lit = RegexLiteral.required(p);
        if (p.matcher(text).find()) {
            assertThat(lit == null || text.contains(lit)).as("%s finds in '%s' but requires '%s'", re, text, lit).isTrue();
        }
    }

    @Property(tries = 2000)
    void everyMatchContainsTheRequiredLiteral(@ForAll("regexes") String re, @ForAll("texts") String prefix,
            @ForAll("texts") String suffix) {
        Pattern p;
        try {
            p = Pattern.compile(re);
        } catch (PatternSyntaxException e) {
            Assume.that(false);
            return;
        }
        String lit = RegexLiteral.required(p);
        // texts built around the pattern's own characters match far more often than random ones
        String text = prefix + re.replaceAll("[\\\\\\[\\](){}?*+|^$]", "") + suffix;
        var m = p.matcher(text);
        while (m.find()) {
            assertThat(lit == null || m.group().contains(lit))
                    .as("%s finds '%s' in '%s' but requires '%s'", re, m.group(), text, lit).isTrue();
            if (m.end() == m.start()) {
                break;
            }
        }
    }
}
