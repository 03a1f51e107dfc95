package org.citywall.console;

import org.citywall.console.rules.RuleProblem;
import org.citywall.console.rules.RuleValidator;
import org.citywall.detection.sigma.RuleSet;
import org.citywall.detection.sigma.RuleSetBuilder;

/** The detection module's real Sigma validator, as the app passes it to the console. */
public final class TestRules {
    private TestRules() {}

    /** Builds the whole set with {@link RuleSet} and reports its rejections. */
    public static RuleValidator validator() {
        return sources -> {
            RuleSetBuilder b = RuleSet.builder();
            sources.forEach(s -> b.addYaml(s.origin(), s.yaml()));
            return b.build().rejections().stream().map(r -> new RuleProblem(r.origin(), r.line(), r.rule(), r.reason())).toList();
        };
    }
}
