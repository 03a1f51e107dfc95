package org.citywall.console.alerts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the alert feed saw at its last poll: a fingerprint per alert (count, status, assignee, last
 * seen, updated at), so the next poll can tell new alerts from changed ones. An alert that dropped
 * out of the polled window keeps its fingerprint, up to {@code capacity} remembered alerts; past
 * that the oldest memories go, so memory stays bounded however long the feed runs (at worst an
 * alert forgotten that way is announced as new again when it returns).
 */
final class AlertMemory {
    /** The default bound: far more than one poll's window. */
    static final int MAX_REMEMBERED = 20_000;

    private final int capacity;
    private Map<String, String> seen;

    AlertMemory(int capacity) {
        this.capacity = capacity;
    }

    /** Forgets everything: the next {@link #compare} learns the present and reports nothing. */
    void forget() {
        seen = null;
    }

    int remembered() {
        return seen == null ? 0 : seen.size();
    }

    /**
     * The changes between the last poll and {@code now} (alert id → alert, newest first); none on
     * the first poll after {@link #forget}, which only learns.
     */
    List<AlertFeed.Change> compare(Map<String, Map<String, Object>> now) {
        Map<String, String> fingerprints = new LinkedHashMap<>();
        List<AlertFeed.Change> changes = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> e : now.entrySet()) {
            String fp = fingerprint(e.getValue());
            fingerprints.put(e.getKey(), fp);
            if (seen != null) {
                String before = seen.get(e.getKey());
                if (before == null) {
                    changes.add(new AlertFeed.Change("new", e.getValue()));
                } else if (!before.equals(fp)) {
                    changes.add(new AlertFeed.Change("updated", e.getValue()));
                }
            }
        }
        if (seen != null) {
            // the most recent memories come first in the map, so the oldest are the ones left out
            for (Map.Entry<String, String> e : seen.entrySet()) {
                if (fingerprints.size() >= capacity) {
                    break;
                }
                fingerprints.putIfAbsent(e.getKey(), e.getValue());
            }
        }
        seen = fingerprints;
        return changes;
    }

    private static String fingerprint(Map<String, Object> a) {
        return Objects.toString(a.get("count")) + "|" + a.get("status") + "|" + a.get("assignee") + "|" + a.get("last_seen")
                + "|" + a.get("updated_at");
    }
}
