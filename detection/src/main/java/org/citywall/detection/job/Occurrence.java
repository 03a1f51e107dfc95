package org.citywall.detection.job;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.citywall.event.Alert;
import org.citywall.event.Json;

/**
 * Repeated matches of one single-event rule for one subject, gathered into one alert while they
 * keep coming within the suppression period of each other.
 */
final class Occurrence implements Serializable {
    private static final long serialVersionUID = 1L;
    static final int MAX_EVENT_IDS = 100;
    static final int MAX_VALUES = 50;

    long windowStart;
    long firstSeen;
    long lastSeen;
    long count;
    final List<String> eventIds = new ArrayList<>();
    final LinkedHashMap<String, LinkedHashSet<Object>> matched = new LinkedHashMap<>();

    /** Whether a match at {@code time} continues this occurrence rather than starting a new one. */
    boolean continuedBy(long time, long suppressionMillis) {
        return count > 0 && time <= lastSeen + suppressionMillis && time >= windowStart - suppressionMillis;
    }

    void add(SingleMatch m) {
        if (count == 0) {
            windowStart = firstSeen = lastSeen = m.eventTime;
        }
        count++;
        firstSeen = Math.min(firstSeen, m.eventTime);
        lastSeen = Math.max(lastSeen, m.eventTime);
        if (m.eventId != null && eventIds.size() < MAX_EVENT_IDS) {
            eventIds.add(m.eventId);
        }
        Json.readObject(m.matched).forEach((k, v) -> {
            LinkedHashSet<Object> values = matched.computeIfAbsent(k, x -> new LinkedHashSet<>());
            if (values.size() < MAX_VALUES) {
                values.add(v);
            }
        });
    }

    Alert toAlert(SingleMatch m) {
        Map<String, Object> groupBy = new LinkedHashMap<>();
        if (m.subjectField != null) {
            groupBy.put(m.subjectField, m.subjectValue);
        }
        Map<String, Object> matchedOut = new LinkedHashMap<>();
        matched.forEach((k, v) -> matchedOut.put(k, v.size() == 1 ? v.iterator().next() : new ArrayList<>(v)));
        String id = Alert.idFor(m.ruleId, m.domain, groupBy, windowStart);
        String reason = m.title + ": " + count + (count == 1 ? " event" : " events")
                + (groupBy.isEmpty() ? "" : " for " + groupBy);
        return new Alert(id, iso(firstSeen), m.ruleId, m.title, m.level, m.tactics, m.techniques, m.domain,
                iso(firstSeen), iso(lastSeen), count, groupBy, matchedOut, eventIds, reason, Alert.STATUS_OPEN,
                null, null, null);
    }

    private static String iso(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }
}
