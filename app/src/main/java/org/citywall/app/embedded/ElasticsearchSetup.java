package org.citywall.app.embedded;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.io.IOException;
import java.io.StringReader;
import java.util.Map;
import org.citywall.detection.sink.EsClients;
import org.citywall.event.IndexNames;
import org.citywall.event.IndexTemplates;

/** Prepares Elasticsearch for CityWall: index templates first, then the alerts index. */
final class ElasticsearchSetup {
    private ElasticsearchSetup() {}

    static void prepare(String url) throws IOException {
        try (EsClients.Handle es = EsClients.open(java.util.List.of(url))) {
            ElasticsearchClient c = es.sync();
            for (Map.Entry<String, String> t : IndexTemplates.all().entrySet()) {
                c.indices().putIndexTemplate(r -> r.name(t.getKey()).withJson(new StringReader(t.getValue())));
            }
            if (!c.indices().exists(r -> r.index(IndexNames.ALERTS)).value()) {
                try {
                    c.indices().create(r -> r.index(IndexNames.ALERTS));
                } catch (co.elastic.clients.elasticsearch._types.ElasticsearchException e) {
                    if (!"resource_already_exists_exception".equals(e.error().type())) {
                        throw e;
                    }
                }
            }
        }
    }
}
