package org.citywall.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPOutputStream;
import org.citywall.event.Json;
import org.citywall.event.RawEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** curl against the HTTP ingest endpoints: NDJSON, Elasticsearch _bulk, Splunk HEC; tokens, limits, backpressure. */
class HttpIngestTest {

    static final String TAIYUAN_TOKEN = "tk-taiyuan-0123456789abcdef";
    static final String DATONG_TOKEN = "tk-datong-0123456789abcdef";
    static final RecordingBus bus = new RecordingBus();
    static Collector collector;
    static String base;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        collector = Collector.builder()
                .input(InputSpec.of("http", InputType.HTTP, "127.0.0.1", 0, "province")
                        .withOption("tokens", TAIYUAN_TOKEN + "=taiyuan," + DATONG_TOKEN + "=datong")
                        .withOption("max-body-bytes", "64k")
                        .withOption("max-frame-bytes", "1k")
                        .withOption("request-timeout", "1s"))
                .bus(bus)
                .maxInflightBytes(64 * 1024)
                .build()
                .start();
        base = "http://127.0.0.1:" + collector.boundAddress("http").getPort();
    }

    @AfterAll
    static void stop() {
        collector.close();
    }

    @AfterEach
    void busBackToNormal() {
        bus.releaseAndAccept();
        await().atMost(Duration.ofSeconds(10)).until(collector::busUp);
    }

    /** curl's status line, headers and body: {@code -i} output. */
    record Reply(int status, String headers, String body) {
        JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    private Reply curl(String... args) {
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "-i", "--max-time", "20"));
        cmd.addAll(List.of(args));
        String out = Command.ok(cmd, null);
        // a 100 Continue may come first
        while (out.startsWith("HTTP/1.1 100")) {
            out = out.substring(out.indexOf("\r\n\r\n") + 4);
        }
        int split = out.indexOf("\r\n\r\n");
        String head = out.substring(0, split);
        return new Reply(Integer.parseInt(head.split(" ")[1]), head, out.substring(split + 4));
    }

    private Path file(String name, byte[] content) throws IOException {
        Path p = tmp.resolve(name);
        Files.write(p, content);
        return p;
    }

    private List<RawEvent> newEventsAfter(int before, int expected) {
        await().atMost(Duration.ofSeconds(10)).until(() -> bus.events().size() >= before + expected);
        List<RawEvent> all = bus.events();
        return all.subList(before, all.size());
    }

    @Test
    void ndjson_lines_become_events_stamped_with_the_tokens_domain() throws IOException {
        int before = bus.events().size();
        Path body = file("a.ndjson", "{\"msg\":\"one\"}\n\n{\"msg\":\"two\"}\r\n{\"msg\":\"three\"}".getBytes(StandardCharsets.UTF_8));
        Reply r = curl("-H", "Authorization: Bearer " + DATONG_TOKEN, "--data-binary", "@" + body, base + "/ingest");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("accepted").asInt()).isEqualTo(3);
        List<RawEvent> got = newEventsAfter(before, 3);
        assertThat(got).extracting(RawEvent::bodyAsString)
                .containsExactly("{\"msg\":\"one\"}", "{\"msg\":\"two\"}", "{\"msg\":\"three\"}");
        assertThat(got).allSatisfy(e -> {
            assertThat(e.domain()).isEqualTo("datong");
            assertThat(e.input()).isEqualTo("http");
            assertThat(e.peer()).startsWith("127.0.0.1:");
        });
    }

    @Test
    void cloudtrail_log_files_are_split_into_one_event_per_record_as_sent() throws IOException {
        int before = bus.events().size();
        String r1 = "{\"eventVersion\":\"1.08\",\"eventSource\":\"signin.amazonaws.com\",\"eventName\":\"ConsoleLogin\"}";
        String r2 = "{\"eventVersion\":\"1.08\",\"eventSource\":\"iam.amazonaws.com\",\"eventName\":\"CreateAccessKey\","
                + "\"requestParameters\":{\"userName\":\"ops\"}}";
        String r3 = "{\"eventName\":\"StopLogging\"}";
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) { // as CloudTrail writes them to S3
            out.write(("{\"Records\": [" + r1 + ",\n  " + r2 + "]}\n{\"Records\":[" + r3 + "],\"digest\":{}}")
                    .getBytes(StandardCharsets.UTF_8));
        }
        Path body = file("ct.json.gz", gz.toByteArray());
        Reply r = curl("-H", "Authorization: Bearer " + DATONG_TOKEN, "-H", "Content-Encoding: gzip",
                "--data-binary", "@" + body, base + "/ingest/cloudtrail");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("accepted").asInt()).isEqualTo(3);
        assertThat(newEventsAfter(before, 3)).extracting(RawEvent::bodyAsString).containsExactly(r1, r2, r3);
    }

    @Test
    void a_cloudtrail_body_without_records_gets_400_naming_the_problem_and_stores_nothing() {
        int before = bus.attempts();
        Reply none = curl("-H", "Authorization: Bearer " + DATONG_TOKEN, "--data-binary", "{\"eventName\":\"x\"}",
                base + "/ingest/cloudtrail");
        Reply scalar = curl("-H", "Authorization: Bearer " + DATONG_TOKEN, "--data-binary", "{\"Records\":[{\"a\":1},7]}",
                base + "/ingest/cloudtrail");
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.json().get("error").asText()).contains("no \"Records\" array");
        assertThat(scalar.status()).isEqualTo(400);
        assertThat(scalar.json().get("error").asText()).contains("record 2 is not a JSON object");
        assertThat(bus.attempts()).isEqualTo(before);
    }

    @Test
    void a_missing_or_unknown_token_gets_401_and_stores_nothing() {
        int before = bus.attempts();
        Reply none = curl("--data-binary", "{\"a\":1}", base + "/ingest");
        Reply wrong = curl("-H", "Authorization: Bearer not-a-known-token-at-all", "--data-binary", "{\"a\":1}", base + "/ingest");
        Reply wrongSplunk = curl("-H", "Authorization: Splunk not-a-known-token-at-all", "-d", "{\"event\":1}",
                base + "/services/collector/event");
        assertThat(none.status()).isEqualTo(401);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(none.headers()).containsIgnoringCase("WWW-Authenticate");
        assertThat(wrongSplunk.status()).isEqualTo(401);
        assertThat(wrongSplunk.json().get("code").asInt()).isEqualTo(4);
        assertThat(bus.attempts()).isEqualTo(before);
        assertThat(collector.scrapeMetrics()).containsPattern("citywall_collector_rejected_total\\{input=\"http\",reason=\"auth\",type=\"http\"} [3-9]");
    }

    @Test
    void a_body_over_max_body_bytes_gets_413() throws IOException {
        int before = bus.attempts();
        Path big = file("big.ndjson", ("{\"pad\":\"" + "x".repeat(500) + "\"}\n").repeat(200).getBytes(StandardCharsets.UTF_8));
        Reply r = curl("-H", "Authorization: Bearer " + TAIYUAN_TOKEN, "--data-binary", "@" + big, base + "/ingest");
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.json().get("error").asText()).contains("larger than 65536");
        assertThat(bus.attempts()).isEqualTo(before);
    }

    @Test
    void an_event_over_max_frame_bytes_is_kept_truncated_and_flagged() {
        int before = bus.events().size();
        String big = "{\"pad\":\"" + "y".repeat(2000) + "\"}";
        Reply r = curl("-H", "Authorization: Bearer " + TAIYUAN_TOKEN, "--data-binary", big, base + "/ingest");
        assertThat(r.status()).isEqualTo(200);
        RawEvent e = newEventsAfter(before, 1).get(0);
        assertThat(e.truncated()).isTrue();
        assertThat(e.body()).hasSize(1024);
    }

    @Test
    void gzip_bodies_are_accepted() throws IOException {
        int before = bus.events().size();
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write("{\"z\":1}\n{\"z\":2}\n".getBytes(StandardCharsets.UTF_8));
        }
        Path body = file("b.gz", gz.toByteArray());
        Reply r = curl("-H", "Authorization: Bearer " + TAIYUAN_TOKEN, "-H", "Content-Encoding: gzip",
                "--data-binary", "@" + body, base + "/ingest");
        assertThat(r.status()).isEqualTo(200);
        assertThat(newEventsAfter(before, 2)).extracting(RawEvent::bodyAsString).containsExactly("{\"z\":1}", "{\"z\":2}");
    }

    @Test
    void elasticsearch_bulk_stores_each_source_document_and_answers_like_elasticsearch() throws IOException {
        int before = bus.events().size();
        String bulk = """
                {"index":{"_index":"filebeat-8","_id":"a1"}}
                {"message":"sshd: Failed password","@timestamp":"2026-11-27T10:00:00Z"}
                {"create":{}}
                {"message":"second"}
                {"delete":{"_index":"x","_id":"gone"}}
                """;
        Path body = file("bulk.ndjson", bulk.getBytes(StandardCharsets.UTF_8));
        String basic = java.util.Base64.getEncoder().encodeToString(("elastic:" + TAIYUAN_TOKEN).getBytes(StandardCharsets.UTF_8));
        Reply r = curl("-H", "Authorization: Basic " + basic, "-H", "Content-Type: application/x-ndjson",
                "--data-binary", "@" + body, base + "/logs/_bulk");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers()).contains("X-Elastic-Product: Elasticsearch");
        JsonNode json = r.json();
        assertThat(json.get("errors").asBoolean()).isTrue();
        assertThat(json.get("items").get(0).get("index").get("status").asInt()).isEqualTo(201);
        assertThat(json.get("items").get(0).get("index").get("_id").asText()).isEqualTo("a1");
        assertThat(json.get("items").get(1).get("create").get("_index").asText()).isEqualTo("logs");
        assertThat(json.get("items").get(2).get("delete").get("status").asInt()).isEqualTo(400);
        assertThat(newEventsAfter(before, 2)).extracting(RawEvent::bodyAsString).containsExactly(
                "{\"message\":\"sshd: Failed password\",\"@timestamp\":\"2026-11-27T10:00:00Z\"}",
                "{\"message\":\"second\"}");
    }

    @Test
    void a_malformed_bulk_body_gets_400_and_stores_nothing() {
        int before = bus.attempts();
        Reply r = curl("-H", "Authorization: ApiKey " + TAIYUAN_TOKEN, "--data-binary", "{\"index\":{}}\nnot json\n{oops\n",
                base + "/_bulk");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("error").get("reason").asText()).contains("bulk line 3");
        assertThat(bus.attempts()).isEqualTo(before);
    }

    @Test
    void get_root_answers_like_elasticsearch_8_so_shippers_connect() {
        Reply r = curl(base + "/");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("version").get("number").asText()).startsWith("8.");
    }

    @Test
    void the_setup_calls_elasticsearch_shippers_make_before_sending_are_answered_and_store_nothing() {
        int before = bus.events().size();
        assertThat(curl(base + "/_license").json().get("license").get("status").asText()).isEqualTo("active");
        assertThat(curl(base + "/_cluster/health").json().get("status").asText()).isEqualTo("green");
        // Filebeat and Logstash look for their index template, then install it and an ILM policy
        assertThat(curl("-I", base + "/_index_template/filebeat-8.17.0").status()).isEqualTo(200);
        Reply put = curl("-X", "PUT", "-H", "Content-Type: application/json", "--data-binary",
                "{\"index_patterns\":[\"filebeat-*\"]}", base + "/_index_template/filebeat-8.17.0");
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.json().get("acknowledged").asBoolean()).isTrue();
        assertThat(curl("-X", "PUT", "-H", "Content-Type: application/json", "--data-binary", "{\"policy\":{}}",
                base + "/_ilm/policy/filebeat").json().get("acknowledged").asBoolean()).isTrue();
        assertThat(curl("-X", "DELETE", base + "/_index_template/filebeat-8.17.0").status()).isEqualTo(404);
        assertThat(bus.events().size()).isEqualTo(before);
    }

    @Test
    void splunk_hec_events_and_raw_lines() {
        int before = bus.events().size();
        Reply events = curl("-H", "Authorization: Splunk " + DATONG_TOKEN, "--data-binary",
                "{\"event\":\"login failed\",\"host\":\"web1\"} {\"event\":{\"user\":\"bob\"},\"sourcetype\":\"auth\"}",
                base + "/services/collector/event");
        assertThat(events.status()).isEqualTo(200);
        assertThat(events.json().get("code").asInt()).isZero();
        Reply raw = curl("-H", "Authorization: Splunk " + DATONG_TOKEN, "--data-binary", "line a\nline b\n",
                base + "/services/collector/raw");
        assertThat(raw.status()).isEqualTo(200);
        assertThat(newEventsAfter(before, 4)).extracting(RawEvent::bodyAsString).containsExactly(
                "{\"event\":\"login failed\",\"host\":\"web1\"}", "{\"event\":{\"user\":\"bob\"},\"sourcetype\":\"auth\"}",
                "line a", "line b");
        Reply missing = curl("-H", "Authorization: Splunk " + DATONG_TOKEN, "--data-binary", "{\"host\":\"x\"}",
                base + "/services/collector/event");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("code").asInt()).isEqualTo(6);
        assertThat(curl(base + "/services/collector/health").status()).isEqualTo(200);
    }

    @Test
    void a_slow_bus_spends_the_budget_and_further_requests_get_429_with_retry_after() throws Exception {
        bus.mode(RecordingBus.Mode.HOLD);
        String lines = ("{\"pad\":\"" + "p".repeat(400) + "\"}\n").repeat(150); // ~100 KB charged: over 64 KiB
        Path body = file("fill.ndjson", lines.getBytes(StandardCharsets.UTF_8));
        CompletableFuture<Reply> first = CompletableFuture.supplyAsync(() -> curl("-H", "Authorization: Bearer "
                + TAIYUAN_TOKEN, "--data-binary", "@" + body, base + "/ingest"));
        await().atMost(Duration.ofSeconds(10)).until(() -> bus.held() == 150);
        Reply second = curl("-H", "Authorization: Bearer " + TAIYUAN_TOKEN, "--data-binary", "{\"a\":1}", base + "/ingest");
        assertThat(second.status()).isEqualTo(429);
        assertThat(second.headers()).containsIgnoringCase("Retry-After: 1");
        // the first one is answered only when its events are durable: not yet, so it times out with 503
        Reply firstReply = first.get();
        assertThat(firstReply.status()).isEqualTo(503);
        assertThat(firstReply.headers()).containsIgnoringCase("Retry-After: 5");
    }

    @Test
    void a_body_that_would_not_fit_the_budget_is_refused_from_its_headers_before_it_is_read() throws Exception {
        bus.mode(RecordingBus.Mode.HOLD);
        String lines = ("{\"pad\":\"" + "p".repeat(400) + "\"}\n").repeat(150);
        Path body = file("fill2.ndjson", lines.getBytes(StandardCharsets.UTF_8));
        CompletableFuture<Reply> first = CompletableFuture.supplyAsync(() -> curl("-H", "Authorization: Bearer "
                + TAIYUAN_TOKEN, "--data-binary", "@" + body, base + "/ingest"));
        await().atMost(Duration.ofSeconds(10)).until(() -> bus.held() >= 150);
        // only the headers: a server that gathered the body first would still be waiting for it
        try (java.net.Socket sock = new java.net.Socket("127.0.0.1", collector.boundAddress("http").getPort())) {
            sock.setSoTimeout(5000);
            sock.getOutputStream().write(("POST /ingest HTTP/1.1\r\nHost: collector\r\nAuthorization: Bearer " + TAIYUAN_TOKEN
                    + "\r\nContent-Type: application/x-ndjson\r\nContent-Length: 60000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            sock.getOutputStream().flush();
            String answer = new String(sock.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(answer).isEqualTo("HTTP/1.1 429");
        }
        assertThat(first.get().status()).isEqualTo(503);
    }

    @Test
    void a_bus_that_is_down_gets_503_with_retry_after_and_the_events_are_still_stored_when_it_is_back() {
        int before = bus.events().size();
        bus.mode(RecordingBus.Mode.FAIL);
        Reply during = curl("-H", "Authorization: Bearer " + TAIYUAN_TOKEN, "--data-binary", "{\"during\":1}", base + "/ingest");
        assertThat(during.status()).isEqualTo(503);
        assertThat(during.headers()).containsIgnoringCase("Retry-After: 5");
        assertThat(collector.busUp()).isFalse();
        Reply fast = curl("-H", "Authorization: Bearer " + TAIYUAN_TOKEN, "--data-binary", "{\"refused\":1}", base + "/ingest");
        assertThat(fast.status()).isEqualTo(503);
        bus.mode(RecordingBus.Mode.ACCEPT);
        // the publisher kept retrying the first request's event: it lands once the bus is back
        assertThat(newEventsAfter(before, 1)).extracting(RawEvent::bodyAsString).contains("{\"during\":1}");
        await().atMost(Duration.ofSeconds(10)).until(collector::busUp);
        Reply after = curl("-H", "Authorization: Bearer " + TAIYUAN_TOKEN, "--data-binary", "{\"after\":1}", base + "/ingest");
        assertThat(after.status()).isEqualTo(200);
        assertThat(collector.scrapeMetrics()).containsPattern("citywall_collector_bus_errors_total\\{input=\"http\",type=\"http\"} [1-9]");
    }

    @Test
    void unknown_paths_get_404() {
        assertThat(curl("-H", "Authorization: Bearer " + TAIYUAN_TOKEN, base + "/nothing/here").status()).isEqualTo(404);
    }
}
