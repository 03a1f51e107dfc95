package org.citywall.detection.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A rule's regular expression cannot stall the job on a value an attacker chose. */
class RegexBudgetTest {

    @Test
    @Timeout(10)
    void aCatastrophicPatternOnAHostileValueIsStoppedAsNoMatchAndCounted() {
        // Java's engine memoises simple nested quantifiers, not this: 11 s at 32 characters, minutes at 40
        RegexMatcher m = new RegexMatcher(Pattern.compile("^(.*a){12}$"));
        String hostile = "a".repeat(40) + "!";
        long before = RuleSet.regexSearchesStopped();
        assertThat(m.test(new EvalContext(TestRules.event("url.original", hostile), java.util.Set.of()), "url.original")).isFalse();
        assertThat(RuleSet.regexSearchesStopped()).isEqualTo(before + 1);
    }

    @Property(tries = 300)
    void theBudgetNeverChangesTheAnswerOfAnOrdinaryPattern(@ForAll @StringLength(max = 400) String value) {
        Pattern p = Pattern.compile("(?i)(union\\s+select|/etc/passwd|\\.\\./)");
        assertThat(p.matcher(new RegexBudget(value)).find()).isEqualTo(p.matcher(value).find());
    }
}
