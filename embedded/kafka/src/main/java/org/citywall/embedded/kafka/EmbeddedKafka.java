package org.citywall.embedded.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.citywall.embedded.ChildJvm;
import org.citywall.embedded.ChildService;
import org.citywall.embedded.FreePort;
import org.citywall.embedded.ModuleClasspath;

/**
 * A single-node KRaft Kafka broker (combined broker and controller) in a child JVM, with its data
 * under one directory that survives restarts.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir)) {
 *     producerProps.put("bootstrap.servers", kafka.bootstrapServers());
 * }
 * }</pre>
 *
 * <p>The embedded default only: production points CityWall at a real Kafka cluster.
 */
public final class EmbeddedKafka extends ChildService {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Path dataDir;
    private final int port;

    private EmbeddedKafka(Path dataDir, int port, int controllerPort, String heap) {
        super(ChildJvm.builder("kafka", ModuleClasspath.of(EmbeddedKafka.class, "embedded/kafka"),
                        KafkaBrokerMain.class.getName())
                .jvmArgs("-Xms" + heap, "-Xmx" + heap, "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
                        "-Djava.awt.headless=true", "-Dkafka.logs.dir=" + dataDir.resolve("logs"),
                        "-Dlog4j2.configurationFile=citywall-kafka-log4j2.properties")
                .args(writeConfig(dataDir, port, controllerPort).toString())
                .logFile(dataDir.resolve("kafka.log"))
                .workDir(dataDir)
                .build(), line -> line.contains("Kafka Server started"), START_TIMEOUT);
        this.dataDir = dataDir;
        this.port = port;
    }

    /** Starts a broker on free loopback ports with data under {@code dataDir}; waits until it serves. */
    public static EmbeddedKafka start(Path dataDir) {
        return start(dataDir, 0);
    }

    /**
     * Starts a broker on the given client port (0 for a free one); waits until it serves.
     *
     * @throws IllegalStateException with the end of the broker's log when it cannot start
     */
    public static EmbeddedKafka start(Path dataDir, int port) {
        return start(dataDir, port, "384m");
    }

    public static EmbeddedKafka start(Path dataDir, int port, String heap) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ChildJvm.retryWhilePortTaken(() -> {
            EmbeddedKafka k = new EmbeddedKafka(dataDir.toAbsolutePath(), port == 0 ? FreePort.next() : port,
                    FreePort.next(), heap);
            k.startProcess();
            return k;
        });
    }

    private static Path writeConfig(Path dataDir, int port, int controllerPort) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", dataDir.resolve("kraft").toString());
        p.setProperty("num.partitions", "2");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "4");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("auto.create.topics.enable", "true");
        p.setProperty("log.retention.hours", "168");
        p.setProperty("log.flush.interval.messages", "10000");
        Path file = dataDir.resolve("server.properties");
        try (Writer w = Files.newBufferedWriter(file)) {
            p.store(w, "written by CityWall's embedded Kafka on each start");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** {@code 127.0.0.1:port}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }
}
