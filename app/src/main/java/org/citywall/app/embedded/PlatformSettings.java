package org.citywall.app.embedded;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How the embedded platform is laid out on this machine.
 *
 * @param dataDir       everything the platform stores lives below this directory
 * @param autoPorts     every listener takes a free port (endpoints.json says which)
 * @param domain        the 1+N domain the default syslog inputs stamp
 * @param extraRuleDirs Sigma rule directories loaded beside the built-in pack
 * @param suppression   how long repeated matches of a rule for the same subject update one alert
 * @param zone          the zone of log timestamps that carry no offset (BSD syslog, access logs)
 */
public record PlatformSettings(Path dataDir, boolean autoPorts, String domain, List<Path> extraRuleDirs,
        java.time.Duration suppression, java.time.ZoneId zone) {

    /** Settings with the default suppression of 10 minutes, reading zone-less timestamps in this host's zone. */
    public PlatformSettings(Path dataDir, boolean autoPorts, String domain, List<Path> extraRuleDirs) {
        this(dataDir, autoPorts, domain, extraRuleDirs, java.time.Duration.ofMinutes(10), java.time.ZoneId.systemDefault());
    }

    /** Fixed ports used unless {@link #autoPorts}. */
    public static final int CONSOLE_PORT = 8080;
    public static final int SYSLOG_PORT = 5514;
    public static final int HTTP_INGEST_PORT = 8088;
    public static final int ELASTICSEARCH_PORT = 9200;
    public static final int KAFKA_PORT = 9092;
    public static final int STATUS_PORT = 9464;

    public PlatformSettings {
        dataDir = Objects.requireNonNull(dataDir).toAbsolutePath().normalize();
        domain = domain == null || domain.isBlank() ? "province" : domain;
        extraRuleDirs = List.copyOf(extraRuleDirs);
        if (suppression == null || suppression.isNegative() || suppression.isZero()) {
            throw new IllegalArgumentException("the suppression period must be positive");
        }
        zone = Objects.requireNonNull(zone, "zone");
    }

    public int port(int fixed) {
        return autoPorts ? 0 : fixed;
    }

    public Path elasticsearchDir() {
        return dataDir.resolve("elasticsearch");
    }

    public Path kafkaDir() {
        return dataDir.resolve("kafka");
    }

    public Path flinkDir() {
        return dataDir.resolve("flink");
    }

    public Path consoleDir() {
        return dataDir.resolve("console");
    }

    public Path rulesDir() {
        return dataDir.resolve("rules");
    }

    /** Indicator files (CSV, STIX 2.1 bundles) the detection job matches events against; watched while it runs. */
    public Path intelDir() {
        return dataDir.resolve("intel");
    }

    /** The HTTP ingest input's tokens ({@code TOKEN DOMAIN} per line), generated at the first start. */
    public Path httpTokensFile() {
        return dataDir.resolve("http-tokens");
    }

    public Path logsDir() {
        return dataDir.resolve("logs");
    }
}
