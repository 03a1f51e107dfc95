package org.citywall.detection.job;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.citywall.detection.sink.EsOperation;
import org.citywall.event.Alert;
import org.citywall.event.Event;
import org.citywall.event.IndexNames;
import org.citywall.event.Json;

/** How detection output becomes Elasticsearch writes. */
final class ElasticsearchWrites {
    private ElasticsearchWrites() {}

    /** Triage fields belong to analysts: detection never overwrites them once an alert exists. */
    private static final java.util.Set<String> TRIAGE_FIELDS = java.util.Set.of("status", "resolution", "assignee", "updated_at");

    /**
     * An alert write: inserted whole (status open) the first time, afterwards only its detection
     * fields (count, last seen, matched values, event ids) are merged in.
     */
    static EsOperation alert(Alert alert) {
        Map<String, Object> whole = Json.readObject(alert.toJson());
        Map<String, Object> detection = new LinkedHashMap<>(whole);
        detection.keySet().removeAll(TRIAGE_FIELDS);
        return EsOperation.merge(IndexNames.ALERTS, alert.id(), Json.write(detection), Json.write(whole));
    }

    /**
     * An archived event: created once in its domain's daily index; a replay is a duplicate. The day
     * is the receive day ({@code event.created}, fixed on the bus), not the event's own claim of
     * time, so a sender with a wrong clock cannot scatter indices across the calendar.
     */
    static EsOperation archivedEvent(Event event) {
        Instant t;
        try {
            t = Instant.parse(event.getString(org.citywall.event.Ecs.EVENT_CREATED));
        } catch (RuntimeException missingOrUnparsable) {
            t = Instant.now();
        }
        String index = IndexNames.events(event.domain(), t);
        return EsOperation.create(index, event.id(), event.toJson());
    }
}
