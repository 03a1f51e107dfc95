package org.citywall.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaTest {

    @TempDir
    Path dir;

    @Test
    void servesProducersAndKeepsDataAcrossRestarts() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
            produce(kafka, "first");
            assertThat(consumeAll(kafka)).containsExactly("first");

            kafka.stop();
            assertThat(kafka.isRunning()).isFalse();
            kafka.restart();

            produce(kafka, "second");
            assertThat(consumeAll(kafka)).containsExactlyInAnyOrder("first", "second");
        }
    }

    @Test
    void aKilledBrokerComesBackWithItsAcknowledgedRecords() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
            produce(kafka, "acked");
            long pid = kafka.pid();
            kafka.kill();
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            kafka.restart();
            assertThat(consumeAll(kafka)).containsExactly("acked");
        }
    }

    private static void produce(EmbeddedKafka kafka, String value) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("acks", "all");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("t", value.getBytes(StandardCharsets.UTF_8))).get();
        }
    }

    private static List<String> consumeAll(EmbeddedKafka kafka) {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("group.id", "g" + System.nanoTime());
        p.put("auto.offset.reset", "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("t"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            int idle = 0;
            while (System.nanoTime() < deadline && idle < 3) {
                var records = consumer.poll(Duration.ofSeconds(1));
                if (records.isEmpty() && !values.isEmpty()) {
                    idle++;
                }
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    values.add(new String(r.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }
}
