package org.citywall.collector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a whole topic from the beginning with a real consumer, for tests that check what is durable. */
final class TopicReader implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    private boolean assigned;

    TopicReader(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
    }

    /** Polls until the records read so far satisfy {@code done} or the timeout passes; returns them all. */
    List<ConsumerRecord<byte[], byte[]>> readUntil(Predicate<List<ConsumerRecord<byte[], byte[]>>> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && !done.test(records)) {
            if (!assigned) {
                var partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10));
                if (partitions == null || partitions.isEmpty()) {
                    continue;
                }
                List<TopicPartition> tps = partitions.stream().map(pi -> new TopicPartition(topic, pi.partition())).toList();
                consumer.assign(tps);
                consumer.seekToBeginning(tps);
                assigned = true;
            }
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return List.copyOf(records);
    }

    /** Records per partition, in offset order. */
    Map<Integer, List<ConsumerRecord<byte[], byte[]>>> byPartition() {
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> m = new java.util.TreeMap<>();
        for (var r : records) {
            m.computeIfAbsent(r.partition(), k -> new ArrayList<>()).add(r);
        }
        return m;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
