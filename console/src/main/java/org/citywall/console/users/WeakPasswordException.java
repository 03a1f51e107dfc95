package org.citywall.console.users;

import java.util.List;

/** A password breaks the {@link PasswordPolicy}; {@link #violations()} names the rules. */
public final class WeakPasswordException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final List<String> violations;

    public WeakPasswordException(List<String> violations) {
        super("password breaks the policy: " + String.join(", ", violations));
        this.violations = List.copyOf(violations);
    }

    /** The broken rules' codes, see {@link PasswordPolicy#violations}. */
    public List<String> violations() {
        return violations;
    }
}
