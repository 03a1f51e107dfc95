package org.citywall.detection.correlation;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.citywall.event.Alert;
import org.citywall.event.Ecs;
import org.citywall.event.Event;

/**
 * A correlation that fired, or an update of one that fired: everything an {@link Alert} needs.
 * Updates of the same occurrence carry the same {@link #windowStart()} and therefore the same
 * {@linkplain #alertId() alert id}, so writing them overwrites one alert instead of adding more.
 *
 * @param ruleId      the correlation rule's id
 * @param title       its title
 * @param level       its level
 * @param tactics     ATT&amp;CK tactics from its tags
 * @param techniques  ATT&amp;CK techniques from its tags
 * @param key         the domain and group-by values
 * @param count       how many matching events this occurrence has so far (exact)
 * @param aggregate   the value the condition tested (count, distinct count, sum, average...)
 * @param windowStart event time of the first event of the window that made it fire; identifies the occurrence
 * @param firstSeen   event time of the earliest contributing event
 * @param lastSeen    event time of the latest contributing event
 * @param firedAt     event time at which the condition first held
 * @param matched     distinct values of the reported fields (bounded)
 * @param eventIds    ids of contributing events (bounded; {@code count} is the true number)
 * @param first       true on the first emission of the occurrence, false on updates
 */
public record CorrelationResult(String ruleId, String title, String level, List<String> tactics, List<String> techniques,
                                GroupKey key, long count, double aggregate, long windowStart, long firstSeen, long lastSeen,
                                long firedAt, Map<String, List<Object>> matched, List<String> eventIds, boolean first)
        implements Serializable {

    public CorrelationResult {
        tactics = List.copyOf(tactics);
        techniques = List.copyOf(techniques);
        matched = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(matched));
        eventIds = List.copyOf(eventIds);
    }

    /** The deterministic alert id: rule, domain, group-by values and window start. */
    public String alertId() {
        return Alert.idFor(ruleId, key.domain(), key.asMap(), windowStart);
    }

    /** The alert for this occurrence, status open. */
    public Alert toAlert() {
        Map<String, Object> matchedForAlert = new java.util.LinkedHashMap<>(matched);
        return new Alert(alertId(), iso(firstSeen), ruleId, title, level, tactics, techniques, key.domain(),
                iso(firstSeen), iso(lastSeen), count, key.asMap(), matchedForAlert, eventIds, reason(),
                Alert.STATUS_OPEN, null, null, null);
    }

    /** One line for the alert queue, e.g. {@code 7 events (source.ip=203.0.113.9) within 60s}. */
    public String reason() {
        StringBuilder sb = new StringBuilder(title).append(": ").append(count).append(count == 1 ? " event" : " events");
        if (!key.names().isEmpty()) {
            sb.append(" for ").append(key.asMap());
        }
        return sb.append(" between ").append(iso(firstSeen)).append(" and ").append(iso(lastSeen)).toString();
    }

    /**
     * This result as an event, so that a correlation over correlations can consume it: group-by
     * values under their names, {@code @timestamp} = {@link #firedAt()}, {@code event.id} = the alert id.
     */
    public Event asEvent() {
        Event e = new Event();
        key.asMap().forEach(e::put);
        e.put(Ecs.CITYWALL_DOMAIN, key.domain().isEmpty() ? null : key.domain());
        e.put(Ecs.EVENT_ID, alertId());
        e.put(Ecs.TIMESTAMP, iso(firedAt));
        e.put("rule.id", ruleId);
        return e;
    }

    private static String iso(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }
}
