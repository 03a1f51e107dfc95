package org.citywall.app.bench;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.citywall.detection.job.ArchivePolicy;
import org.citywall.detection.job.DetectionJob;
import org.citywall.detection.job.DetectionJobConfig;
import org.citywall.detection.sink.EsClients;
import org.citywall.embedded.elasticsearch.EmbeddedElasticsearch;
import org.citywall.embedded.kafka.EmbeddedKafka;
import org.citywall.event.IndexNames;
import org.citywall.event.RawEvent;

/**
 * Event-to-alert latency at a steady rate: background traffic at {@code rate} events/s with an SSH
 * brute force from a fresh address injected four times a second; for each, the time from
 * sending its fifth failed login to the alert being searchable in Elasticsearch. The same traffic
 * runs unmeasured for a warm-up period first.
 */
final class LatencyRun {
    static final String BRUTE_FORCE_RULE = "1f0c9a52-6b1e-4d47-9d1c-5f2a7e3b8c01";

    private final EmbeddedKafka kafka;
    private final EmbeddedElasticsearch es;
    private final List<Path> rules;
    private final EventMix mix;

    LatencyRun(EmbeddedKafka kafka, EmbeddedElasticsearch es, List<Path> rules, EventMix mix) {
        this.kafka = kafka;
        this.es = es;
        this.rules = rules;
        this.mix = mix;
    }

    record Result(int rate, int bursts, long[] latenciesMillis, int missing) {
        String describe() {
            long[] l = latenciesMillis.clone();
            Arrays.sort(l);
            if (l.length == 0) {
                return "event-to-alert latency: no alert arrived (" + bursts + " bursts sent)";
            }
            return String.format(Locale.ROOT,
                    "event-to-alert latency at %,d events/s (last failed login sent -> alert searchable): "
                            + "p50 %d ms, p90 %d ms, p99 %d ms, max %d ms over %d bursts, %d without an alert",
                    rate, pct(l, 50), pct(l, 90), pct(l, 99), l[l.length - 1], l.length, missing);
        }

        private static long pct(long[] sorted, int p) {
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
        }
    }

    /**
     * @param warmup how long the job, the broker and the node take the same traffic (bursts included)
     *               before anything is measured: a job minutes into its life, not one still compiling
     */
    Result run(int rate, Duration warmup, Duration length, Duration checkpointInterval) throws Exception {
        String topic = "bench-latency";
        // the topic exists before the job starts: a source that finds no topic fails over, and the
        // restarts would be measured as latency
        org.citywall.app.embedded.KafkaSetup.ensureTopic(kafka.bootstrapServers(), topic, 2);
        DetectionJobConfig.Builder b = DetectionJobConfig.builder(kafka.bootstrapServers(), List.of(es.url()))
                .topic(topic).consumerGroup("bench-latency").parallelism(2).archive(ArchivePolicy.none())
                .checkpointInterval(checkpointInterval);
        rules.forEach(r -> b.ruleDirectory(r.toString()));
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_PORT, "0");
        conf.set(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                java.nio.file.Files.createTempDirectory("citywall-bench-chk").toUri().toString());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
        DetectionJob.build(env, b.build());
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, Long> latency = new ConcurrentHashMap<>();
        int bursts = 0;
        try (KafkaProducer<byte[], byte[]> producer = JobRuns.producer(kafka);
             EsClients.Handle client = EsClients.open(List.of(es.url()))) {
            JobClient job = env.executeAsync("bench-latency");
            Thread.sleep(5000); // the job is up and polling
            Thread poller = new Thread(() -> poll(client, sentAt, latency), "latency-poller");
            poller.setDaemon(true);
            poller.start();
            long start = System.currentTimeMillis();
            long measureFrom = start + warmup.toMillis();
            long end = measureFrom + length.toMillis();
            long sent = 0;
            long nextBurst = start + 250;
            int warmupBursts = 0;
            while (System.currentTimeMillis() < end) {
                long now = System.currentTimeMillis();
                long due = (now - start) * rate / 1000;
                while (sent < due) {
                    RawEvent e = mix.next(System.currentTimeMillis(), "province");
                    producer.send(new ProducerRecord<>(topic, e.peer().getBytes(), e.toBytes()));
                    sent++;
                }
                if (now >= nextBurst) {
                    boolean measured = now >= measureFrom;
                    int n = measured ? bursts : warmupBursts;
                    String ip = (measured ? "100.64." : "100.65.") + (n / 250) + "." + (n % 250);
                    for (int i = 0; i < 5; i++) {
                        RawEvent e = EventMix.failedPassword(System.currentTimeMillis(), ip, "root", "province");
                        var f = producer.send(new ProducerRecord<>(topic, e.peer().getBytes(), e.toBytes()));
                        if (i == 4 && measured) {
                            f.get();
                            sentAt.put(ip, System.currentTimeMillis());
                        }
                    }
                    if (measured) {
                        bursts++;
                    } else {
                        warmupBursts++;
                    }
                    nextBurst += 250;
                }
                Thread.sleep(2);
            }
            Thread.sleep(10_000); // the last bursts' alerts arrive
            job.cancel().get();
            // what the alerts index went through: the measured alerts share the node with every other alert's writes
            var stats = client.sync().indices().stats(st -> st.index(IndexNames.ALERTS)).all().primaries();
            long docs = stats.docs() == null ? 0 : stats.docs().count();
            long writes = stats.indexing() == null ? 0 : stats.indexing().indexTotal();
            long bytes = stats.store() == null ? 0 : stats.store().sizeInBytes();
            System.out.printf(Locale.ROOT, "  alerts index: %,d alerts, %,d writes (creates and updates) during the run and its warm-up, %,d KiB%n",
                    docs, writes, bytes / 1024);
            var byRule = client.sync().search(s -> s.index(IndexNames.ALERTS).size(0)
                    .aggregations("rules", a -> a.terms(t -> t.field("rule_title.keyword").size(6))), Map.class);
            StringBuilder top = new StringBuilder("  alerts by rule:");
            byRule.aggregations().get("rules").sterms().buckets().array()
                    .forEach(bk -> top.append(String.format(Locale.ROOT, " %s %,d;", bk.key().stringValue(), bk.docCount())));
            System.out.println(top);
        }
        long[] values = latency.values().stream().mapToLong(Long::longValue).toArray();
        StringBuilder trend = new StringBuilder("  latency by burst (every 10th, ms):");
        for (int i = 0; i < bursts; i += 10) {
            Long l = latency.get("100.64." + (i / 250) + "." + (i % 250));
            trend.append(' ').append(l == null ? "-" : l.toString());
        }
        System.out.println(trend);
        return new Result(rate, bursts, values, bursts - values.length);
    }

    private static void poll(EsClients.Handle client, Map<String, Long> sentAt, Map<String, Long> latency) {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                // only the bursts still waiting for their alert: asking for every brute-force alert (thousands,
                // from the background traffic) fifty times a second loaded the node being measured
                List<FieldValue> pending = sentAt.keySet().stream()
                        .filter(ip -> !latency.containsKey(ip))
                        .map(FieldValue::of).toList();
                if (pending.isEmpty()) {
                    Thread.sleep(5);
                    continue;
                }
                SearchResponse<Map> r = client.sync().search(s -> s.index(IndexNames.ALERTS).size(pending.size())
                        .query(q -> q.bool(b -> b
                                .filter(f -> f.term(t -> t.field("rule_id").value(BRUTE_FORCE_RULE)))
                                .filter(f -> f.terms(t -> t.field("group_by.source.ip").terms(v -> v.value(pending))))))
                        .source(src -> src.filter(f -> f.includes("group_by"))),
                        Map.class);
                long now = System.currentTimeMillis();
                for (Hit<Map> h : r.hits().hits()) {
                    Object g = h.source() == null ? null : h.source().get("group_by");
                    Object ip = g instanceof Map<?, ?> m ? m.get("source.ip") : null;
                    Long sent = ip == null ? null : sentAt.get(ip.toString());
                    if (sent != null) {
                        latency.putIfAbsent(ip.toString(), now - sent);
                    }
                }
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                try {
                    Thread.sleep(200); // the index may not exist yet
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }
}
