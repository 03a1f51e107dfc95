package org.citywall.collector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A request holds at most max-request-events events (10000 unless configured): one with more gets 413 with a
 * JSON error naming the limit, is counted as rejected and nothing of it is stored.
 */
class HttpRequestEventLimitTest {

    static final String TOKEN = "tk-limit-0123456789abcdef";
    static final RecordingBus bus = new RecordingBus();
    static final HttpClient http = HttpClient.newHttpClient();
    static Collector collector;
    static String base;

    @BeforeAll
    static void start() {
        collector = Collector.builder()
                .input(InputSpec.of("http", InputType.HTTP, "127.0.0.1", 0, "province")
                        .withOption("tokens", TOKEN + "=taiyuan")
                        .withOption("max-request-events", "5"))
                .bus(bus)
                .build()
                .start();
        base = "http://127.0.0.1:" + collector.boundAddress("http").getPort();
    }

    @AfterAll
    static void stop() {
        collector.close();
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** citywall_collector_rejected_total{reason="too_many_events"}, 0 before the first. */
    private static double tooManyEventsRejections() {
        return collector.scrapeMetrics().lines()
                .filter(l -> l.startsWith("citywall_collector_rejected_total{") && l.contains("reason=\"too_many_events\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return new ObjectMapper().readTree(r.body());
    }

    @Test
    void the_default_limit_is_10000_events_per_request() {
        InputSpec spec = InputSpec.of("h", InputType.HTTP, "127.0.0.1", 0, "d").withOption("tokens", "t");
        assertThat(new InputOptions(spec).maxRequestEvents).isEqualTo(10_000);
    }

    @Test
    void ndjson_up_to_the_limit_is_stored_and_one_more_event_gets_413_naming_the_limit() throws Exception {
        int before = bus.attempts();
        HttpResponse<String> ok = post("/ingest", "{\"n\":1}\n".repeat(5));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(bus.attempts()).isEqualTo(before + 5);

        double rejected = tooManyEventsRejections();
        HttpResponse<String> tooMany = post("/ingest", "{\"n\":1}\n".repeat(6));
        assertThat(tooMany.statusCode()).isEqualTo(413);
        assertThat(json(tooMany).get("error").asText()).contains("6 events").contains("limit of 5").contains("max-request-events");
        assertThat(bus.attempts()).isEqualTo(before + 5);
        assertThat(tooManyEventsRejections()).isEqualTo(rejected + 1);
    }

    @Test
    void an_elasticsearch_bulk_over_the_limit_gets_413_in_elasticsearchs_error_form() throws Exception {
        int before = bus.attempts();
        HttpResponse<String> r = post("/_bulk", "{\"index\":{\"_index\":\"logs\"}}\n{\"m\":1}\n".repeat(6));
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(json(r).get("error").get("reason").asText()).contains("limit of 5");
        assertThat(bus.attempts()).isEqualTo(before);
        assertThat(tooManyEventsRejections()).isPositive();
    }
}
