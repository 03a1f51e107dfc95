package org.citywall.detection.job;

import java.util.List;
import java.util.Map;
import org.citywall.detection.correlation.CorrelationInput;
import org.citywall.detection.correlation.GroupKey;
import org.citywall.event.Event;
import org.citywall.event.Json;

/**
 * A rule match on its way to the correlation it feeds: keyed by correlation and group, carrying
 * the matched event. A Flink POJO, so it crosses the network without Kryo.
 */
public final class CorrelationFeed {
    public String correlationId;
    public String sourceRuleId;
    public String domain;
    public List<String> groupNames;
    public List<String> groupValues;
    public long eventTime;
    /** The matched event's flat fields as JSON. */
    public String event;

    public CorrelationFeed() {}

    static CorrelationFeed of(CorrelationInput in, Event e) {
        CorrelationFeed f = new CorrelationFeed();
        f.correlationId = in.rule().id();
        f.sourceRuleId = in.sourceRuleId();
        f.domain = in.key().domain();
        f.groupNames = List.copyOf(in.key().names());
        f.groupValues = new java.util.ArrayList<>(in.key().values());
        f.eventTime = in.eventTime();
        f.event = Json.write(e.fields());
        return f;
    }

    /** The key of the correlation's state: one per correlation rule and group. */
    String stateKey() {
        return correlationId + '\u0000' + groupKey().asString();
    }

    GroupKey groupKey() {
        return new GroupKey(domain, groupNames, groupValues);
    }

    Event toEvent() {
        Map<String, Object> fields = Json.readObject(event);
        return new Event(fields);
    }
}
