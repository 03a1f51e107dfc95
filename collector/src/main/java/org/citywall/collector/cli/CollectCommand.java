package org.citywall.collector.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.citywall.collector.Bus;
import org.citywall.collector.Collector;
import org.citywall.collector.InputSpec;
import org.citywall.collector.NullBus;
import org.citywall.collector.kafka.KafkaBus;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code citywall collect}: a collector on its own, in front of a Kafka cluster (the distributed mode,
 * where collectors scale out), until SIGTERM or Ctrl-C. When every input listens it prints one line,
 * {@code ready NAME=HOST:PORT ...}, which scripts and tests wait for.
 */
@Command(name = "collect", mixinStandardHelpOptions = true,
        description = "Run collector inputs that put raw events on a Kafka topic (or nowhere, for benchmarks).")
public final class CollectCommand implements Callable<Integer> {

    @Option(names = "--input", required = true, paramLabel = "TYPE://HOST:PORT?domain=D[&name=N][&OPTION=V...]",
            description = "An input, e.g. syslog-tcp://0.0.0.0:5514?domain=taiyuan (repeatable). Types: syslog-udp, "
                    + "syslog-tcp, syslog-tls, relp, http, json-tcp.")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--kafka", paramLabel = "HOST:PORT[,HOST:PORT]", description = "Kafka bootstrap servers.")
    String kafka;

    @Option(names = "--topic", defaultValue = KafkaBus.DEFAULT_TOPIC, description = "Topic for raw events (default ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--producer-property", paramLabel = "KEY=VALUE",
            description = "A Kafka producer setting (repeatable), e.g. security.protocol=SSL or linger.ms=10.")
    java.util.Map<String, String> producerProperties = new java.util.LinkedHashMap<>();

    @Option(names = "--null-bus", description = "Store nothing: acknowledge at once (benchmarks only).")
    boolean nullBus;

    @Option(names = "--max-inflight-bytes", defaultValue = "33554432",
            description = "Bytes of frames waiting for the bus before inputs push back (default ${DEFAULT-VALUE}).")
    long maxInflightBytes;

    @Option(names = "--io-threads", description = "Network threads (default: one per processor).")
    Integer ioThreads;

    @Option(names = "--metrics", paramLabel = "HOST:PORT", description = "Serve Prometheus metrics at http://HOST:PORT/metrics.")
    String metrics;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs {@code collect} as a program of its own (a child JVM, a container entry point). */
    public static void main(String[] args) {
        System.exit(commandLine(new CollectCommand()).execute(args));
    }

    /** A command line that reports a failure in one line, as {@code citywall} does, never with a stack trace. */
    static CommandLine commandLine(Object command) {
        CommandLine cl = new CommandLine(command);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println(cmd.getCommandName() + ": "
                    + (ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage()));
            org.slf4j.LoggerFactory.getLogger(CollectCommand.class).debug("command failed", ex);
            return 2;
        });
        return cl;
    }

    @Override
    public Integer call() throws Exception {
        if ((kafka == null) == !nullBus) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give exactly one of --kafka or --null-bus");
        }
        List<InputSpec> specs = new ArrayList<>();
        for (String text : inputs) {
            try {
                specs.add(InputSpec.parse(text));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        Bus bus;
        if (nullBus) {
            bus = new NullBus();
        } else {
            KafkaBus.Builder kb = KafkaBus.builder(kafka).topic(topic);
            producerProperties.forEach(kb::property);
            bus = kb.build();
        }
        Collector.Builder b = Collector.builder().inputs(specs).bus(bus).maxInflightBytes(maxInflightBytes);
        if (ioThreads != null) {
            b.ioThreads(ioThreads);
        }
        Collector collector = b.build().start();
        HttpServer metricsServer = metrics == null ? null : serveMetrics(collector, metrics);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (metricsServer != null) {
                metricsServer.stop(0);
            }
            collector.close(); // closes the bus too
            stopped.countDown();
        }, "citywall-collect-stop"));
        PrintWriter out = spec.commandLine().getOut();
        StringBuilder ready = new StringBuilder("ready");
        for (InputSpec s : specs) {
            InetSocketAddress a = collector.boundAddress(s.name());
            ready.append(' ').append(s.name()).append('=').append(a.getAddress().getHostAddress()).append(':').append(a.getPort());
        }
        out.println(ready);
        out.flush();
        stopped.await();
        return 0;
    }

    private static HttpServer serveMetrics(Collector collector, String hostPort) throws java.io.IOException {
        int colon = hostPort.lastIndexOf(':');
        HttpServer server = HttpServer.create(new InetSocketAddress(hostPort.substring(0, colon),
                Integer.parseInt(hostPort.substring(colon + 1))), 16);
        server.createContext("/metrics", exchange -> {
            byte[] body = collector.scrapeMetrics().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(body);
            }
        });
        server.start();
        return server;
    }
}
