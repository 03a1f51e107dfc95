package org.citywall.collector.bench;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.citywall.embedded.kafka.EmbeddedKafka;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code citywall bench ingest}: the same syslog lines, at 1 and 4 connections, from CityWall's blaster and
 * syslog-ng's loggen (each a process of its own), into (a) the collector with a null bus, (b) the collector
 * into the embedded Kafka broker and (c) rsyslog (imtcp to omfile /dev/null) as the baseline, all in one run.
 * Prints messages/s and the receiver's CPU-seconds per million messages, and compares each collector's
 * messages per CPU-second with rsyslog's against the targets (a) 4x and (b) 1.5x.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Measure syslog TCP ingest: collector (null bus, Kafka) against rsyslog, same messages, 1 and 4 connections.")
public final class IngestBenchCommand implements Callable<Integer> {

    @Option(names = "--messages", defaultValue = "3000000", description = "Messages per run (default ${DEFAULT-VALUE}).")
    long messages;

    @Option(names = "--size", defaultValue = "200", description = "Bytes per message (default ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--connections", split = ",", defaultValue = "1,4", description = "Connection counts (default ${DEFAULT-VALUE}).")
    List<Integer> connections;

    @Option(names = "--generators", split = ",", defaultValue = "blaster,loggen", description = "blaster and/or loggen.")
    List<String> generators;

    @Option(names = "--targets", split = ",", defaultValue = "null,kafka,rsyslog", description = "null, kafka, rsyslog.")
    List<String> targets;

    @Option(names = "--repeat", defaultValue = "3",
            description = "Rounds over every combination; the report keeps each one's least CPU per message (default ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--work-dir", description = "Logs, configs and the broker's data (default: a new temporary directory).")
    Path workDir;

    @Option(names = "--collector-jvm", split = " ", defaultValue = "-Xms1g -Xmx1g -Xmn768m -XX:+UseParallelGC",
            description = "JVM options of the collector process (default ${DEFAULT-VALUE}).")
    List<String> collectorJvm;

    @Option(names = "--collector-arg", description = "An extra argument for the collector process (repeatable), "
            + "e.g. --collector-arg=--producer-property=linger.ms=10.")
    List<String> collectorArgs = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("citywall-bench-");
        out.printf("citywall bench ingest: %,d messages of %d bytes per run; work dir %s%n", messages, size, dir);
        List<Generator> gens = new ArrayList<>();
        for (String g : generators) {
            if (g.equals("blaster")) {
                gens.add(new Generator.Java());
            } else if (g.equals("loggen")) {
                Path cache = Path.of(System.getProperty("citywall.home", "."), "target", "bench-tools", "syslog-ng");
                Generator.Loggen loggen = Generator.Loggen.locate(cache, out);
                if (loggen != null) {
                    gens.add(loggen);
                }
            } else {
                throw new CommandLine.ParameterException(spec.commandLine(), "unknown generator " + g);
            }
        }
        List<Receiver> receivers = new ArrayList<>();
        EmbeddedKafka kafka = null;
        try {
            for (String t : targets) {
                switch (t) {
                    case "null" -> receivers.add(new Receiver(
                            new CollectorTarget("collector+null", dir, collectorJvm, busArgs("--null-bus")), null, null));
                    case "kafka" -> {
                        kafka = EmbeddedKafka.start(dir.resolve("kafka"));
                        receivers.add(new Receiver(new CollectorTarget("collector+kafka", dir, collectorJvm,
                                busArgs("--kafka", kafka.bootstrapServers(), "--topic", TOPIC)), kafka, TOPIC));
                    }
                    case "rsyslog" -> receivers.add(new Receiver(new RsyslogTarget(dir), null, null));
                    default -> throw new CommandLine.ParameterException(spec.commandLine(), "unknown target " + t);
                }
            }
            for (Receiver r : receivers) {
                out.printf("-- %s: warming up%n", r.target().name());
                out.flush();
                // a full run's worth at each connection count: the JIT has compiled the hot paths (the Kafka
                // producer's included) before anything is measured
                for (int c : connections) {
                    new Generator.Java().run(dir, r.target().port(), c, messages, size);
                    awaitSettled(r.target());
                }
            }
            // rounds interleave the receivers, so a burst of other work on the machine hits them alike
            List<Measurement> results = new ArrayList<>();
            for (int round = 1; round <= repeat; round++) {
                for (Generator g : gens) {
                    for (int c : connections) {
                        for (Receiver r : receivers) {
                            Measurement m = measure(dir, r, g, c);
                            results.add(m);
                            out.printf("   round %d: %-8s x%d -> %-16s %,10.0f msg/s  %6.3f CPU-s/M msgs  loss: %s%n", round,
                                    m.generator(), c, m.target(), m.messagesPerSecond(), m.cpuSecondsPerMillion(), m.loss());
                            out.flush();
                        }
                    }
                }
            }
            new BenchReport(results).print(out);
        } finally {
            for (Receiver r : receivers) {
                r.target().close();
            }
            if (kafka != null) {
                kafka.close();
            }
        }
        out.flush();
        return 0;
    }

    private static final String TOPIC = "bench-raw-events";

    /** A target, and the broker and topic behind it when it writes to Kafka. */
    private record Receiver(Target target, EmbeddedKafka kafka, String topic) {}

    private String[] busArgs(String... bus) {
        List<String> all = new ArrayList<>(List.of(bus));
        all.addAll(collectorArgs);
        return all.toArray(String[]::new);
    }

    private Measurement measure(Path dir, Receiver receiver, Generator gen, int conns) throws InterruptedException {
        Target target = receiver.target();
        EmbeddedKafka kafka = receiver.kafka();
        String topic = receiver.topic();
        awaitSettled(target);
        if (target instanceof RsyslogTarget) {
            Thread.sleep(1200); // its counts come from impstats, written once a second
        }
        long handled0 = target.handled();
        long offsets0 = kafka == null ? 0 : endOffsets(kafka, topic);
        double cpu0 = CpuClock.seconds(target.pid());
        double broker0 = kafka == null ? Double.NaN : CpuClock.seconds(kafka.pid());
        long t0 = System.nanoTime();
        long sent = gen.run(dir, target.port(), conns, messages, size);
        long tEnd = target.handled() >= 0 && !(target instanceof RsyslogTarget)
                ? awaitCount(target, handled0 + sent)
                : awaitIdle(target);
        double seconds = (tEnd - t0) / 1e9;
        double cpu = CpuClock.seconds(target.pid()) - cpu0;
        double broker = kafka == null ? Double.NaN : CpuClock.seconds(kafka.pid()) - broker0;
        long handled;
        if (kafka != null) {
            handled = endOffsets(kafka, topic) - offsets0; // durable on the topic, not just received
        } else if (target instanceof RsyslogTarget) {
            Thread.sleep(1500); // impstats writes once a second
            handled = target.handled() - handled0;
        } else {
            handled = target.handled() - handled0;
        }
        return new Measurement(gen.name(), conns, target.name(), sent, handled, seconds, cpu, broker);
    }

    /** Until the collector counted every message and holds none for the bus; returns that moment. */
    private static long awaitCount(Target target, long count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            if (target.handled() >= count && target.drained()) {
                return System.nanoTime();
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException(target.name() + " did not take all messages within 5 minutes");
    }

    /**
     * For a target that cannot count exactly in time (rsyslog reports once a second): the last moment its CPU
     * was busy (over 40% of a core in a 50 ms window) before half a second of quiet.
     */
    private static long awaitIdle(Target target) throws InterruptedException {
        long lastBusy = System.nanoTime();
        double last = CpuClock.seconds(target.pid());
        while (System.nanoTime() - lastBusy < 500_000_000L) {
            Thread.sleep(50);
            double now = CpuClock.seconds(target.pid());
            if (now - last >= 0.02) {
                lastBusy = System.nanoTime();
            }
            last = now;
        }
        return lastBusy;
    }

    private static void awaitSettled(Target target) throws InterruptedException {
        for (int i = 0; i < 600 && !target.drained(); i++) {
            Thread.sleep(50);
        }
        awaitIdle(target);
    }

    private static long endOffsets(EmbeddedKafka kafka, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(pi -> new TopicPartition(topic, pi.partition())).toList();
            Map<TopicPartition, Long> end = c.endOffsets(tps, Duration.ofSeconds(30));
            return end.values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
