package org.citywall.app.embedded;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.citywall.collector.Collector;
import org.citywall.collector.InputSpec;
import org.citywall.collector.InputType;
import org.citywall.collector.kafka.KafkaBus;
import org.citywall.detection.job.DetectionJobConfig;
import org.citywall.embedded.elasticsearch.EmbeddedElasticsearch;
import org.citywall.embedded.kafka.EmbeddedKafka;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole platform in one process tree, with all data under one directory: an Elasticsearch
 * node and a Kafka broker in child JVMs; the detection job on a Flink MiniCluster, the collectors
 * and the console in this JVM. Started once, it is reused on the next start.
 */
public final class EmbeddedPlatform implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPlatform.class);
    static final String TOPIC = DetectionJobConfig.DEFAULT_TOPIC;

    private final PlatformSettings settings;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private FileChannel lockChannel;
    private EmbeddedElasticsearch elasticsearch;
    private EmbeddedKafka kafka;
    private Collector collector;
    private ConsoleRuntime console;
    private DetectionRuntime detection;
    private StatusServer status;
    private Endpoints endpoints;

    private EmbeddedPlatform(PlatformSettings settings) {
        this.settings = settings;
    }

    /**
     * Starts everything and returns when the platform is ready (endpoints.json written).
     *
     * @throws IllegalStateException when a part cannot start; what did start is stopped again
     */
    public static EmbeddedPlatform start(PlatformSettings settings) {
        EmbeddedPlatform p = new EmbeddedPlatform(settings);
        try {
            p.startAll();
            return p;
        } catch (Exception e) {
            p.close();
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("CityWall could not start: " + cause.getMessage(), cause);
        }
    }

    private void startAll() throws Exception {
        Files.createDirectories(settings.dataDir());
        lock();
        long t0 = System.nanoTime();
        // the two child JVMs start side by side: together about as long as the slower one
        CompletableFuture<EmbeddedElasticsearch> es = CompletableFuture.supplyAsync(() -> EmbeddedElasticsearch.start(
                settings.elasticsearchDir(), settings.port(PlatformSettings.ELASTICSEARCH_PORT), "512m"));
        CompletableFuture<EmbeddedKafka> bus = CompletableFuture.supplyAsync(() -> EmbeddedKafka.start(
                settings.kafkaDir(), settings.port(PlatformSettings.KAFKA_PORT), "384m"));
        try {
            elasticsearch = es.join();
        } finally {
            try {
                kafka = bus.join();
            } finally {
                if (elasticsearch != null) {
                    started.push(elasticsearch);
                }
                if (kafka != null) {
                    started.push(kafka);
                }
            }
        }
        LOG.info("event=services_started elasticsearch={} kafka={} seconds={}", elasticsearch.url(),
                kafka.bootstrapServers(), (System.nanoTime() - t0) / 1_000_000_000.0);
        ElasticsearchSetup.prepare(elasticsearch.url());
        KafkaSetup.ensureTopic(kafka.bootstrapServers(), TOPIC, 2);

        Files.createDirectories(settings.rulesDir());
        Files.createDirectories(settings.intelDir());
        DetectionJobConfig.Builder job = DetectionJobConfig.builder(kafka.bootstrapServers(), java.util.List.of(elasticsearch.url()))
                .topic(TOPIC).ruleDirectory(settings.rulesDir().toString())
                .intelFile(settings.intelDir().toString())
                .suppression(settings.suppression())
                .decoder(org.citywall.detection.decode.DecoderConfig.builder().zone(settings.zone()).build())
                // one slot per core (the topic has two partitions): decoding and rules are CPU-bound
                .parallelism(Math.min(2, Runtime.getRuntime().availableProcessors()));
        settings.extraRuleDirs().forEach(d -> job.ruleDirectory(d.toString()));
        detection = DetectionRuntime.start(job.build(), settings.flinkDir());
        started.push(detection);

        collector = Collector.builder()
                .bus(KafkaBus.builder(kafka.bootstrapServers()).topic(TOPIC).clientId("citywall-collector").build())
                .input(InputSpec.of("syslog-tcp", InputType.SYSLOG_TCP, "127.0.0.1", settings.port(PlatformSettings.SYSLOG_PORT), settings.domain()))
                .input(InputSpec.of("syslog-udp", InputType.SYSLOG_UDP, "127.0.0.1", settings.port(PlatformSettings.SYSLOG_PORT), settings.domain()))
                .input(InputSpec.of("http", InputType.HTTP, "127.0.0.1", settings.port(PlatformSettings.HTTP_INGEST_PORT), settings.domain())
                        .withOption("tokens-file", HttpIngestToken.ensure(settings.httpTokensFile(), settings.domain()).toString()))
                .build()
                .start();
        started.push(collector);

        console = ConsoleRuntime.start(settings, elasticsearch.url(), collector);
        started.push(console);
        // the console's log-ins and crypto-service calls go to the detection job like any other source
        started.push(SelfMonitoringFeed.start(console.auditLog(),
                KafkaBus.builder(kafka.bootstrapServers()).topic(TOPIC).clientId("citywall-self-monitoring").build(),
                settings.domain(), settings.dataDir().resolve("self-monitoring.offset")));

        status = StatusServer.start(settings.port(PlatformSettings.STATUS_PORT), collector,
                () -> console.server().scrapeMetrics(), this::health);
        started.push(status);

        endpoints = new Endpoints(elasticsearch.url(), kafka.bootstrapServers(),
                hostPort(collector.boundAddress("syslog-tcp")), hostPort(collector.boundAddress("syslog-udp")),
                "http://" + hostPort(collector.boundAddress("http")), console.url(), status.url());
        endpoints.writeTo(settings.dataDir().resolve("endpoints.json"));
        LOG.info("event=platform_ready seconds={}", (System.nanoTime() - t0) / 1_000_000_000.0);
    }

    private void lock() throws IOException {
        lockChannel = FileChannel.open(settings.dataDir().resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = lockChannel.tryLock();
        if (lock == null) {
            lockChannel.close();
            lockChannel = null;
            throw new IllegalStateException("another CityWall is running on " + settings.dataDir());
        }
    }

    private static String hostPort(InetSocketAddress a) {
        return a.getHostString() + ":" + a.getPort();
    }

    /** Whether each part is up: the child JVMs alive, the job running, the bus accepting. */
    Map<String, Boolean> health() {
        Map<String, Boolean> m = new LinkedHashMap<>();
        m.put("elasticsearch", elasticsearch != null && elasticsearch.isRunning());
        m.put("kafka", kafka != null && kafka.isRunning());
        m.put("detection", detection != null && detection.running());
        m.put("collector", collector != null && collector.busUp());
        m.put("console", console != null && console.server().isRunning());
        return m;
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    public PlatformSettings settings() {
        return settings;
    }

    /** Resident memory of the child JVMs, for status and reports. */
    public long elasticsearchRss() {
        return elasticsearch.rssBytes();
    }

    public long kafkaRss() {
        return kafka.rssBytes();
    }

    public Collector collector() {
        return collector;
    }

    /** Stops everything in reverse order of start: inputs first, so nothing is accepted that cannot be kept. */
    @Override
    public synchronized void close() {
        while (!started.isEmpty()) {
            AutoCloseable c = started.pop();
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("event=stop_failed part={} error={}", c.getClass().getSimpleName(), e.toString());
            }
        }
        if (lockChannel != null) {
            try {
                lockChannel.close();
            } catch (IOException e) {
                // the lock goes with the process anyway
            }
            lockChannel = null;
        }
    }
}
