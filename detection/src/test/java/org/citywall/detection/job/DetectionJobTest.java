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
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.citywall.detection.sink.EsClients;
import org.citywall.embedded.elasticsearch.EmbeddedElasticsearch;
import org.citywall.embedded.kafka.EmbeddedKafka;
import org.citywall.event.Alert;
import org.citywall.event.IndexNames;
import org.citywall.event.IndexTemplates;
import org.citywall.event.Json;
import org.citywall.event.RawEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole job against a real Kafka broker and Elasticsearch node, on a Flink MiniCluster. */
class DetectionJobTest {

    @TempDir
    static Path dir;
    static EmbeddedKafka kafka;
    static EmbeddedElasticsearch es;
    static EsClients.Handle client;
    static KafkaProducer<byte[], byte[]> producer;
    JobClient job;

    @BeforeAll
    static void startServices() throws Exception {
        kafka = EmbeddedKafka.start(dir.resolve("kafka"));
        es = EmbeddedElasticsearch.start(dir.resolve("es"));
        client = EsClients.open(List.of(es.url()));
        for (Map.Entry<String, String> t : IndexTemplates.all().entrySet()) {
            client.sync().indices().putIndexTemplate(r -> r.name(t.getKey()).withJson(new StringReader(t.getValue())));
        }
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("acks", "all");
        producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stopServices() {
        producer.close();
        client.close();
        es.close();
        kafka.close();
    }

    @AfterEach
    void cancelJob() throws Exception {
        if (job != null) {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void bruteForceFromOneSourceIsOneAlertWithItsDetails() throws Exception {
        String topic = "raw-bruteforce";
        job = startJob(topic, dir.resolve("rules-a"));
        Instant t = Instant.now();
        for (int i = 0; i < 7; i++) {
            send(topic, sshdLine(t.plusSeconds(i), "web-01", i % 2 == 0 ? "root" : "oracle", "203.0.113.5"));
        }
        for (int i = 0; i < 4; i++) {
            send(topic, sshdLine(t.plusSeconds(i), "web-02", "root", "203.0.113.6"));
        }
        // the last failures reach the alert as updates, a second or so after the alert itself
        await().atMost(60, TimeUnit.SECONDS).until(() -> alerts("203.0.113.5").stream().anyMatch(a -> a.count() == 7));
        Thread.sleep(3000);
        List<Alert> alerts = alerts("203.0.113.5");
        assertThat(alerts).hasSize(1);
        Alert a = alerts.get(0);
        assertThat(a.count()).isEqualTo(7);
        assertThat(a.groupBy()).containsEntry("source.ip", "203.0.113.5");
        assertThat(a.techniques()).contains("T1110.001");
        assertThat(Json.write(a.matched())).contains("web-01", "root", "oracle");
        assertThat(a.domain()).isEqualTo("taiyuan");
        assertThat(alerts("203.0.113.6")).as("four failures are not a brute force").isEmpty();
    }

    @Test
    void aBacklogOlderThanTheAllowedLatenessStillCorrelatesAsItHappened() throws Exception {
        // what the job finds after twenty minutes down: the lines waited on the bus, stamped when received
        String topic = "raw-backlog";
        createTopic(topic);
        Instant t = Instant.now().minus(java.time.Duration.ofMinutes(20));
        // a brute force spread over the backlog, with ordinary traffic between: reading its first half takes the
        // job well past its first watermark, so a watermark that followed the job's own clock would call the
        // second half twenty minutes late and drop it
        for (int i = 0; i < 6; i++) {
            Instant at = t.plusSeconds(i * 10L);
            send(topic, sshdLine(at, "web-07", "root", "203.0.113.77"), at.toEpochMilli() + 30);
            for (int k = 0; k < 2_000; k++) {
                Instant f = at.plusMillis(k % 1000);
                RawEvent filler = new RawEvent(syslog(f, "app-03", "cron[77]", "job " + k + " done").getBytes(StandardCharsets.UTF_8),
                        f.toEpochMilli() + 30, "10.0.0.9:514", "syslog-tcp", "taiyuan");
                producer.send(new ProducerRecord<>(topic, filler.toBytes()));
            }
        }
        producer.flush();
        job = startJob(topic, dir.resolve("rules-g"));
        await().atMost(60, TimeUnit.SECONDS).until(() -> alerts("203.0.113.77").stream().anyMatch(a -> a.count() == 6));
        Alert a = alerts("203.0.113.77").get(0);
        assertThat(Instant.parse(a.firstSeen())).isBefore(Instant.now().minus(java.time.Duration.ofMinutes(19)));
    }

    @Test
    void aLoginAfterABruteForceRaisesTheCorrelationOfCorrelations() throws Exception {
        String topic = "raw-chained";
        job = startJob(topic, dir.resolve("rules-d"));
        Instant t = Instant.now();
        for (int i = 0; i < 6; i++) {
            send(topic, sshdLine(t.plusMillis(i * 200L), "vpn-01", "root", "192.0.2.99"));
        }
        send(topic, syslog(t.plusSeconds(3), "vpn-01", "sshd[4242]",
                "Accepted password for root from 192.0.2.99 port 52299 ssh2"));
        await().atMost(60, TimeUnit.SECONDS).until(() -> alertsByRule("8d2e6f14-3b7a-4c59-a0e1-7f4b2c9d5e36").size() == 1);
        Alert a = alertsByRule("8d2e6f14-3b7a-4c59-a0e1-7f4b2c9d5e36").get(0);
        assertThat(a.level()).isEqualTo("critical");
        assertThat(a.groupBy()).containsEntry("source.ip", "192.0.2.99");
    }

    @Test
    void indicatorsMatchFromTheFirstEventAndAChangedListIsReloaded() throws Exception {
        String topic = "raw-intel";
        Path intel = dir.resolve("intel.csv");
        Files.writeString(intel, "type,value,description\nip,198.51.100.200,known C2 server\n");
        job = startJob(topic, dir.resolve("rules-e"), null, null, intel);
        // the first event after start: the list was loaded before the job ran, so no race
        send(topic, syslog(Instant.now(), "fw-01", "sshd[1]", "Connection closed by 198.51.100.200 port 4444"));
        await().atMost(60, TimeUnit.SECONDS).until(() -> alertsByRule(SingleMatch.INTEL_RULE_ID).size() == 1);
        assertThat(Json.write(alertsByRule(SingleMatch.INTEL_RULE_ID).get(0).matched())).contains("known C2 server");

        Files.writeString(intel, "type,value,description\nip,198.51.100.200,known C2 server\ncidr,203.0.113.128/25,scanner range\n");
        Thread.sleep(3000); // longer than the poll interval
        send(topic, syslog(Instant.now(), "fw-01", "sshd[1]", "Connection closed by 203.0.113.200 port 4444"));
        await().atMost(60, TimeUnit.SECONDS).until(() -> alertsByRule(SingleMatch.INTEL_RULE_ID).size() == 2);
    }

    @Test
    void aRuleDroppedIntoTheRulesDirectoryIsLoadedWithoutRestart() throws Exception {
        String topic = "raw-rule-update";
        Path rules = Files.createDirectories(dir.resolve("rules-b"));
        job = startJob(topic, rules);
        Thread.sleep(3000);
        Files.writeString(rules.resolve("marker.yml"), """
                title: Marker line seen
                id: 0d7e4a9c-1111-4c7e-a9b2-3d5e7f1c2a10
                status: test
                logsource:
                    product: linux
                detection:
                    keywords:
                        - 'citywall-marker-7f3a'
                    condition: keywords
                level: medium
                """);
        Thread.sleep(4000); // longer than the rule poll interval
        send(topic, syslog(Instant.now(), "app-01", "cron", "job citywall-marker-7f3a done"));
        await().atMost(60, TimeUnit.SECONDS).until(() -> alertsByRule("0d7e4a9c-1111-4c7e-a9b2-3d5e7f1c2a10").size() == 1);
    }

    @Test
    void aJobRestoredFromItsCheckpointNeitherDuplicatesNorLosesAlerts() throws Exception {
        String topic = "raw-restore";
        Path checkpoints = dir.resolve("checkpoints-restore");
        job = startJob(topic, dir.resolve("rules-c"), checkpoints, null);
        Instant t = Instant.now();
        for (int i = 0; i < 7; i++) {
            send(topic, sshdLine(t.plusMillis(i * 100L), "db-01", "root", "198.51.100.21"));
        }
        await().atMost(60, TimeUnit.SECONDS).until(() -> alerts("198.51.100.21").stream().anyMatch(a -> a.count() == 7));
        for (int i = 0; i < 3; i++) { // half of a second burst: open correlation state, no alert yet
            send(topic, sshdLine(t.plusMillis(1000 + i * 100L), "db-01", "admin", "198.51.100.22"));
        }
        Path checkpoint = awaitCheckpointAfter(checkpoints, System.currentTimeMillis());
        job.cancel().get(30, TimeUnit.SECONDS); // the job goes away; state survives only in the checkpoint

        job = startJob(topic, dir.resolve("rules-c"), checkpoints, checkpoint);
        for (int i = 3; i < 6; i++) {
            send(topic, sshdLine(t.plusMillis(1000 + i * 100L), "db-01", "admin", "198.51.100.22"));
        }
        await().atMost(60, TimeUnit.SECONDS).until(() -> alerts("198.51.100.22").size() == 1);
        Thread.sleep(3000);
        assertThat(alerts("198.51.100.21")).as("the first alert is not raised again").hasSize(1);
        assertThat(alerts("198.51.100.21").get(0).count()).isEqualTo(7);
        List<Alert> second = alerts("198.51.100.22");
        assertThat(second).as("the burst that spans the restart is one alert").hasSize(1);
        assertThat(second.get(0).count()).as("counted across the restart").isEqualTo(6);
    }

    private static Path awaitCheckpointAfter(Path checkpoints, long after) {
        Path[] found = new Path[1];
        await().atMost(60, TimeUnit.SECONDS).until(() -> {
            if (!Files.isDirectory(checkpoints)) {
                return false;
            }
            try (var s = Files.walk(checkpoints, 3)) {
                found[0] = s.filter(p -> p.getFileName().toString().equals("_metadata"))
                        .filter(p -> p.toFile().lastModified() > after)
                        .map(Path::getParent).findFirst().orElse(null);
            }
            return found[0] != null;
        });
        return found[0];
    }

    private JobClient startJob(String topic, Path rules) throws Exception {
        return startJob(topic, rules, null, null);
    }

    private JobClient startJob(String topic, Path rules, Path checkpoints, Path restoreFrom) throws Exception {
        return startJob(topic, rules, checkpoints, restoreFrom, null);
    }

    private JobClient startJob(String topic, Path rules, Path checkpoints, Path restoreFrom, Path intel) throws Exception {
        Files.createDirectories(rules);
        createTopic(topic); // as the platform does before it starts the job

        DetectionJobConfig cfg = DetectionJobConfig.builder(kafka.bootstrapServers(), List.of(es.url()))
                .topic(topic).consumerGroup("g-" + topic).ruleDirectory(rules.toString())
                .rulePoll(Duration.ofSeconds(1)).checkpointInterval(Duration.ofSeconds(1))
                .intelFiles(intel == null ? List.of() : List.of(intel.toString())).build();
        org.apache.flink.configuration.Configuration conf = new org.apache.flink.configuration.Configuration();
        if (checkpoints != null) {
            conf.set(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
            conf.set(org.apache.flink.configuration.CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                    org.apache.flink.configuration.ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        }
        if (restoreFrom != null) {
            conf.set(org.apache.flink.configuration.StateRecoveryOptions.SAVEPOINT_PATH, restoreFrom.toUri().toString());
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        DetectionJob.build(env, cfg);
        return env.executeAsync("detection-" + topic);
    }

    private static void createTopic(String topic) throws Exception {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, 2, (short) 1))).all().get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                throw e;
            }
        }
    }

    private static String sshdLine(Instant t, String host, String user, String ip) {
        return syslog(t, host, "sshd[4242]", "Failed password for " + user + " from " + ip + " port 52211 ssh2");
    }

    private static String syslog(Instant t, String host, String tag, String msg) {
        String ts = DateTimeFormatter.ofPattern("MMM d HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC).format(t);
        return "<38>" + ts + " " + host + " " + tag + ": " + msg;
    }

    private static void send(String topic, String line) throws Exception {
        send(topic, line, System.currentTimeMillis());
    }

    private static void send(String topic, String line, long receivedAt) throws Exception {
        RawEvent raw = new RawEvent(line.getBytes(StandardCharsets.UTF_8), receivedAt,
                "10.0.0.9:514", "syslog-tcp", "taiyuan");
        producer.send(new ProducerRecord<>(topic, raw.toBytes())).get();
    }

    private static List<Alert> alerts(String ip) throws Exception {
        return search("\"" + ip + "\"");
    }

    private static List<Alert> alertsByRule(String ruleId) throws Exception {
        return search("rule_id:\"" + ruleId + "\"");
    }

    private static List<Alert> search(String query) throws Exception {
        if (!client.sync().indices().exists(r -> r.index(IndexNames.ALERTS)).value()) {
            return List.of();
        }
        client.sync().indices().refresh(r -> r.index(IndexNames.ALERTS));
        SearchResponse<Map> r = client.sync().search(s -> s.index(IndexNames.ALERTS).size(50)
                .query(q -> q.queryString(qs -> qs.query(query))), Map.class);
        List<Alert> out = new ArrayList<>();
        for (Hit<Map> h : r.hits().hits()) {
            out.add(Alert.fromJson(Json.write(h.source())));
        }
        return out;
    }
}
