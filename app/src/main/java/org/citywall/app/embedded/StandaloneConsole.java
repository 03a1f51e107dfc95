package org.citywall.app.embedded;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.citywall.collector.kafka.KafkaBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console and crypto service on their own, for the distributed mode: against the operator's
 * Elasticsearch cluster, with users, key ring and audit log under one data directory (one audit
 * log has one writer, so each console instance has its own). With a Kafka cluster named, the
 * instance's log-ins and crypto-service calls go to the detection job as in the embedded platform.
 */
public final class StandaloneConsole implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StandaloneConsole.class);

    private final Deque<AutoCloseable> parts;
    private final ConsoleRuntime console;

    private StandaloneConsole(Deque<AutoCloseable> parts, ConsoleRuntime console) {
        this.parts = parts;
        this.console = console;
    }

    /**
     * Starts it.
     *
     * @param kafka  bootstrap servers of the raw-event topic's cluster, or null for no self-monitoring feed
     * @param domain the 1+N domain its own events are stamped with
     * @param out    where the first administrator's generated password is shown, once
     */
    public static StandaloneConsole start(Path dataDir, String host, int port, Path rulesDir, List<String> elasticsearch,
            String kafka, String domain, PrintStream out) throws IOException {
        return start(dataDir, host, port, rulesDir, elasticsearch, ConsoleTls.NONE, kafka, domain, out);
    }

    /** As above, with the console served over {@code tls}. */
    public static StandaloneConsole start(Path dataDir, String host, int port, Path rulesDir, List<String> elasticsearch,
            ConsoleTls tls, String kafka, String domain, PrintStream out) throws IOException {
        Path data = dataDir.toAbsolutePath().normalize();
        java.nio.file.Files.createDirectories(rulesDir);
        ElasticsearchSetup.prepare(elasticsearch.get(0)); // index templates: idempotent
        Deque<AutoCloseable> parts = new ArrayDeque<>();
        ConsoleRuntime console = ConsoleRuntime.open(data, host, port, rulesDir, elasticsearch, tls, List::of,
                (name, password) -> {
                    out.println("First administrator: " + name + " / " + password
                            + "   (shown once; CityWall keeps only its Argon2id hash)");
                    out.flush();
                });
        parts.push(console);
        try {
            if (kafka != null) {
                parts.push(SelfMonitoringFeed.start(console.auditLog(),
                        KafkaBus.builder(kafka).topic(EmbeddedPlatform.TOPIC).clientId("citywall-console-self-monitoring").build(),
                        domain, data.resolve("self-monitoring.offset")));
            }
        } catch (IOException | RuntimeException e) {
            closeAll(parts);
            throw e;
        }
        LOG.info("event=console_ready url={} elasticsearch={} self_monitoring={}", console.url(), elasticsearch, kafka != null);
        return new StandaloneConsole(parts, console);
    }

    /** {@code http://host:port}. */
    public String url() {
        return console.url();
    }

    /** The console's error answers by code and status, as Prometheus text. */
    public String scrapeMetrics() {
        return console.server().scrapeMetrics();
    }

    @Override
    public void close() {
        closeAll(parts);
    }

    private static void closeAll(Deque<AutoCloseable> parts) {
        while (!parts.isEmpty()) {
            try {
                parts.pop().close();
            } catch (Exception e) {
                LOG.warn("event=console_stop_failed error={}", e.toString());
            }
        }
    }
}
