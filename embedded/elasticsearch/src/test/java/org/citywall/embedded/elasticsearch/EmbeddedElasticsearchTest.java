package org.citywall.embedded.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedElasticsearchTest {

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void answersRootInfoIndexesAndSearchesAndKeepsDataAcrossRestart() throws Exception {
        try (EmbeddedElasticsearch es = EmbeddedElasticsearch.start(dir)) {
            HttpResponse<String> root = get(es, "/");
            assertThat(root.statusCode()).isEqualTo(200);
            assertThat(root.body()).contains("\"number\":\"8.17.0\"", "\"cluster_name\":\"citywall\"");
            assertThat(root.headers().firstValue("X-Elastic-Product")).hasValue("Elasticsearch");

            assertThat(send(es, "PUT", "/t/_doc/1?refresh=true", "{\"user\":\"root\"}").statusCode()).isEqualTo(201);
            assertThat(get(es, "/t/_search?q=user:root").body()).contains("\"value\":1");

            es.stop();
            es.restart();
            assertThat(get(es, "/t/_doc/1").body()).contains("\"found\":true");
        }
    }

    private HttpResponse<String> get(EmbeddedElasticsearch es, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(es.url() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(EmbeddedElasticsearch es, String method, String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(es.url() + path)).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
