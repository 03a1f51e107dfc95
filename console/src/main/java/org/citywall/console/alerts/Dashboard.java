package org.citywall.console.alerts;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.CalendarInterval;
import co.elastic.clients.elasticsearch._types.aggregations.DateHistogramBucket;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.json.JsonData;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.citywall.event.IndexNames;

/**
 * The dashboard's figures, computed by Elasticsearch aggregations over the alerts of the caller's
 * domains in a time range: alerts over time by level, per status, top rules, top source
 * addresses, and per domain.
 */
public final class Dashboard {
    private final ElasticsearchClient es;

    public Dashboard(ElasticsearchClient es) {
        this.es = es;
    }

    /**
     * @param from inclusive start on {@code @timestamp}
     * @param to   exclusive end
     * @throws SearchUnavailableException when Elasticsearch cannot answer
     */
    @SuppressWarnings("rawtypes")
    public Map<String, Object> figures(Instant from, Instant to, List<String> permittedDomains) {
        Map<String, Object> out = new LinkedHashMap<>();
        CalendarInterval interval = interval(Duration.between(from, to));
        out.put("from", from.toString());
        out.put("to", to.toString());
        out.put("interval", interval.jsonValue());
        if (permittedDomains.isEmpty()) {
            out.put("total", 0L);
            out.put("over_time", List.of());
            out.put("by_status", Map.of());
            out.put("top_rules", List.of());
            out.put("top_sources", List.of());
            out.put("by_domain", List.of());
            return out;
        }
        BoolQuery.Builder b = new BoolQuery.Builder();
        b.filter(f -> f.range(r -> r.untyped(u -> u.field("@timestamp").gte(JsonData.of(from.toString())).lt(JsonData.of(to.toString())))));
        if (!permittedDomains.contains("*")) {
            List<FieldValue> d = permittedDomains.stream().map(FieldValue::of).toList();
            b.filter(f -> f.terms(t -> t.field("domain").terms(tv -> tv.value(d))));
        }
        try {
            var r = es.search(s -> s.index(IndexNames.ALERTS).ignoreUnavailable(true).allowNoIndices(true).size(0)
                    .trackTotalHits(t -> t.enabled(true))
                    .query(q -> q.bool(b.build()))
                    .aggregations("over_time", a -> a.dateHistogram(h -> h.field("@timestamp").calendarInterval(interval)
                                    .minDocCount(0).extendedBounds(e -> e.min(co.elastic.clients.elasticsearch._types.aggregations.FieldDateMath.of(
                                            m -> m.expr(from.toString()))).max(co.elastic.clients.elasticsearch._types.aggregations.FieldDateMath.of(
                                            m -> m.expr(to.minusMillis(1).toString())))))
                            .aggregations("level", l -> l.terms(t -> t.field("level").size(10))))
                    .aggregations("by_status", a -> a.terms(t -> t.field("status").size(10).missing("open")))
                    .aggregations("top_rules", a -> a.terms(t -> t.field("rule_id").size(10))
                            .aggregations("title", ti -> ti.terms(t -> t.field("rule_title.keyword").size(1))))
                    .aggregations("top_sources", a -> a.terms(t -> t.field("group_by.source.ip").size(10)))
                    .aggregations("top_sources_matched", a -> a.terms(t -> t.field("matched.source.ip").size(10)))
                    .aggregations("by_domain", a -> a.terms(t -> t.field("domain").size(50))
                            .aggregations("level", l -> l.terms(t -> t.field("level").size(10)))), Map.class);
            out.put("total", r.hits().total() == null ? 0L : r.hits().total().value());
            List<Map<String, Object>> overTime = new ArrayList<>();
            Aggregate ot = r.aggregations().get("over_time");
            if (ot != null && ot.isDateHistogram()) {
                for (DateHistogramBucket bucket : ot.dateHistogram().buckets().array()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("at", Instant.ofEpochMilli(bucket.key()).toString());
                    m.put("levels", counts(bucket.aggregations().get("level")));
                    overTime.add(m);
                }
            }
            out.put("over_time", overTime);
            out.put("by_status", counts(r.aggregations().get("by_status")));
            List<Map<String, Object>> rules = new ArrayList<>();
            Aggregate tr = r.aggregations().get("top_rules");
            if (tr != null && tr.isSterms()) {
                for (StringTermsBucket bucket : tr.sterms().buckets().array()) {
                    Map<String, Long> title = counts(bucket.aggregations().get("title"));
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("rule_id", bucket.key().stringValue());
                    m.put("rule_title", title.isEmpty() ? bucket.key().stringValue() : title.keySet().iterator().next());
                    m.put("count", bucket.docCount());
                    rules.add(m);
                }
            }
            out.put("top_rules", rules);
            Map<String, Long> sources = new LinkedHashMap<>(counts(r.aggregations().get("top_sources")));
            counts(r.aggregations().get("top_sources_matched")).forEach((k, v) -> sources.merge(k, v, Math::max));
            out.put("top_sources", sources.entrySet().stream().sorted((x, y) -> Long.compare(y.getValue(), x.getValue())).limit(10)
                    .map(e -> {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("source_ip", e.getKey());
                        m.put("count", e.getValue());
                        return m;
                    }).toList());
            List<Map<String, Object>> domains = new ArrayList<>();
            Aggregate bd = r.aggregations().get("by_domain");
            if (bd != null && bd.isSterms()) {
                for (StringTermsBucket bucket : bd.sterms().buckets().array()) {
                    domains.add(Map.of("domain", bucket.key().stringValue(), "count", bucket.docCount(),
                            "levels", counts(bucket.aggregations().get("level"))));
                }
            }
            out.put("by_domain", domains);
            return out;
        } catch (IOException | ElasticsearchException e) {
            throw new SearchUnavailableException("dashboard aggregation failed", e);
        }
    }

    static CalendarInterval interval(Duration range) {
        if (range.compareTo(Duration.ofHours(6)) <= 0) {
            return CalendarInterval.Minute;
        }
        if (range.compareTo(Duration.ofDays(3)) <= 0) {
            return CalendarInterval.Hour;
        }
        return CalendarInterval.Day;
    }

    private static Map<String, Long> counts(Aggregate a) {
        Map<String, Long> m = new LinkedHashMap<>();
        if (a != null && a.isSterms()) {
            for (StringTermsBucket b : a.sterms().buckets().array()) {
                m.put(b.key().stringValue(), b.docCount());
            }
        }
        return m;
    }
}
