package org.citywall.console.alerts;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.search.Hit;
import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Analysts' comments on alerts, in their own index so the detection job never touches them. */
public final class Comments {
    /** The comments index. */
    public static final String INDEX = "citywall-alert-comments";
    private static final String MAPPING = """
            {"settings":{"number_of_shards":1,"number_of_replicas":0},
             "mappings":{"properties":{"alert_id":{"type":"keyword"},"domain":{"type":"keyword"},
               "author":{"type":"keyword"},"text":{"type":"text"},"at":{"type":"date"}}}}""";
    private final ElasticsearchClient es;

    public Comments(ElasticsearchClient es) {
        this.es = es;
    }

    /** Creates the index with its mapping unless it exists. */
    public void ensureIndex() {
        try {
            if (!es.indices().exists(e -> e.index(INDEX)).value()) {
                es.indices().create(c -> c.index(INDEX).withJson(new StringReader(MAPPING)));
            }
        } catch (ElasticsearchException e) {
            if (!"resource_already_exists_exception".equals(e.error().type())) {
                throw new SearchUnavailableException("cannot create " + INDEX, e);
            }
        } catch (IOException e) {
            throw new SearchUnavailableException("cannot create " + INDEX, e);
        }
    }

    /** Adds a comment and returns it as stored. */
    public Map<String, Object> add(String alertId, String domain, String author, String text, Instant at) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("id", UUID.randomUUID().toString());
        doc.put("alert_id", alertId);
        doc.put("domain", domain);
        doc.put("author", author);
        doc.put("text", text);
        doc.put("at", at.toString());
        try {
            es.index(i -> i.index(INDEX).id((String) doc.get("id")).document(doc).refresh(Refresh.WaitFor));
        } catch (IOException | ElasticsearchException e) {
            throw new SearchUnavailableException("comment not stored", e);
        }
        return doc;
    }

    /** The comments on an alert, oldest first (at most 500). */
    @SuppressWarnings({"rawtypes", "unchecked"})
    public List<Map<String, Object>> list(String alertId) {
        try {
            var r = es.search(s -> s.index(INDEX).ignoreUnavailable(true).allowNoIndices(true)
                    .query(q -> q.term(t -> t.field("alert_id").value(alertId)))
                    .sort(o -> o.field(f -> f.field("at").order(SortOrder.Asc))).size(500), Map.class);
            List<Map<String, Object>> out = new ArrayList<>();
            for (Hit<Map> h : r.hits().hits()) {
                out.add((Map<String, Object>) h.source());
            }
            return out;
        } catch (IOException | ElasticsearchException e) {
            throw new SearchUnavailableException("comments unavailable", e);
        }
    }
}
