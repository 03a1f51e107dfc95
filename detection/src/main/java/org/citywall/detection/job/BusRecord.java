package org.citywall.detection.job;

import java.util.Arrays;
import java.util.Objects;

/**
 * One record from the bus before decoding: the raw event's wire bytes and the event id derived
 * from the record's position ({@code topic}, partition, offset), so a replay of the same record
 * yields the same id and Elasticsearch rejects it as a duplicate.
 *
 * <p>A Flink POJO (public fields, no-arg constructor) so it crosses operators without Kryo.
 */
public final class BusRecord {
    public byte[] wire;
    public String eventId;

    public BusRecord() {}

    public BusRecord(byte[] wire, String eventId) {
        this.wire = wire;
        this.eventId = eventId;
    }

    /** {@code <topic>-<partition>-<offset>}: unique per record, stable across replays. */
    public static String eventId(String topic, int partition, long offset) {
        return topic + "-" + partition + "-" + offset;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BusRecord r && Arrays.equals(r.wire, wire) && Objects.equals(r.eventId, eventId);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(wire) * 31 + Objects.hashCode(eventId);
    }
}
