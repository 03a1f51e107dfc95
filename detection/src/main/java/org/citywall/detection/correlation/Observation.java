package org.citywall.detection.correlation;

import java.io.Serializable;
import java.util.Map;

/** What a correlation keeps of one matched event: never the event itself, only what it aggregates or reports. */
record Observation(long seq, long time, int rulePosition, String eventId, Object value, Map<String, Object> report)
        implements Serializable {

    /** Processing order: event time, then the rule's position (so simultaneous events respect temporal_ordered), then arrival. */
    static int compare(Observation a, Observation b) {
        int c = Long.compare(a.time, b.time);
        if (c == 0) {
            c = Integer.compare(a.rulePosition, b.rulePosition);
        }
        return c != 0 ? c : Long.compare(a.seq, b.seq);
    }
}
