package org.citywall.console.rules;

import java.util.List;

/**
 * Validates a whole set of rule files exactly as the detection job loads them (schema, pipeline,
 * correlation references, duplicate ids, filters). The console does not depend on the detection
 * module; the runtime passes the real one:
 *
 * <pre>{@code
 * RuleValidator v = sources -> {
 *     RuleSetBuilder b = RuleSet.builder();
 *     sources.forEach(s -> b.addYaml(s.origin(), s.yaml()));
 *     return b.build().rejections().stream()
 *             .map(r -> new RuleProblem(r.origin(), r.line(), r.rule(), r.reason())).toList();
 * };
 * }</pre>
 */
@FunctionalInterface
public interface RuleValidator {
    /**
     * @param sources every rule file of the set, in the order the job loads them
     * @return every problem of the set; empty when all of it loads
     */
    List<RuleProblem> validate(List<RuleText> sources);
}
