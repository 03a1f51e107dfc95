package org.citywall.collector.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.citywall.collector.cli.CollectCommand;
import org.citywall.embedded.ChildJvm;
import org.citywall.embedded.FreePort;

/** The collector in its own JVM ({@code citywall collect}), read through its Prometheus endpoint. */
final class CollectorTarget implements Target {

    private final String name;
    private final ChildJvm jvm;
    private final int port = FreePort.next();
    private final int metricsPort = FreePort.next();
    private final HttpClient http = HttpClient.newHttpClient();

    /** @param bus {@code --null-bus} or {@code --kafka HOST:PORT --topic T} */
    CollectorTarget(String name, Path dir, List<String> jvmArgs, String... bus) {
        this.name = name;
        List<String> args = new ArrayList<>(List.of("--input", "syslog-tcp://127.0.0.1:" + port + "?domain=bench&name=bench",
                "--metrics", "127.0.0.1:" + metricsPort));
        args.addAll(Arrays.asList(bus));
        List<String> classpath = OwnClasspath.entries();
        this.jvm = ChildJvm.builder(name, classpath, CollectCommand.class.getName())
                .jvmArgs(jvmArgs.toArray(String[]::new))
                .args(args.toArray(String[]::new))
                .logFile(dir.resolve(name.replace('+', '-') + ".log"))
                .workDir(dir)
                .build();
        jvm.start();
        jvm.awaitReady(line -> line.startsWith("ready"), Duration.ofSeconds(60));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public long pid() {
        return jvm.pid();
    }

    @Override
    public long handled() {
        return (long) metric("citywall_collector_frames_total{");
    }

    @Override
    public boolean drained() {
        return metric("citywall_collector_inflight_bytes ") == 0;
    }

    private double metric(String prefix) {
        try {
            String text = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            double sum = 0;
            for (String line : text.split("\n")) {
                if (line.startsWith(prefix)) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return sum;
        } catch (IOException e) {
            throw new IllegalStateException(name + ": cannot read its metrics: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        jvm.close();
    }
}
