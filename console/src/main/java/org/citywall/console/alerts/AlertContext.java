package org.citywall.console.alerts;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.mapping.FieldType;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch.core.search.Hit;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.citywall.event.IndexNames;
import org.citywall.event.Json;

/**
 * What surrounds an alert: the raw events it was raised on, looked up in {@code citywall-events-*}
 * by the alert's {@code event_ids} (each event's document id is its {@code event.id}), and related
 * alerts that share a source address or user name with it.
 */
public final class AlertContext {
    /** Fields that name "the same source or user". */
    static final List<String> RELATING_FIELDS = List.of("source.ip", "user.name");
    private final ElasticsearchClient es;

    public AlertContext(ElasticsearchClient es) {
        this.es = es;
    }

    /**
     * The alert's events, oldest first, each as flat ECS fields with {@code event.original} (the
     * line as received) when the archive kept it. Events not archived (sampled out, or archive
     * off for the domain) are missing; {@code missing} in the answer counts them.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Map<String, Object> events(Map<String, Object> alert) {
        List<String> ids = alert.get("event_ids") instanceof List<?> l ? l.stream().map(String::valueOf).limit(100).toList() : List.of();
        List<Map<String, Object>> items = new ArrayList<>();
        if (!ids.isEmpty()) {
            try {
                var r = es.search(s -> s.index(IndexNames.EVENTS_PREFIX + "*").ignoreUnavailable(true).allowNoIndices(true)
                        .query(q -> q.ids(i -> i.values(ids))).size(ids.size())
                        .sort(o -> o.field(f -> f.field("@timestamp").order(SortOrder.Asc).unmappedType(FieldType.Date))), Map.class);
                for (Hit<Map> h : r.hits().hits()) {
                    Map<String, Object> flat = new LinkedHashMap<>(Json.flatten((Map<String, Object>) h.source()));
                    flat.putIfAbsent("event.id", h.id());
                    flat.put("_index", h.index());
                    items.add(flat);
                }
            } catch (IOException | ElasticsearchException e) {
                throw new SearchUnavailableException("event lookup failed", e);
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("items", items);
        m.put("requested", ids.size());
        m.put("missing", ids.size() - items.size());
        m.put("count", alert.get("count"));
        return m;
    }

    /**
     * Up to 20 other alerts, newest first, in {@code permittedDomains}, whose group-by or matched
     * values share a source address or user name with {@code alert}.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Map<String, Object> related(Map<String, Object> alert, List<String> permittedDomains) {
        Map<String, Set<String>> keys = new LinkedHashMap<>();
        for (String f : RELATING_FIELDS) {
            Set<String> values = new LinkedHashSet<>();
            collect(alert.get("group_by"), f, values);
            collect(alert.get("matched"), f, values);
            if (!values.isEmpty()) {
                keys.put(f, values);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("by", keys);
        if (keys.isEmpty() || permittedDomains.isEmpty()) {
            out.put("items", List.of());
            return out;
        }
        BoolQuery.Builder b = new BoolQuery.Builder();
        for (Map.Entry<String, Set<String>> k : keys.entrySet()) {
            List<FieldValue> v = k.getValue().stream().limit(50).map(FieldValue::of).toList();
            for (String container : List.of("group_by.", "matched.")) {
                b.should(s -> s.terms(t -> t.field(container + k.getKey()).terms(tv -> tv.value(v))));
            }
        }
        b.minimumShouldMatch("1");
        b.mustNot(n -> n.ids(i -> i.values(String.valueOf(alert.get("alert_id")))));
        if (!permittedDomains.contains("*")) {
            List<FieldValue> d = permittedDomains.stream().map(FieldValue::of).toList();
            b.filter(f -> f.terms(t -> t.field("domain").terms(tv -> tv.value(d))));
        }
        try {
            var r = es.search(s -> s.index(IndexNames.ALERTS).ignoreUnavailable(true).allowNoIndices(true)
                    .query(q -> q.bool(b.build())).size(20)
                    .sort(o -> o.field(f -> f.field("@timestamp").order(SortOrder.Desc).unmappedType(FieldType.Date))), Map.class);
            List<Map<String, Object>> items = new ArrayList<>();
            for (Hit<Map> h : r.hits().hits()) {
                Map<String, Object> a = new LinkedHashMap<>((Map<String, Object>) h.source());
                a.putIfAbsent("status", "open");
                items.add(a);
            }
            out.put("items", items);
            return out;
        } catch (IOException | ElasticsearchException e) {
            throw new SearchUnavailableException("related alerts unavailable", e);
        }
    }

    private static void collect(Object container, String field, Set<String> into) {
        if (!(container instanceof Map<?, ?> m)) {
            return;
        }
        Object v = m.get(field);
        if (v == null) {
            Map<String, Object> flat = Json.flatten(castMap(m));
            v = flat.get(field);
        }
        if (v instanceof List<?> l) {
            l.stream().filter(x -> x != null && !String.valueOf(x).isBlank()).forEach(x -> into.add(String.valueOf(x)));
        } else if (v != null && !String.valueOf(v).isBlank()) {
            into.add(String.valueOf(v));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }
}
