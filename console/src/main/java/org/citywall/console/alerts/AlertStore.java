package org.citywall.console.alerts;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.JsonData;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.citywall.event.IndexNames;

/**
 * Reads alerts from {@link IndexNames#ALERTS}: the filtered, sorted, paged queue with counts per
 * status, and single alerts. Callers pass the domains the user may read; {@code ["*"]} means all.
 */
public final class AlertStore {
    private final ElasticsearchClient es;

    public AlertStore(ElasticsearchClient es) {
        this.es = es;
    }

    /**
     * One page of the queue, limited to {@code permittedDomains}.
     *
     * @throws SearchUnavailableException when Elasticsearch cannot answer
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    public AlertPage search(AlertQuery q, List<String> permittedDomains) {
        if (permittedDomains.isEmpty()) {
            return new AlertPage(0, q.page(), q.size(), List.of(), zeroCounts());
        }
        BoolQuery.Builder b = new BoolQuery.Builder();
        if (!permittedDomains.contains("*")) {
            b.filter(terms("domain", permittedDomains));
        }
        if (!q.domains().isEmpty()) {
            b.filter(terms("domain", q.domains()));
        }
        if (!q.levels().isEmpty()) {
            b.filter(terms("level", q.levels()));
        }
        if (!q.rules().isEmpty()) {
            b.filter(terms("rule_id", q.rules()));
        }
        if (!q.tactics().isEmpty()) {
            b.filter(terms("tactics", q.tactics()));
        }
        if (q.assignee() != null) {
            if ("none".equals(q.assignee())) {
                b.mustNot(m -> m.exists(e -> e.field("assignee")));
            } else {
                b.filter(f -> f.term(t -> t.field("assignee").value(q.assignee())));
            }
        }
        if (q.from() != null || q.to() != null) {
            b.filter(f -> f.range(r -> r.untyped(u -> {
                u.field("@timestamp");
                if (q.from() != null) {
                    u.gte(JsonData.of(q.from().toString()));
                }
                if (q.to() != null) {
                    u.lt(JsonData.of(q.to().toString()));
                }
                return u;
            })));
        }
        if (q.text() != null) {
            b.must(m -> m.simpleQueryString(s -> s.query(q.text()).lenient(true).defaultOperator(Operator.And)
                    .fields("rule_title", "reason", "rule_id", "alert_id", "domain", "group_by", "matched", "assignee")));
        }
        Query filtered = b.build()._toQuery();
        boolean byLevel = "level".equals(q.sortField());
        // levels sort by severity, not alphabetically: each alert scores its level's rank and the page sorts by score
        Query main = byLevel ? bySeverity(filtered) : filtered;
        SortOrder order = q.descending() ? SortOrder.Desc : SortOrder.Asc;
        try {
            SearchResponse<Map> r = es.search(s -> {
                s.index(IndexNames.ALERTS).ignoreUnavailable(true).allowNoIndices(true)
                        .query(main)
                        .from((q.page() - 1) * q.size()).size(q.size())
                        .trackTotalHits(t -> t.enabled(true));
                if (byLevel) {
                    s.sort(o -> o.score(sc -> sc.order(order)))
                            .sort(o -> o.field(f -> f.field("@timestamp").order(SortOrder.Desc)
                                    .unmappedType(co.elastic.clients.elasticsearch._types.mapping.FieldType.Date)));
                } else {
                    s.sort(o -> o.field(f -> f.field(q.sortField()).order(order)
                            .unmappedType(co.elastic.clients.elasticsearch._types.mapping.FieldType.Keyword)));
                }
                s
                        .sort(o -> o.field(f -> f.field("alert_id").order(SortOrder.Asc)
                                .unmappedType(co.elastic.clients.elasticsearch._types.mapping.FieldType.Keyword)))
                        .aggregations("by_status", a -> a.terms(t -> t.field("status").size(10).missing("open")));
                if (!q.statuses().isEmpty()) {
                    s.postFilter(terms("status", q.statuses()));
                }
                return s;
            }, Map.class);
            List<Map<String, Object>> items = new ArrayList<>();
            for (Hit<Map> h : r.hits().hits()) {
                items.add(withDefaults((Map<String, Object>) h.source()));
            }
            Map<String, Long> counts = zeroCounts();
            var agg = r.aggregations().get("by_status");
            if (agg != null && agg.isSterms()) {
                for (StringTermsBucket bucket : agg.sterms().buckets().array()) {
                    counts.merge(bucket.key().stringValue(), bucket.docCount(), Long::sum);
                }
            }
            long total = r.hits().total() == null ? items.size() : r.hits().total().value();
            return new AlertPage(total, q.page(), q.size(), items, counts);
        } catch (IOException | ElasticsearchException e) {
            throw new SearchUnavailableException("alert search failed", e);
        }
    }

    /**
     * The alert with {@code id}, whatever its domain (the caller checks the domain).
     *
     * @throws SearchUnavailableException when Elasticsearch cannot answer
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Optional<Map<String, Object>> get(String id) {
        try {
            GetResponse<Map> r = es.get(g -> g.index(IndexNames.ALERTS).id(id), Map.class);
            return r.found() && r.source() != null ? Optional.of(withDefaults((Map<String, Object>) r.source())) : Optional.empty();
        } catch (ElasticsearchException e) {
            if (e.status() == 404) {
                return Optional.empty(); // no index yet
            }
            throw new SearchUnavailableException("alert lookup failed", e);
        } catch (IOException e) {
            throw new SearchUnavailableException("alert lookup failed", e);
        }
    }

    private static Map<String, Object> withDefaults(Map<String, Object> source) {
        Map<String, Object> m = new LinkedHashMap<>(source);
        m.putIfAbsent("status", "open");
        return m;
    }

    private static Map<String, Long> zeroCounts() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String s : List.of("open", "acknowledged", "in_progress", "closed")) {
            m.put(s, 0L);
        }
        return m;
    }

    /** Severity ranks, highest first: an alert of an unknown level ranks below informational. */
    private static final List<String> SEVERITY = List.of("critical", "high", "medium", "low", "informational");

    private static Query bySeverity(Query filtered) {
        return Query.of(qq -> qq.functionScore(fs -> {
            fs.query(filtered)
                    .scoreMode(co.elastic.clients.elasticsearch._types.query_dsl.FunctionScoreMode.First)
                    .boostMode(co.elastic.clients.elasticsearch._types.query_dsl.FunctionBoostMode.Replace);
            for (int i = 0; i < SEVERITY.size(); i++) {
                String level = SEVERITY.get(i);
                double rank = SEVERITY.size() + 1 - i;
                fs.functions(f -> f.filter(t -> t.term(tt -> tt.field("level").value(level))).weight(rank));
            }
            return fs;
        }));
    }

    private static Query terms(String field, List<String> values) {
        List<FieldValue> v = values.stream().map(FieldValue::of).toList();
        return Query.of(q -> q.terms(t -> t.field(field).terms(tv -> tv.value(v))));
    }
}
