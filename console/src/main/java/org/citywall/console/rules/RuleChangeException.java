package org.citywall.console.rules;

import java.util.List;

/** A rule change that was refused; {@link #code()} is stable, {@link #problems()} say why per line. */
public final class RuleChangeException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String code;
    private final transient List<RuleProblem> problems;

    public RuleChangeException(String code, String message, List<RuleProblem> problems) {
        super(message, null, false, false);
        this.code = code;
        this.problems = List.copyOf(problems);
    }

    public String code() {
        return code;
    }

    public List<RuleProblem> problems() {
        return problems;
    }
}
