package org.citywall.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.citywall.collector.kafka.KafkaBus;
import org.citywall.embedded.kafka.EmbeddedKafka;
import org.citywall.event.RawEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Frames over Kafka's 1 MiB defaults: the producer takes any frame an input may keep; a record the broker
 * refuses (over its message.max.bytes, 1 MiB by default) is reported as refused for good, never as a
 * failure to retry.
 */
class KafkaRecordSizeTest {

    static EmbeddedKafka kafka;

    @TempDir
    static Path kafkaDir;

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

    /** What the bus said about one event: "stored", "failed: ..." or "rejected: ...". */
    private static String outcome(KafkaBus bus, int bodyBytes) throws Exception {
        byte[] body = new byte[bodyBytes];
        new Random(bodyBytes).nextBytes(body); // incompressible, so lz4 does not shrink it under the limit
        CompletableFuture<String> said = new CompletableFuture<>();
        bus.publish(new RawEvent(body, 0, "127.0.0.1:1", "in", "d"), new Bus.Receipt() {
            @Override
            public void stored() {
                said.complete("stored");
            }

            @Override
            public void failed(Throwable error) {
                said.complete("failed: " + error);
            }

            @Override
            public void rejected(Throwable error) {
                said.complete("rejected: " + error);
            }
        });
        return said.get(60, TimeUnit.SECONDS);
    }

    @Test
    void a_record_within_the_brokers_limit_is_stored_and_one_over_it_is_refused_for_good() throws Exception {
        try (KafkaBus bus = KafkaBus.builder(kafka.bootstrapServers()).topic("t-size").build()) {
            assertThat(outcome(bus, 512 * 1024)).isEqualTo("stored");
            // over the broker's default message.max.bytes, under the producer's max.request.size
            String overBroker = outcome(bus, 2 * 1024 * 1024);
            assertThat(overBroker).startsWith("rejected: ").contains("RecordTooLarge");
            assertThat(overBroker).as("refused by the broker, not by the producer's own limit")
                    .doesNotContain("max.request.size");
        }
    }
}
