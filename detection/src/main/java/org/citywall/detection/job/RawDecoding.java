package org.citywall.detection.job;

import org.citywall.detection.decode.EventDecoder;
import org.citywall.event.Event;
import org.citywall.event.MalformedRawEventException;
import org.citywall.event.RawEvent;

/**
 * From bus bytes to a normalised event, never throwing and never dropping: bytes that are not a
 * raw event at all (a foreign producer on the topic) still become an event, tagged, with the bytes
 * kept as they came.
 */
final class RawDecoding {
    static final String TAG_NOT_RAW_EVENT = "bus_record_malformed";

    private final EventDecoder decoder;
    long malformedRecords;

    RawDecoding(EventDecoder decoder) {
        this.decoder = decoder;
    }

    Event decode(BusRecord record) {
        RawEvent raw;
        try {
            raw = RawEvent.fromBytes(record.wire);
        } catch (MalformedRawEventException e) {
            malformedRecords++;
            raw = new RawEvent(record.wire, System.currentTimeMillis(), "unknown", "bus", "unknown");
            Event event = decoder.decode(raw, record.eventId);
            event.addTag(TAG_NOT_RAW_EVENT);
            event.put("error.message", e.getMessage());
            return event;
        }
        return decoder.decode(raw, record.eventId);
    }
}
