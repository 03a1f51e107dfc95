package org.citywall.detection.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.citywall.detection.sink.EsClients;
import org.citywall.embedded.elasticsearch.EmbeddedElasticsearch;
import org.citywall.embedded.flink.EmbeddedFlinkCluster;
import org.citywall.embedded.kafka.EmbeddedKafka;
import org.citywall.event.Alert;
import org.citywall.event.IndexNames;
import org.citywall.event.IndexTemplates;
import org.citywall.event.Json;
import org.citywall.event.RawEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distributed mode as the README describes it: the job jar built by this module, submitted with
 * {@code flink run -d -p 2} to a standalone Flink session cluster (a JobManager and a TaskManager in
 * their own JVMs, with only Flink's jars), reading a real Kafka topic and writing alerts and events
 * to a real Elasticsearch node.
 */
class DetectionJobOnFlinkClusterIT {
    private static final String TOPIC = "citywall.raw-events";

    @TempDir
    static Path dir;
    static EmbeddedKafka kafka;
    static EmbeddedElasticsearch es;
    static EmbeddedFlinkCluster flink;
    static EsClients.Handle client;

    @BeforeAll
    static void startServices() throws Exception {
        kafka = EmbeddedKafka.start(dir.resolve("kafka"));
        es = EmbeddedElasticsearch.start(dir.resolve("es"));
        flink = EmbeddedFlinkCluster.start(dir.resolve("flink"), 2);
        client = EsClients.open(List.of(es.url()));
        for (Map.Entry<String, String> t : IndexTemplates.all().entrySet()) {
            client.sync().indices().putIndexTemplate(r -> r.name(t.getKey()).withJson(new StringReader(t.getValue())));
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get();
        }
    }

    @AfterAll
    static void stopServices() {
        for (AutoCloseable c : new AutoCloseable[] {client, flink, es, kafka}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // keep closing the others
            }
        }
    }

    @Test
    void theJobJarRunsOnAFlinkClusterAndRaisesOneBruteForceAlert() throws Exception {
        Path jar = Path.of("target", "citywall-detection-job.jar").toAbsolutePath();
        assertThat(jar).as("built by the package phase").exists();
        Path rules = Files.createDirectories(dir.resolve("rules"));

        String jobId = flink.submitDetached(2, jar, DetectionJobMain.class.getName(),
                "--kafka", kafka.bootstrapServers(), "--elasticsearch", es.url(), "--rules", rules.toString(),
                "--checkpoint-seconds", "5");
        try {
            await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(500))
                    .until(() -> runningEverywhere(flink.get("/jobs/" + jobId)));
            String plan = flink.get("/jobs/" + jobId);
            assertThat(plan).as("parallelism from flink run -p").contains("\"parallelism\":2");

            String attacker = "203.0.113.201";
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                    Map.of("bootstrap.servers", kafka.bootstrapServers(), "acks", "all"),
                    new ByteArraySerializer(), new ByteArraySerializer())) {
                Instant t = Instant.now();
                for (int i = 0; i < 6; i++) {
                    String line = syslog(t.plusMillis(300L * i), "bastion-01", "sshd[811]",
                            "Failed password for root from " + attacker + " port " + (50000 + i) + " ssh2");
                    RawEvent raw = new RawEvent(line.getBytes(StandardCharsets.UTF_8), System.currentTimeMillis(),
                            "10.1.1.1:514", "syslog-tcp", "jinzhong");
                    producer.send(new ProducerRecord<>(TOPIC, raw.toBytes())).get();
                }
            }
            await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(500))
                    .until(() -> !alertsMentioning(attacker).isEmpty());
            // the sixth failure reaches the alert as an update, a second or two after the alert itself
            await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(500))
                    .until(() -> alertsMentioning(attacker).stream().anyMatch(a -> a.count() == 6));
            Thread.sleep(3000); // a duplicate, if there were one, would be written by now
            List<Alert> alerts = alertsMentioning(attacker);
            assertThat(alerts).hasSize(1);
            assertThat(alerts.get(0).count()).isEqualTo(6);
            assertThat(alerts.get(0).domain()).isEqualTo("jinzhong");
            assertThat(flink.jobState(jobId)).isEqualTo("RUNNING");
            assertThat(Files.readString(flink.taskManagerLog())).doesNotContain("ClassNotFoundException", "NoClassDefFoundError");
        } finally {
            flink.cancel(jobId);
        }
        await().atMost(60, TimeUnit.SECONDS).until(() -> flink.jobState(jobId).equals("CANCELED"));
    }

    /** The job and every one of its tasks are running (a job can be RUNNING while tasks still deploy). */
    private static boolean runningEverywhere(String job) {
        if (job.contains("\"state\":\"FAILED\"")) {
            throw new IllegalStateException("the job failed: " + job);
        }
        return job.contains("\"state\":\"RUNNING\"") && !job.matches("(?s).*\"status\":\"(CREATED|SCHEDULED|DEPLOYING|INITIALIZING)\".*");
    }

    private static String syslog(Instant t, String host, String tag, String msg) {
        String ts = DateTimeFormatter.ofPattern("MMM d HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC).format(t);
        return "<38>" + ts + " " + host + " " + tag + ": " + msg;
    }

    private static List<Alert> alertsMentioning(String ip) throws Exception {
        if (!client.sync().indices().exists(r -> r.index(IndexNames.ALERTS)).value()) {
            return List.of();
        }
        client.sync().indices().refresh(r -> r.index(IndexNames.ALERTS));
        SearchResponse<Map> r = client.sync().search(s -> s.index(IndexNames.ALERTS).size(50)
                .query(q -> q.queryString(qs -> qs.query("\"" + ip + "\""))), Map.class);
        List<Alert> out = new ArrayList<>();
        for (Hit<Map> h : r.hits().hits()) {
            out.add(Alert.fromJson(Json.write(h.source())));
        }
        return out;
    }
}
