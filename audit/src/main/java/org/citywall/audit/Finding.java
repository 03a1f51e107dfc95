package org.citywall.audit;

/**
 * One thing verification found wrong (or, for {@link Kind#UNSIGNED_TAIL}, worth knowing).
 *
 * @param kind what kind of alteration
 * @param record the record position (seq) it concerns, or -1
 * @param head the index of the tree head it concerns (0 = first head in the source), or -1
 * @param location where in the files (e.g. {@code bundle line 1042}), or empty
 * @param message one sentence for an auditor
 */
public record Finding(Kind kind, long record, int head, String location, String message) {

    /** Kinds of findings. */
    public enum Kind {
        /** A record's content differs from what was signed. */
        RECORD_MODIFIED,
        /** A record that was never signed sits among signed ones (a forgery or a duplicate). */
        RECORD_INSERTED,
        /** Signed records are missing. */
        RECORD_DELETED,
        /** Signed records are all there but not in their signed order. */
        RECORDS_REORDERED,
        /** The records stop before the end of what was signed. */
        TRUNCATED,
        /** A tree head's signature does not verify, or it names another log. */
        HEAD_FORGED,
        /** A tree head is signed by a key the verifier was not told to trust. */
        HEAD_UNTRUSTED_KEY,
        /** Two validly signed heads cannot both be true (a consistency proof fails, or equal sizes with different roots). */
        HEADS_INCONSISTENT,
        /** The leaf-hash list or proof data is altered, while the records still match their signed heads. */
        PROOF_DATA_ALTERED,
        /** The bundle or log layout is broken (unreadable line, missing section). */
        MALFORMED,
        /** Records left the live log without a signed archive that accounts for them. */
        UNARCHIVED_REMOVAL,
        /** An archive file that an archive record names is gone from the log directory. */
        ARCHIVE_MISSING,
        /** An archive file differs from the SM3 its archive record carries. */
        ARCHIVE_ALTERED,
        /** Records after the last signed head: appended since, not yet covered by a signature (a warning). */
        UNSIGNED_TAIL,
        /** A file of a live log ends inside a line: a crash's torn write, repaired when the log is next opened (a warning). */
        TORN_TAIL;

        /** Whether this kind means the trail cannot be trusted as it stands. */
        public boolean isAlteration() {
            return this != UNSIGNED_TAIL && this != TORN_TAIL;
        }
    }

    /** A human-readable line: kind, position and message. */
    public String describe() {
        StringBuilder sb = new StringBuilder(kind.name());
        if (record >= 0) {
            sb.append(" record ").append(record);
        }
        if (head >= 0) {
            sb.append(" head #").append(head);
        }
        if (location != null && !location.isEmpty()) {
            sb.append(" (").append(location).append(')');
        }
        return sb.append(": ").append(message).toString();
    }
}
