package org.citywall.detection.sigma;

import java.io.Serializable;

/**
 * A rule (or file) that was not loaded, and why. Nothing is ever half-loaded: a rule is either
 * fully supported or rejected with one of these.
 *
 * @param origin the file (or classpath resource) it came from
 * @param line   1-based line of the offending item, or 0 when unknown
 * @param rule   the rule's id, name or title when known, else {@code null}
 * @param reason what is wrong or unsupported, in words an analyst can act on
 */
public record Rejection(String origin, int line, String rule, String reason) implements Serializable {

    /** {@code file:line: [rule] reason}, the form {@code citywall rules check} prints. */
    @Override
    public String toString() {
        return origin + ":" + line + ": " + (rule == null ? "" : "[" + rule + "] ") + reason;
    }
}
