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
    /** The fields of the matched event the correlation keeps (id, aggregated value, reported fields), as JSON. */
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
        f.event = Json.write(kept(in, e));
        return f;
    }

    /** Only what the correlation state reads from an event travels: the network carries a few fields, not the event. */
    private static Map<String, Object> kept(CorrelationInput in, Event e) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put(org.citywall.event.Ecs.EVENT_ID, e.id());
        m.put(org.citywall.event.Ecs.TIMESTAMP, e.get(org.citywall.event.Ecs.TIMESTAMP));
        var ref = in.rule().references().get(in.sourceRuleId());
        if (ref == null) {
            return new java.util.LinkedHashMap<>(e.fields()); // unknown shape: keep everything rather than lose a value
        }
        if (ref.valueField() != null) {
            m.put(ref.valueField(), e.get(ref.valueField()));
        }
        for (String field : ref.reportFields().values()) {
            m.put(field, e.get(field));
        }
        m.values().removeIf(java.util.Objects::isNull);
        return m;
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
