package org.citywall.audit;

import java.util.Locale;

/** What came of an audited action. Written to records in lower case ({@code "success"}, ...). */
public enum AuditResult {
    /** The action was carried out. */
    SUCCESS,
    /** The action was attempted and failed (bad credentials, invalid input, an error). */
    FAILURE,
    /** The action was refused by an authorisation or policy decision. */
    DENIED;

    /** The form written to records. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The result written as {@code name}.
     *
     * @throws IllegalArgumentException if {@code name} is not one of {@code success}, {@code failure}, {@code denied}
     */
    public static AuditResult fromWire(String name) {
        for (AuditResult r : values()) {
            if (r.wireName().equals(name)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown result '" + name + "' (expected success, failure or denied)");
    }
}
