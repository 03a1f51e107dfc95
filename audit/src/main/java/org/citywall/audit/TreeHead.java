package org.citywall.audit;

import java.time.Instant;
import java.util.Arrays;

/**
 * The state of one log at one moment: its first {@code size} records hash to {@code root}.
 *
 * @param logId identifies the log, so a head of one log cannot stand in for another's
 * @param size number of records covered (leaves {@code [0, size)})
 * @param root RFC 9162 Merkle tree hash (SM3) of those records
 * @param time when the head was made (UTC, microseconds)
 */
public record TreeHead(String logId, long size, byte[] root, Instant time) {

    public TreeHead {
        if (logId == null || logId.isBlank() || logId.length() > 128) {
            throw new IllegalArgumentException("logId must be 1-128 characters");
        }
        if (size < 0 || size > CanonicalJson.MAX_SAFE_INTEGER) {
            throw new IllegalArgumentException("size " + size + " is outside [0, 2^53-1]");
        }
        if (root == null || root.length != TreeHashes.LENGTH) {
            throw new IllegalArgumentException("root must be " + TreeHashes.LENGTH + " bytes");
        }
        if (time == null || time.getNano() % 1000 != 0) {
            throw new IllegalArgumentException("time must have microsecond precision, got " + time);
        }
        root = root.clone();
    }

    @Override
    public byte[] root() {
        return root.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TreeHead h && h.logId.equals(logId) && h.size == size && Arrays.equals(h.root, root)
                && h.time.equals(time);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(root) * 31 + Long.hashCode(size);
    }

    @Override
    public String toString() {
        return "TreeHead[size=" + size + ", root=" + TreeHashes.hex(root) + ", time=" + AuditRecord.TIME.format(time) + "]";
    }
}
