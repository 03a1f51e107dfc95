package org.citywall.detection.sigma;

/**
 * Why a rule cannot be loaded, with the position (YAML path) it concerns; the loader turns it into
 * a {@link Rejection} with file and line.
 */
final class RuleException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Dotted YAML path of the offending item ({@code detection.selection.CommandLine|re}), or "" for the document. */
    final String path;

    RuleException(String path, String reason) {
        super(reason);
        this.path = path == null ? "" : path;
    }
}
