package org.citywall.app;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.citywall.app.embedded.StandaloneConsole;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code citywall console}: the console and crypto service alone, against your own Elasticsearch (distributed mode). */
@Command(name = "console", mixinStandardHelpOptions = true,
        description = {"Runs the console (web UI, API, crypto service) alone against your Elasticsearch cluster:",
                "the distributed mode's console. Users, key ring and audit log live under --data-dir (one per instance);",
                "the key ring's master key comes from DATA/crypto/master.key or CITYWALL_MASTER_KEY.",
                "SIGTERM stops it after the last request is recorded."})
public final class ConsoleCommand implements Callable<Integer> {

    @Option(names = "--data-dir", defaultValue = "data", description = "Users, key ring and audit log (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--listen", defaultValue = "127.0.0.1:8080", paramLabel = "HOST:PORT",
            description = "Where the console listens (default: ${DEFAULT-VALUE}); several behind a load balancer with sticky sessions.")
    String listen;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "Serve HTTPS only, with this certificate chain (leaf first)...")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "...and this unencrypted private key (PKCS#8 or OpenSSL's EC/RSA form).")
    Path tlsKey;

    @Option(names = "--behind-tls-proxy", description = "A TLS-terminating proxy is in front: trust its X-Forwarded-Proto and mark the session cookie Secure.")
    boolean behindTlsProxy;

    @Option(names = "--elasticsearch", required = true, split = ",", paramLabel = "URL",
            description = "Elasticsearch URLs, comma-separated (alerts, events, the audit copy).")
    List<String> elasticsearch;

    @Option(names = "--rules", paramLabel = "DIR", description = "The detection job's rule directory, shared with it (default: DATA/rules).")
    Path rules;

    @Option(names = "--kafka", paramLabel = "HOST:PORT,...",
            description = "Kafka bootstrap servers: this console's log-ins and crypto calls go to the detection job.")
    String kafka;

    @Option(names = "--domain", defaultValue = "province", description = "The 1+N domain of this console's own events (default: ${DEFAULT-VALUE}).")
    String domain;

    @Option(names = "--audit-retention-days", paramLabel = "DAYS",
            description = "How long audit records stay in the live log before they leave it into signed archives (default and minimum: 180).")
    Long auditRetentionDays;

    @Option(names = "--metrics", paramLabel = "HOST:PORT",
            description = "Serve Prometheus metrics (the console's error answers by code) at http://HOST:PORT/metrics, e.g. 127.0.0.1:9465.")
    String metrics;

    @Override
    public Integer call() throws Exception {
        if (auditRetentionDays != null) {
            System.setProperty("citywall.audit.retention-days", Long.toString(auditRetentionDays));
        }
        int colon = listen.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("--listen must be HOST:PORT, not '" + listen + "'");
        }
        String host = listen.substring(0, colon);
        int port = Integer.parseInt(listen.substring(colon + 1));
        System.setProperty("citywall.logs", dataDir.toAbsolutePath().resolve("logs").toString());
        StandaloneConsole console = StandaloneConsole.start(dataDir, host, port,
                rules != null ? rules : dataDir.resolve("rules"), elasticsearch,
                new org.citywall.app.embedded.ConsoleTls(tlsCert, tlsKey, behindTlsProxy), kafka, domain, System.out);
        org.citywall.app.embedded.MetricsEndpoint endpoint = metrics == null ? null
                : org.citywall.app.embedded.MetricsEndpoint.start(address("--metrics", metrics), console::scrapeMetrics);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (endpoint != null) {
                endpoint.close();
            }
            console.close();
            stopped.countDown();
        }, "citywall-console-stop"));
        System.out.println("CityWall console is ready: " + console.url()
                + (endpoint == null ? "" : "   metrics: " + endpoint.url()));
        System.out.flush();
        stopped.await();
        return 0;
    }

    private static java.net.InetSocketAddress address(String option, String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException(option + " must be HOST:PORT, not '" + hostPort + "'");
        }
        return new java.net.InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }
}
