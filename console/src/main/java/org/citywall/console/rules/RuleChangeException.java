package org.citywall.console.rules;

import java.util.List;

/** A rule change that was refused; {@link #code()} is stable, {@link #problems()} say why per line. */
public final class RuleChangeException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String code;
    private final transient List<RuleProblem> problems;
    private final transient List<String> sharedWith;

    public RuleChangeException(String code, String message, List<RuleProblem> problems) {
        this(code, message, problems, List.of());
    }

    RuleChangeException(String code, String message, List<RuleProblem> problems, List<String> sharedWith) {
        super(message, null, false, false);
        this.code = code;
        this.problems = List.copyOf(problems);
        this.sharedWith = List.copyOf(sharedWith);
    }

    /** For {@code rule_shared}: the ids of the enabled correlations that count the same rules. */
    public List<String> sharedWith() {
        return sharedWith;
    }

    public String code() {
        return code;
    }

    public List<RuleProblem> problems() {
        return problems;
    }
}
