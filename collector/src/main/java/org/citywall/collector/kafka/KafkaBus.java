package org.citywall.collector.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.citywall.collector.Bus;
import org.citywall.event.RawEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bus on a Kafka topic: each raw event becomes one record whose key is the sender ({@code host:port},
 * so one connection's frames land in one partition, in order) and whose value is
 * {@link RawEvent#toBytes()}.
 *
 * <p>The producer is durable and ordered by default: {@code acks=all}, idempotent, batched
 * ({@code linger.ms=5}, 256 KiB batches) and lz4-compressed; it retries on its own until
 * {@code delivery.timeout.ms} (30 s), after which the future fails and the collector retries again.
 * {@code max.request.size} is the largest frame an input may keep (64 MiB) plus wire overhead, so the
 * producer never refuses a frame the collector took; a record the broker refuses for good (larger than its
 * {@code message.max.bytes}, invalid) is reported through {@link Receipt#rejected}, so the collector counts
 * it and tells its sender instead of retrying it forever.
 * {@link #publish} never blocks the caller for long: until the topic's metadata is known (fetched in the
 * background, again and again while the broker is unreachable) it fails at once, and the collector holds the
 * frame and backs off.
 */
public final class KafkaBus implements Bus {

    /** The topic raw events go to unless told otherwise. */
    public static final String DEFAULT_TOPIC = "citywall.raw-events";

    /** The largest max-frame-bytes an input accepts (64 MiB). */
    static final int LARGEST_FRAME = 64 * 1024 * 1024;
    /** Room for a record's labels, key and Kafka's record and batch headers around the largest frame. */
    static final int WIRE_OVERHEAD = 64 * 1024;
    /** The producer's {@code max.request.size}: the largest frame plus its wire overhead. */
    static final int MAX_REQUEST_BYTES = LARGEST_FRAME + WIRE_OVERHEAD;

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBus.class);

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final AtomicBoolean metadataReady = new AtomicBoolean();
    private final Thread metadataFetcher;
    private volatile boolean closed;
    private final ThreadLocal<WireEncoder> encoders = ThreadLocal.withInitial(WireEncoder::new);

    private KafkaBus(Builder b) {
        this.topic = b.topic;
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, b.bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
        // the largest frame an input may keep, with its labels and Kafka's framing (the 1 MiB default would
        // refuse frames of a max-frame-bytes over about 1 MiB before they ever reach the broker)
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_REQUEST_BYTES);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        // send() may block this long only if metadata vanished; publish() checks for it first
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000);
        // a busy topic is never idle; a quiet one must not need a blocking metadata fetch on its next event
        config.put(ProducerConfig.METADATA_MAX_IDLE_CONFIG, (int) Duration.ofDays(1).toMillis());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, b.clientId);
        config.putAll(b.overrides);
        this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        this.metadataFetcher = new Thread(this::fetchMetadata, "citywall-bus-metadata");
        metadataFetcher.setDaemon(true);
        metadataFetcher.start();
        awaitReady(b.awaitReady);
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!metadataReady.get() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (!metadataReady.get()) {
            LOG.warn("event=bus_not_ready topic={} waited_ms={} action=continue_and_retry", topic, timeout.toMillis());
        }
    }

    /** A builder for a bus on the broker(s) at {@code bootstrapServers} ({@code host:port[,host:port]}). */
    public static Builder builder(String bootstrapServers) {
        return new Builder(bootstrapServers);
    }

    @Override
    public void publish(RawEvent event, Receipt receipt) {
        if (!metadataReady.get()) {
            receipt.failed(new IllegalStateException("Kafka topic " + topic + " not reachable yet (waiting for its metadata)"));
            return;
        }
        try {
            WireEncoder wire = encoders.get();
            producer.send(new ProducerRecord<>(topic, wire.key(event), wire.encode(event)), (meta, error) -> {
                if (error == null) {
                    receipt.stored();
                } else if (refusedForGood(error)) {
                    receipt.rejected(error);
                } else {
                    receipt.failed(error);
                }
            });
        } catch (RuntimeException e) {
            if (refusedForGood(e)) {
                receipt.rejected(e);
            } else {
                receipt.failed(e);
            }
        }
    }

    /**
     * Errors about the record itself, which no retry can cure: larger than the producer's
     * {@code max.request.size} or the broker's {@code message.max.bytes}, or a record the broker finds invalid.
     * Everything else (broker down, timeouts, not enough replicas, authorization being fixed) is retried.
     */
    static boolean refusedForGood(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof RetriableException) {
                return false;
            }
            if (t instanceof RecordTooLargeException || t instanceof RecordBatchTooLargeException
                    || t instanceof InvalidRecordException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** Whether the topic's metadata has been fetched (the bus can take events). */
    public boolean ready() {
        return metadataReady.get();
    }

    /** The topic this bus writes to. */
    public String topic() {
        return topic;
    }

    /** Sends what is buffered and waits (up to 10 s) for it to be acknowledged, then closes the producer. */
    @Override
    public void close() {
        closed = true;
        metadataFetcher.interrupt();
        producer.close(Duration.ofSeconds(10));
    }

    private void fetchMetadata() {
        long backoff = 100;
        while (!closed && !metadataReady.get()) {
            try {
                int partitions = producer.partitionsFor(topic).size();
                metadataReady.set(true);
                LOG.info("event=bus_ready topic={} partitions={}", topic, partitions);
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.warn("event=bus_metadata_unavailable topic={} retry_ms={} error=\"{}\"", topic, backoff,
                        e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoff = Math.min(5_000, backoff * 2);
            }
        }
    }

    /** Configures a {@link KafkaBus}. */
    public static final class Builder {
        private final String bootstrapServers;
        private String topic = DEFAULT_TOPIC;
        private String clientId = "citywall-collector";
        private final Map<String, Object> overrides = new HashMap<>();
        private Duration awaitReady = Duration.ofSeconds(10);

        private Builder(String bootstrapServers) {
            this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        }

        /** The topic; default {@value #DEFAULT_TOPIC}. It must exist or the broker must create it. */
        public Builder topic(String topic) {
            this.topic = Objects.requireNonNull(topic, "topic");
            return this;
        }

        /** The producer's client id (shows in the broker's logs and quotas). */
        public Builder clientId(String clientId) {
            this.clientId = Objects.requireNonNull(clientId, "clientId");
            return this;
        }

        /** Overrides one producer setting (for example {@code compression.type} or security settings). */
        public Builder property(String key, Object value) {
            overrides.put(key, value);
            return this;
        }

        /**
         * How long {@link #build()} waits for the topic's metadata (default 10 s). Events published before it is
         * known fail at once and the collector retries them, counted as bus errors; after the wait the bus is
         * returned anyway and keeps fetching in the background, so a collector starts even with Kafka down.
         */
        public Builder awaitReady(Duration timeout) {
            this.awaitReady = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        public KafkaBus build() {
            return new KafkaBus(this);
        }
    }
}
