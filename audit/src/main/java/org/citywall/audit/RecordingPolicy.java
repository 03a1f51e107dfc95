package org.citywall.audit;

import java.util.Map;
import java.util.TreeMap;

/**
 * Per action class, whether a request that cannot be recorded is refused (fail closed, the
 * default for everything) or let through (fail open). Rules name an action class
 * ({@code alert}) or a full action ({@code alert.read}); the longest rule that matches an
 * action wins. Immutable.
 */
public final class RecordingPolicy {

    private final boolean defaultClosed;
    private final Map<String, Boolean> rules;

    private RecordingPolicy(boolean defaultClosed, Map<String, Boolean> rules) {
        this.defaultClosed = defaultClosed;
        this.rules = Map.copyOf(rules);
    }

    /** Every action fails closed unless a rule says otherwise. */
    public static RecordingPolicy failClosed() {
        return new RecordingPolicy(true, Map.of());
    }

    /** This policy, with {@code classOrAction} (and actions under it) failing open. */
    public RecordingPolicy failOpen(String classOrAction) {
        return with(classOrAction, false);
    }

    /** This policy, with {@code classOrAction} (and actions under it) failing closed. */
    public RecordingPolicy failClosed(String classOrAction) {
        return with(classOrAction, true);
    }

    private RecordingPolicy with(String rule, boolean closed) {
        if (rule == null || rule.isBlank()) {
            throw new IllegalArgumentException("a rule names an action class or an action");
        }
        Map<String, Boolean> m = new TreeMap<>(rules);
        m.put(rule, closed);
        return new RecordingPolicy(defaultClosed, m);
    }

    /** Whether a request with {@code action} must be refused when it cannot be recorded. */
    public boolean failsClosed(String action) {
        String best = null;
        for (String rule : rules.keySet()) {
            boolean matches = action.equals(rule) || action.startsWith(rule + ".");
            if (matches && (best == null || rule.length() > best.length())) {
                best = rule;
            }
        }
        return best == null ? defaultClosed : rules.get(best);
    }

    @Override
    public String toString() {
        return "RecordingPolicy[default=" + (defaultClosed ? "closed" : "open") + ", rules=" + rules + "]";
    }
}
