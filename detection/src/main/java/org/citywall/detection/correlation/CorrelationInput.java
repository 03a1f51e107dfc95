package org.citywall.detection.correlation;

import java.io.Serializable;
import java.time.format.DateTimeParseException;
import org.citywall.event.Event;

/**
 * A match routed to one correlation: feed it to the {@link CorrelationState} of
 * ({@link #rule()}, {@link #key()}) with {@code state.onMatch(sourceRuleId, eventTime, event)}.
 *
 * @param rule         the correlation rule
 * @param sourceRuleId the referenced rule that matched
 * @param key          the group the event counts in; key a stream by {@code rule.id() + key.asString()}
 * @param eventTime    the event's time, epoch milliseconds
 */
public record CorrelationInput(CorrelationRule rule, String sourceRuleId, GroupKey key, long eventTime) implements Serializable {

    /** The event time of an event ({@code @timestamp}), or {@code null} when it has none or it is unreadable. */
    public static Long eventTime(Event e) {
        if (e.get(org.citywall.event.Ecs.TIMESTAMP) instanceof String s) {
            long millis = EventTimes.canonicalMillis(s);
            if (millis != EventTimes.NOT_CANONICAL) {
                return millis;
            }
        }
        try {
            var t = e.timestamp();
            return t == null ? null : t.toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException ex) {
            return null;
        }
    }
}
