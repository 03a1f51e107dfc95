package org.citywall.detection.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The wildcard matcher against a regular-expression reference, and escaping round trips. */
class WildcardPropertiesTest {

    @Provide
    Arbitrary<String> patterns() {
        return Arbitraries.strings().withChars("ab*?\\").ofMaxLength(8);
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().withChars("abAB*?\\").ofMaxLength(10);
    }

    /** What a Sigma pattern means, written as a regular expression from its parsed parts. */
    private static Pattern reference(SigmaString s) {
        StringBuilder re = new StringBuilder();
        for (Object p : s.parts()) {
            if (p == SigmaString.Wildcard.STAR) {
                re.append(".*");
            } else if (p == SigmaString.Wildcard.ONE) {
                re.append('.');
            } else {
                re.append(Pattern.quote(((String) p).toLowerCase(Locale.ROOT)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    @Property(tries = 2000)
    void globAgreesWithTheRegexReference(@ForAll("patterns") String raw, @ForAll("texts") String text) {
        SigmaString s = SigmaString.parse(raw);
        StringMatcher m = new StringMatcher(s, false);
        String lower = text.toLowerCase(Locale.ROOT);
        assertThat(m.matches(lower)).isEqualTo(reference(s).matcher(lower).matches());
    }

    @Property(tries = 1000)
    void aTextMatchesItselfWithAnyRunReplacedByStar(@ForAll("texts") String text, @ForAll int a, @ForAll int b) {
        String escaped = SigmaString.literal(text).toString();
        assertThat(new StringMatcher(SigmaString.parse(escaped), true).matches(text)).isTrue();
        if (!text.isEmpty()) {
            int from = Math.floorMod(a, text.length());
            int to = from + Math.floorMod(b, text.length() - from + 1);
            String pattern = SigmaString.literal(text.substring(0, from)) + "*" + SigmaString.literal(text.substring(to));
            assertThat(new StringMatcher(SigmaString.parse(pattern), true).matches(text)).as(pattern).isTrue();
        }
    }

    @Property(tries = 1000)
    void printingAndParsingIsTheIdentity(@ForAll("patterns") String raw) {
        SigmaString s = SigmaString.parse(raw);
        assertThat(SigmaString.parse(s.toString())).isEqualTo(s);
    }

    @Property(tries = 500)
    void theIndexLiteralIsNecessaryForAMatch(@ForAll("patterns") String raw, @ForAll("texts") String text) {
        StringMatcher m = new StringMatcher(SigmaString.parse(raw), false);
        ValueMatcher.Literal lit = m.literal();
        String lower = text.toLowerCase(Locale.ROOT);
        if (lit != null && m.matches(lower)) {
            assertThat(lit.exact() ? lower.equals(lit.text()) : lower.contains(lit.text())).isTrue();
        }
    }
}
