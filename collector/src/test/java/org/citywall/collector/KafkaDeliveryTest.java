package org.citywall.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.citywall.collector.kafka.KafkaBus;
import org.citywall.embedded.FreePort;
import org.citywall.embedded.kafka.EmbeddedKafka;
import org.citywall.event.RawEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delivery onto a real Kafka broker (the embedded KRaft broker in its own JVM): what lands on the topic,
 * nothing lost when the collector is SIGKILLed under an acknowledging sender (RELP, HTTP with a retrying
 * client), and bounded memory while the broker is down.
 *
 * <p>The RELP count is {@code -Dcitywall.relp.messages} (20,000 here; the soak command runs 100,000).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaDeliveryTest {

    static final Pattern SEQ = Pattern.compile("seq=(\\d+)");
    static EmbeddedKafka kafka;

    @TempDir
    static Path kafkaDir;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start(kafkaDir.resolve("kafka"));
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static BitSet numbers(List<ConsumerRecord<byte[], byte[]>> records) {
        BitSet seen = new BitSet();
        for (var r : records) {
            Matcher m = SEQ.matcher(RawEvent.fromBytes(r.value()).bodyAsString());
            if (m.find()) {
                seen.set(Integer.parseInt(m.group(1)));
            }
        }
        return seen;
    }

    private static boolean allSeen(List<ConsumerRecord<byte[], byte[]>> records, int n) {
        BitSet seen = numbers(records);
        return seen.nextClearBit(1) > n;
    }

    @Test
    @Order(1)
    void raw_events_land_on_the_topic_in_wire_form_keyed_by_sender_in_order() {
        String topic = "t-order";
        try (KafkaBus bus = KafkaBus.builder(kafka.bootstrapServers()).topic(topic).build();
             Collector c = Collector.builder()
                     .input(InputSpec.of("syslog-tcp", InputType.SYSLOG_TCP, "127.0.0.1", 0, "taiyuan"))
                     .bus(bus).build().start();
             TopicReader reader = new TopicReader(kafka.bootstrapServers(), topic)) {
            String lines = IntStream.rangeClosed(1, 300).mapToObj(i -> "seq=" + i).collect(Collectors.joining("\n"));
            Command.ok(List.of("logger", "--tcp", "--server", "127.0.0.1", "--port",
                    "" + c.boundAddress("syslog-tcp").getPort(), "-t", "order"), lines + "\n");
            List<ConsumerRecord<byte[], byte[]>> got = reader.readUntil(r -> r.size() >= 300, Duration.ofSeconds(60));
            assertThat(got).hasSize(300);
            assertThat(reader.byPartition()).hasSize(1); // one sender, one key, one partition
            for (int i = 0; i < 300; i++) {
                RawEvent e = RawEvent.fromBytes(got.get(i).value());
                assertThat(e.bodyAsString()).endsWith("seq=" + (i + 1));
                assertThat(e.domain()).isEqualTo("taiyuan");
                assertThat(new String(got.get(i).key(), StandardCharsets.UTF_8)).isEqualTo(e.peer());
            }
            assertThat(c.status().get(0).busErrors()).as("the bus waited for the topic's metadata when built").isZero();
        }
    }

    @Test
    @Order(2)
    void relp_loses_nothing_when_the_collector_is_killed_mid_stream() throws Exception {
        int n = Integer.getInteger("citywall.relp.messages", 100_000);
        String topic = "t-relp";
        Path file = dir.resolve("numbers.log");
        Files.writeString(file, IntStream.rangeClosed(1, n).mapToObj(i -> String.format("relpkill seq=%07d", i))
                .collect(Collectors.joining("\n", "", "\n")));
        int port = FreePort.next(); // a restarted collector must listen where rsyslog reconnects
        try (CollectorProcess collector = new CollectorProcess(dir, "collector", "--kafka", kafka.bootstrapServers(),
                "--topic", topic, "--input", "relp://127.0.0.1:" + port + "?domain=taiyuan&name=relp");
             TopicReader reader = new TopicReader(kafka.bootstrapServers(), topic)) {
            collector.start();
            String config = "module(load=\"imfile\")\nmodule(load=\"omrelp\")\n"
                    + "input(type=\"imfile\" file=\"" + file + "\" tag=\"relpkill:\" freshStartTail=\"off\" ruleset=\"fwd\")\n"
                    + "ruleset(name=\"fwd\" queue.type=\"LinkedList\" queue.size=\"" + (n + 1000) + "\") {\n"
                    + "  action(type=\"omrelp\" target=\"127.0.0.1\" port=\"" + port + "\" timeout=\"5\""
                    + " action.resumeRetryCount=\"-1\" action.resumeInterval=\"1\")\n}\n";
            try (Rsyslog rsyslog = Rsyslog.start(dir, config)) {
                int atKill = reader.readUntil(r -> r.size() >= n / 4, Duration.ofSeconds(120)).size();
                collector.kill(); // SIGKILL mid-stream
                assertThat(atKill).as("killed mid-stream").isBetween(n / 4, n - 1);
                Thread.sleep(500);
                collector.start();
                List<ConsumerRecord<byte[], byte[]>> got = reader.readUntil(r -> allSeen(r, n), Duration.ofSeconds(240));
                BitSet seen = numbers(got);
                assertThat(seen.nextClearBit(1)).as("first number missing (rsyslog: %s)", rsyslog.output()).isGreaterThan(n);
                System.out.printf("relp kill test: %d messages, killed after %d were on the topic; %d records in the end"
                        + " (%d resent twice)%n", n, atKill, got.size(), got.size() - n);
            }
        }
    }

    @Test
    @Order(3)
    void http_with_a_retrying_client_loses_nothing_when_the_collector_is_killed() throws Exception {
        String token = "tk-http-kill-0123456789abcdef";
        String topic = "t-http";
        int batches = 60;
        int perBatch = 100;
        int port = FreePort.next();
        try (CollectorProcess collector = new CollectorProcess(dir, "collector-http", "--kafka", kafka.bootstrapServers(),
                "--topic", topic, "--input", "http://127.0.0.1:" + port + "?domain=datong&name=http&tokens=" + token);
             TopicReader reader = new TopicReader(kafka.bootstrapServers(), topic)) {
            collector.start();
            AtomicInteger sentBatches = new AtomicInteger();
            AtomicBoolean failed = new AtomicBoolean();
            Thread client = new Thread(() -> {
                for (int b = 0; b < batches; b++) {
                    int first = b * perBatch + 1;
                    String body = IntStream.range(first, first + perBatch).mapToObj(i -> "{\"seq\":\"seq=" + i + "\"}")
                            .collect(Collectors.joining("\n"));
                    // curl retries refused connections, resets and 429/503 (honouring Retry-After) on its own
                    Command.Result r = Command.run(List.of("curl", "-sS", "--fail", "--retry", "60",
                            "--retry-all-errors", "--retry-delay", "1", "--max-time", "20",
                            "-H", "Authorization: Bearer " + token, "--data-binary", body,
                            "http://127.0.0.1:" + port + "/ingest"), null, 120);
                    if (r.exitCode() != 0) {
                        failed.set(true);
                        return;
                    }
                    sentBatches.incrementAndGet();
                }
            });
            client.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> sentBatches.get() >= batches / 3);
            collector.kill();
            Thread.sleep(500);
            collector.start();
            client.join(180_000);
            assertThat(failed).isFalse();
            assertThat(sentBatches.get()).isEqualTo(batches);
            List<ConsumerRecord<byte[], byte[]>> got = reader.readUntil(r -> allSeen(r, batches * perBatch), Duration.ofSeconds(60));
            assertThat(numbers(got).nextClearBit(1)).isGreaterThan(batches * perBatch);
        }
    }

    @Test
    @Order(4)
    void memory_stays_bounded_when_the_broker_stops_under_load_and_nothing_is_lost() throws Exception {
        String topic = "t-outage";
        long budget = 1024 * 1024;
        // the producer gives up on a batch after 5 s, so the collector's own retries take over during the outage
        try (KafkaBus bus = KafkaBus.builder(kafka.bootstrapServers()).topic(topic)
                     .property("delivery.timeout.ms", 5000).property("request.timeout.ms", 2000).build();
             Collector c = Collector.builder()
                     .input(InputSpec.of("tcp", InputType.SYSLOG_TCP, "127.0.0.1", 0, "taiyuan"))
                     .bus(bus).maxInflightBytes(budget).build().start();
             TopicReader reader = new TopicReader(kafka.bootstrapServers(), topic)) {
            int port = c.boundAddress("tcp").getPort();
            AtomicLong sent = new AtomicLong();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> senders = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int sender = t;
                Thread th = new Thread(() -> {
                    try (Socket s = new Socket("127.0.0.1", port)) {
                        OutputStream out = new BufferedOutputStream(s.getOutputStream(), 4096);
                        for (int i = 0; !stop.get(); i++) {
                            out.write(("<13>outage seq=" + (sender * 10_000_000 + i) + " " + "x".repeat(100) + "\n")
                                    .getBytes(StandardCharsets.US_ASCII));
                            sent.incrementAndGet();
                        }
                        out.flush();
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                });
                th.start();
                senders.add(th);
            }
            reader.readUntil(r -> r.size() > 20_000, Duration.ofSeconds(60));
            kafka.kill(); // the broker dies under load
            Thread.sleep(8_000);
            long sentDuringOutage = sent.get();
            Thread.sleep(2_000);
            double inflight = c.meterRegistry().get("citywall.collector.inflight.bytes").gauge().value();
            assertThat(sent.get() - sentDuringOutage).as("senders are held back by TCP").isLessThan(1000);
            assertThat(inflight).as("in-flight bytes").isLessThan(budget + 4 * 16 * 64 * 1024 * 3);
            assertThat(c.busUp()).isFalse();
            assertThat(c.scrapeMetrics()).contains("citywall_collector_paused_connections 4.0");
            kafka.restart();
            stop.set(true);
            for (Thread th : senders) {
                th.join(120_000);
            }
            long total = sent.get();
            // every line written before the senders stopped reaches the topic (possibly twice: at-least-once)
            List<ConsumerRecord<byte[], byte[]>> got = reader.readUntil(r -> distinct(r) >= total, Duration.ofSeconds(180));
            assertThat(distinct(got)).isEqualTo(total);
            assertThat(c.status().get(0).busErrors()).isPositive();
        }
    }

    private static long distinct(List<ConsumerRecord<byte[], byte[]>> records) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (var r : records) {
            Matcher m = SEQ.matcher(RawEvent.fromBytes(r.value()).bodyAsString());
            if (m.find()) {
                seen.add(m.group(1));
            }
        }
        return seen.size();
    }
}
