package org.citywall.event;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A normalised event: flat ECS fields keyed by dotted names ({@code source.ip}, {@code user.name}).
 *
 * <p>Flat keys keep rule evaluation to one hash lookup per field; {@link Json#nest(Map)} gives the
 * nested document Elasticsearch stores. Values are {@link String}, {@link Long}, {@link Double},
 * {@link Boolean} or a {@link List} of those.
 */
public final class Event {

    private final LinkedHashMap<String, Object> fields;

    public Event() {
        this.fields = new LinkedHashMap<>();
    }

    /**
     * An empty event sized for about {@code expectedFields} fields: a decoder fills dozens, and each
     * doubling of the table on the way rehashes everything put so far.
     */
    public Event(int expectedFields) {
        this.fields = new LinkedHashMap<>(Math.max(16, (int) (expectedFields / 0.75f) + 1));
    }

    public Event(Map<String, ?> flatFields) {
        this.fields = new LinkedHashMap<>(flatFields);
    }

    /** The value of a field, or {@code null} when absent. */
    public Object get(String field) {
        return fields.get(field);
    }

    /** The value as a string (lists joined by nothing: use {@link #get} for them), or {@code null}. */
    public String getString(String field) {
        Object v = fields.get(field);
        return v == null ? null : v.toString();
    }

    public boolean has(String field) {
        return fields.containsKey(field);
    }

    /** Sets a field; a {@code null} value removes it. */
    public Event put(String field, Object value) {
        Objects.requireNonNull(field, "field");
        if (value == null) {
            fields.remove(field);
        } else {
            fields.put(field, value);
        }
        return this;
    }

    /** Sets a field only when it is absent and the value is not {@code null}. */
    public Event putIfAbsent(String field, Object value) {
        if (value != null) {
            fields.putIfAbsent(field, value);
        }
        return this;
    }

    public Event remove(String field) {
        fields.remove(field);
        return this;
    }

    /** Adds a tag to {@code tags}, keeping the list free of duplicates. */
    @SuppressWarnings("unchecked")
    public Event addTag(String tag) {
        Object existing = fields.get(Ecs.TAGS);
        List<Object> tags = existing instanceof List<?> l ? new ArrayList<>((Collection<Object>) l) : new ArrayList<>();
        if (!tags.contains(tag)) {
            tags.add(tag);
        }
        fields.put(Ecs.TAGS, tags);
        return this;
    }

    public boolean hasTag(String tag) {
        return fields.get(Ecs.TAGS) instanceof List<?> l && l.contains(tag);
    }

    public String id() {
        return getString(Ecs.EVENT_ID);
    }

    public String domain() {
        return getString(Ecs.CITYWALL_DOMAIN);
    }

    /** Event time ({@code @timestamp}), or {@code null} when the event carries none. */
    public Instant timestamp() {
        Object v = fields.get(Ecs.TIMESTAMP);
        if (v instanceof Long millis) {
            return Instant.ofEpochMilli(millis);
        }
        return v == null ? null : Instant.parse(v.toString());
    }

    public Event timestamp(Instant t) {
        return put(Ecs.TIMESTAMP, t == null ? null : t.toString());
    }

    /** A read-only view of the flat fields in insertion order. */
    public Map<String, Object> fields() {
        return Collections.unmodifiableMap(fields);
    }

    public int size() {
        return fields.size();
    }

    /** The nested JSON document for Elasticsearch. */
    public String toJson() {
        return Json.write(Json.nest(fields));
    }

    /** Reads a nested or flat JSON object into a flat event. */
    public static Event fromJson(String json) {
        return new Event(Json.flatten(Json.readObject(json)));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Event e && e.fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return "Event" + fields.keySet();
    }
}
