package org.citywall.audit;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of verifying a bundle or a log directory. {@link #intact()} is true only if every
 * record is covered by a validly signed, trusted tree head, every head is consistent with the
 * others, and nothing was found altered. Findings come in the order they were found, so the
 * first alteration is {@link #firstAlteration()}.
 *
 * @param source what was verified
 * @param records records checked
 * @param heads tree heads whose signatures verified
 * @param firstSeq seq of the first record checked
 * @param endSeq seq just past the last signed record
 * @param findings what was found, first first
 */
public record VerificationReport(String source, long records, int heads, long firstSeq, long endSeq, List<Finding> findings) {

    public VerificationReport {
        findings = List.copyOf(findings);
    }

    /** True if nothing was altered (an unsigned tail alone still counts as intact, and is listed). */
    public boolean intact() {
        return findings.stream().noneMatch(f -> f.kind().isAlteration());
    }

    /** The first alteration found, if any. */
    public Optional<Finding> firstAlteration() {
        return findings.stream().filter(f -> f.kind().isAlteration()).findFirst();
    }

    /** A few lines for a terminal: the verdict first, then every finding. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        if (intact()) {
            sb.append("INTACT: ").append(source).append(": ").append(records).append(" records (seq ").append(firstSeq)
                    .append("..").append(Math.max(firstSeq, endSeq) - 1).append("), ").append(heads)
                    .append(" signed tree heads, all consistent\n");
        } else {
            Finding f = firstAlteration().orElseThrow();
            sb.append("ALTERED: ").append(source).append(": first problem: ").append(f.describe()).append('\n');
        }
        for (Finding f : findings) {
            sb.append("  ").append(f.describe()).append('\n');
        }
        return sb.toString();
    }
}
