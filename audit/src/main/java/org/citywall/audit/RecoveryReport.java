package org.citywall.audit;

import java.util.List;

/**
 * What opening a log found and repaired. A crash while appending leaves at most a torn tail
 * of unacknowledged bytes; it is cut off and kept in {@code quarantine/} (never silently
 * dropped), and the log reports it here and in its own log output.
 *
 * @param created the log did not exist and was created
 * @param records torn tail of the open segment file, or null
 * @param heads torn tail of {@code heads.jsonl}, or null
 * @param keys torn tail of {@code keys.jsonl}, or null
 * @param leavesRewritten leaf hashes recomputed from records because the cache was short, damaged or long
 * @param notes one line per repair, for operators
 */
public record RecoveryReport(boolean created, TornTail records, TornTail heads, TornTail keys, long leavesRewritten,
                             List<String> notes) {

    public RecoveryReport {
        notes = List.copyOf(notes);
    }

    /** True if nothing had to be repaired. */
    public boolean clean() {
        return records == null && heads == null && keys == null && leavesRewritten == 0;
    }
}
