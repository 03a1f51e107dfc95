package org.citywall.embedded.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.io.Reader;

/**
 * Runs in the broker's child JVM: formats KRaft storage on first start, then starts the broker.
 * Usage: {@code KafkaBrokerMain <server.properties>}.
 */
public final class KafkaBrokerMain {
    private KafkaBrokerMain() {}

    public static void main(String[] args) throws Exception {
        Path config = Path.of(args[0]);
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(config)) {
            props.load(r);
        }
        Path logDir = Path.of(props.getProperty("log.dirs"));
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            String clusterId = org.apache.kafka.common.Uuid.randomUuid().toString();
            int rc = kafka.tools.StorageTool.execute(
                    new String[] {"format", "--cluster-id", clusterId, "--config", config.toString(), "--ignore-formatted"},
                    System.out);
            if (rc != 0) {
                System.err.println("formatting KRaft storage failed with " + rc);
                System.exit(rc);
            }
        }
        kafka.Kafka.main(new String[] {config.toString()});
    }
}
