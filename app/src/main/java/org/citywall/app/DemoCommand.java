package org.citywall.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.citywall.app.embedded.EmbeddedPlatform;
import org.citywall.app.embedded.Endpoints;
import org.citywall.app.embedded.PlatformSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code citywall demo} / {@code citywall run}: the whole platform on this machine, until Ctrl-C. */
@Command(name = "demo", aliases = "run", mixinStandardHelpOptions = true,
        description = {"Runs the whole platform embedded: Elasticsearch, Kafka, the Flink detection job,",
                "the syslog collectors and the console, with all data under one directory.",
                "Ctrl-C or SIGTERM stops everything."})
public final class DemoCommand implements java.util.concurrent.Callable<Integer> {

    @Option(names = "--data-dir", defaultValue = "data", description = "Where everything is stored (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--ports", defaultValue = "fixed", description = "'fixed' (console 8080, syslog 5514, HTTP ingest 8088, Elasticsearch 9200, Kafka 9092) or 'auto' (free ports; see DATA/endpoints.json).")
    String ports;

    @Option(names = "--domain", defaultValue = "province", description = "The 1+N domain the syslog inputs stamp (default: ${DEFAULT-VALUE}).")
    String domain;

    @Option(names = "--rules", description = "Extra Sigma rule directories (repeatable), beside the built-in pack and DATA/rules.")
    List<Path> rules = new ArrayList<>();

    @Option(names = "--suppression-minutes", defaultValue = "10", description = "Repeated matches of a rule for the same source, user or host within this many minutes update one alert instead of raising new ones (default: ${DEFAULT-VALUE}).")
    long suppressionMinutes;

    @Option(names = "--zone", paramLabel = "ZONE", converter = ZoneConverter.class,
            description = "Zone of log timestamps that carry no offset, e.g. BSD syslog from devices set to local time (default: this host's zone, ${DEFAULT-VALUE}).")
    java.time.ZoneId zone = java.time.ZoneId.systemDefault();

    @Option(names = "--audit-retention-days", paramLabel = "DAYS",
            description = "How long audit records stay in the live log before they leave it into signed archives (default and minimum: 180).")
    Long auditRetentionDays;

    @Override
    public Integer call() throws Exception {
        if (auditRetentionDays != null) {
            System.setProperty("citywall.audit.retention-days", Long.toString(auditRetentionDays));
        }
        if (!ports.equals("auto") && !ports.equals("fixed")) {
            throw new IllegalArgumentException("--ports must be 'auto' or 'fixed', not '" + ports + "'");
        }
        System.setProperty("citywall.logs", dataDir.toAbsolutePath().resolve("logs").toString());
        if (suppressionMinutes < 1) {
            throw new IllegalArgumentException("--suppression-minutes must be at least 1");
        }
        PlatformSettings settings = new PlatformSettings(dataDir, ports.equals("auto"), domain, rules,
                java.time.Duration.ofMinutes(suppressionMinutes), zone);
        System.out.println("Starting CityWall in " + settings.dataDir() + " ...");
        long t0 = System.nanoTime();
        EmbeddedPlatform platform = EmbeddedPlatform.start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping CityWall ...");
            platform.close();
            stopped.countDown();
        }, "citywall-stop"));
        Endpoints e = platform.endpoints();
        System.out.printf("%nCityWall is ready (%.1f s).%n", (System.nanoTime() - t0) / 1e9);
        System.out.println("  console:        " + e.console());
        System.out.println("  syslog TCP:     " + e.syslogTcp() + "   e.g. logger -n " + host(e.syslogTcp()) + " -P " + port(e.syslogTcp()) + " -T \"hello\"");
        System.out.println("  syslog UDP:     " + e.syslogUdp());
        System.out.println("  HTTP ingest:    " + e.httpIngest() + "   token in " + settings.httpTokensFile()
                + " (NDJSON /ingest, Elasticsearch /_bulk, Splunk HEC, CloudTrail files /ingest/cloudtrail)");
        System.out.println("  Elasticsearch:  " + e.elasticsearch());
        System.out.println("  Kafka:          " + e.kafka());
        System.out.println("  endpoints:      " + settings.dataDir().resolve("endpoints.json"));
        System.out.println("  demo users:     " + settings.dataDir().resolve("demo-users.json") + " (passwords shown once, then only their hashes are kept)");
        System.out.println("Press Ctrl-C to stop.");
        stopped.await();
        return 0;
    }

    private static String host(String hostPort) {
        return hostPort.substring(0, hostPort.lastIndexOf(':'));
    }

    private static String port(String hostPort) {
        return hostPort.substring(hostPort.lastIndexOf(':') + 1);
    }
}
