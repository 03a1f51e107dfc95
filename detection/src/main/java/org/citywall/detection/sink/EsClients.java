package org.citywall.detection.sink;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import java.io.IOException;
import java.util.List;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;

/** Opens Elasticsearch Java clients for a list of {@code http://host:port} URLs. */
public final class EsClients {
    private EsClients() {}

    /** Both clients over one transport; close the handle to release its connections. */
    public static Handle open(List<String> hosts) {
        HttpHost[] hs = hosts.stream().map(HttpHost::create).toArray(HttpHost[]::new);
        RestClient rest = RestClient.builder(hs)
                .setRequestConfigCallback(c -> c.setConnectTimeout(5_000).setSocketTimeout(60_000))
                .build();
        RestClientTransport transport = new RestClientTransport(rest, new JacksonJsonpMapper());
        return new Handle(transport);
    }

    /** An open transport with its blocking and async clients. */
    public static final class Handle implements AutoCloseable {
        private final RestClientTransport transport;
        private final ElasticsearchClient sync;
        private final ElasticsearchAsyncClient async;

        Handle(RestClientTransport transport) {
            this.transport = transport;
            this.sync = new ElasticsearchClient(transport);
            this.async = new ElasticsearchAsyncClient(transport);
        }

        public ElasticsearchClient sync() {
            return sync;
        }

        public ElasticsearchAsyncClient async() {
            return async;
        }

        @Override
        public void close() {
            try {
                transport.close();
            } catch (IOException e) {
                // closing connections; nothing to recover
            }
        }
    }
}
