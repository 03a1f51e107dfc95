package org.citywall.detection.job;

import java.util.List;
import org.citywall.detection.correlation.CorrelationInput;
import org.citywall.detection.correlation.GroupKey;
import org.citywall.detection.correlation.StateFormat;
import org.citywall.event.Event;

/**
 * A rule match on its way to the correlation it feeds: keyed by correlation and group, carrying
 * the matched event. A Flink POJO, so it crosses the network without Kryo.
 */
public final class CorrelationFeed {
    public String correlationId;
    /** The job stage that evaluates the correlation ({@link CorrelationStages}). */
    public int stage;
    public String sourceRuleId;
    public String domain;
    public List<String> groupNames;
    public List<String> groupValues;
    public long eventTime;
    /**
     * The fields of the matched event the correlation keeps (id, aggregated value, reported fields),
     * in {@link StateFormat#fieldsToBytes the state format}.
     */
    public byte[] event;

    public CorrelationFeed() {}

    static CorrelationFeed of(CorrelationInput in, Event e, CorrelationStages stages) {
        CorrelationFeed f = new CorrelationFeed();
        f.correlationId = in.rule().id();
        f.stage = stages.of(in.rule().id());
        f.sourceRuleId = in.sourceRuleId();
        f.domain = in.key().domain();
        f.groupNames = List.copyOf(in.key().names());
        f.groupValues = new java.util.ArrayList<>(in.key().values());
        f.eventTime = in.eventTime();
        f.event = StateFormat.fieldsToBytes(in.rule().projection(in.sourceRuleId(), e).fields()); // only what the correlation reads travels
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
        return new Event(StateFormat.fieldsFromBytes(event));
    }
}
