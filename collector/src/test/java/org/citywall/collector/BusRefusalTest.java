package org.citywall.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.citywall.event.RawEvent;
import org.junit.jupiter.api.Test;

/**
 * An event the bus refuses for good (Kafka: a record larger than the broker takes) is not retried: it is
 * counted as rejected{reason="bus"}, its budget is returned, the bus is not taken for down, and the sender
 * is told (HTTP 422).
 */
class BusRefusalTest {

    @Test
    void a_refused_event_is_counted_failed_back_and_never_retried() throws Exception {
        RecordingBus bus = new RecordingBus();
        bus.mode(RecordingBus.Mode.REJECT);
        InputSpec spec = InputSpec.of("t", InputType.SYSLOG_TCP, "127.0.0.1", 0, "d");
        InputMetrics metrics = new InputMetrics(new SimpleMeterRegistry(), spec);
        InflightBudget budget = new InflightBudget(1 << 20);
        BusHealth health = new BusHealth();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            Publisher publisher = new Publisher(bus, budget, timer, health);
            CompletableFuture<Void> done = publisher.publishAcknowledged(
                    new RawEvent("x".getBytes(), 0, "p", "t", "d"), metrics, System.nanoTime());

            assertThat(done).isCompletedExceptionally();
            try {
                done.get(1, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(BusRejectedException.class).hasMessageContaining("too large");
            }
            Thread.sleep(300); // a retry would come after 50 ms
            assertThat(bus.attempts()).isEqualTo(1);
            assertThat(metrics.total("rejected")).isEqualTo(1);
            assertThat(metrics.busErrors()).isZero();
            assertThat(budget.inflightBytes()).isZero();
            assertThat(health.isDown()).isFalse();
        } finally {
            timer.shutdownNow();
        }
    }

    @Test
    void an_http_request_whose_event_the_bus_refuses_gets_422_naming_the_refusal() throws Exception {
        RecordingBus bus = new RecordingBus();
        bus.mode(RecordingBus.Mode.REJECT);
        try (Collector collector = Collector.builder()
                .input(InputSpec.of("http", InputType.HTTP, "127.0.0.1", 0, "d").withOption("tokens", "tk-refusal-0123456789abcdef"))
                .bus(bus).build().start()) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + collector.boundAddress("http").getPort() + "/ingest"))
                    .header("Authorization", "Bearer tk-refusal-0123456789abcdef")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}\n")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(422);
            assertThat(r.body()).contains("refused").contains("too large");
            Thread.sleep(300);
            assertThat(bus.attempts()).isEqualTo(1);
            assertThat(collector.scrapeMetrics())
                    .containsPattern("citywall_collector_rejected_total\\{input=\"http\",reason=\"bus\",type=\"http\"} 1");
        }
    }
}
