package org.citywall.app.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.citywall.detection.job.ArchivePolicy;
import org.citywall.detection.job.DetectionJob;
import org.citywall.detection.job.DetectionJobConfig;
import org.citywall.embedded.elasticsearch.EmbeddedElasticsearch;
import org.citywall.embedded.kafka.EmbeddedKafka;
import org.citywall.event.RawEvent;

/** Loads events onto a topic, then replays it through the real detection job on a MiniCluster. */
final class JobRuns {
    private final EmbeddedKafka kafka;
    private final EmbeddedElasticsearch es;
    private final List<Path> rules;
    private int run;

    JobRuns(EmbeddedKafka kafka, EmbeddedElasticsearch es, List<Path> rules) {
        this.kafka = kafka;
        this.es = es;
        this.rules = rules;
    }

    void load(String topic, List<RawEvent> events) throws Exception {
        long t0 = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> p = producer(kafka)) {
            for (RawEvent e : events) {
                p.send(new ProducerRecord<>(topic, e.peer().getBytes(), e.toBytes()));
            }
            p.flush();
        }
        System.out.printf(Locale.ROOT, "  loaded %,d events onto %s in %.1f s%n", events.size(), topic, (System.nanoTime() - t0) / 1e9);
    }

    static KafkaProducer<byte[], byte[]> producer(EmbeddedKafka kafka) {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("acks", "1");
        p.put("linger.ms", "5");
        p.put("batch.size", "262144");
        p.put("compression.type", "lz4");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    record Result(long events, long processingMillis, long wallMillis) {
        double eventsPerSecond() {
            return events / (Math.max(1, processingMillis) / 1000.0);
        }

        String describe() {
            return String.format(Locale.ROOT, "%,d events processed in %.1f s (job wall time %.1f s incl. start-up)",
                    events, processingMillis / 1000.0, wallMillis / 1000.0);
        }
    }

    Result replay(String topic, int parallelism, boolean archive, long events) throws Exception {
        DetectionJobConfig.Builder b = DetectionJobConfig.builder(kafka.bootstrapServers(), List.of(es.url()))
                .topic(topic).consumerGroup("bench-" + topic + "-" + (run++)).bounded(true).parallelism(parallelism)
                .checkpointInterval(Duration.ZERO).archive(archive ? ArchivePolicy.all() : ArchivePolicy.none());
        rules.forEach(r -> b.ruleDirectory(r.toString()));
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_PORT, "0");
        conf.set(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                java.nio.file.Files.createTempDirectory("citywall-bench-chk").toUri().toString());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
        DetectionJob.build(env, b.build());
        long t0 = System.nanoTime();
        JobExecutionResult r = env.execute("bench-" + topic + "-p" + parallelism);
        long wall = (System.nanoTime() - t0) / 1_000_000;
        Long first = r.getAccumulatorResult(DetectionJob.ACC_FIRST_EVENT_AT);
        Long last = r.getAccumulatorResult(DetectionJob.ACC_LAST_EVENT_AT);
        long endedAt = System.currentTimeMillis();
        // with the archive on, the last document indexed (end of job) is what counts, not the last decoded
        long processing = first == null || last == null ? wall : (archive ? endedAt : last) - first;
        return new Result(events, processing, wall);
    }
}
