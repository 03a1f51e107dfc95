package org.citywall.console;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.apache.http.HttpHost;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestClient;
import org.citywall.event.IndexTemplates;
import org.citywall.event.Json;

/** The console's Elasticsearch connection: client from URLs, and the index templates installed before use. */
final class Elastic implements AutoCloseable {
    private final RestClient rest;
    private final ElasticsearchClient client;

    Elastic(List<String> urls) {
        if (urls == null || urls.isEmpty()) {
            throw new IllegalArgumentException("at least one Elasticsearch URL is required");
        }
        HttpHost[] hosts = urls.stream().map(HttpHost::create).toArray(HttpHost[]::new);
        this.rest = RestClient.builder(hosts).build();
        this.client = new ElasticsearchClient(new RestClientTransport(rest, new JacksonJsonpMapper(Json.MAPPER)));
    }

    ElasticsearchClient client() {
        return client;
    }

    RestClient rest() {
        return rest;
    }

    /** Installs (or refreshes) the composable index templates; idempotent. */
    void installTemplates() {
        for (Map.Entry<String, String> t : IndexTemplates.all().entrySet()) {
            Request r = new Request("PUT", "/_index_template/" + t.getKey());
            r.setJsonEntity(t.getValue());
            try {
                rest.performRequest(r);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot install index template " + t.getKey() + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void close() {
        try {
            rest.close();
        } catch (IOException e) {
            // closing frees sockets only; nothing to recover
        }
    }
}
