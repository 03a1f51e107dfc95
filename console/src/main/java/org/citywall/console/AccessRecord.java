package org.citywall.console;

import java.util.Map;

/**
 * One access the console records on the audit trail: who ({@code subject}, {@code role}) did what
 * ({@code action} on {@code object}) in which {@code domain}, from where ({@code source}), with what
 * {@code result} ({@code success}, {@code failure}, {@code denied}). {@code action} is dotted,
 * {@code class.verb} ({@code console.login}, {@code alert.read}, {@code alert.triage},
 * {@code crypto.sign}); its first segment is the action class fail-closed policies name.
 * Details never hold passwords, tokens, keys or plaintext.
 */
public record AccessRecord(String subject, String role, String domain, String action, String object,
                           String result, String source, String requestId, Map<String, Object> details) {
    public AccessRecord {
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    /** The first dotted segment of the action. */
    public String actionClass() {
        int dot = action.indexOf('.');
        return dot < 0 ? action : action.substring(0, dot);
    }
}
