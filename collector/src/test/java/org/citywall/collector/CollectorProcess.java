package org.citywall.collector;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.citywall.collector.cli.CollectCommand;
import org.citywall.embedded.ChildJvm;

/** {@code citywall collect} in a child JVM, so a test can SIGKILL it mid-stream and start it again. */
final class CollectorProcess implements AutoCloseable {

    private static final Pattern READY = Pattern.compile("(?m)^ready( .*)$");

    private final ChildJvm jvm;
    private final Path log;

    CollectorProcess(Path dir, String name, String... args) {
        this.log = dir.resolve(name + ".log");
        List<String> classpath = new ArrayList<>(Arrays.asList(System.getProperty("java.class.path").split(java.io.File.pathSeparator)));
        this.jvm = ChildJvm.builder(name, classpath, CollectCommand.class.getName())
                .jvmArgs("-Xmx256m", "-XX:+UseSerialGC")
                .args(args)
                .logFile(log)
                .workDir(dir)
                .build();
    }

    /** Starts it and waits for its ready line; returns the port of each input, by name. */
    java.util.Map<String, Integer> start() {
        jvm.start();
        jvm.awaitReady(line -> line.startsWith("ready"), Duration.ofSeconds(60));
        try {
            String text = java.nio.file.Files.readString(log, java.nio.charset.StandardCharsets.ISO_8859_1);
            Matcher m = READY.matcher(text);
            String last = null;
            while (m.find()) {
                last = m.group(1);
            }
            java.util.Map<String, Integer> ports = new java.util.LinkedHashMap<>();
            for (String pair : last.trim().split(" ")) {
                String[] kv = pair.split("=");
                ports.put(kv[0], Integer.parseInt(kv[1].substring(kv[1].lastIndexOf(':') + 1)));
            }
            return ports;
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed, as in a crash. */
    void kill() {
        jvm.kill();
    }

    long pid() {
        return jvm.pid();
    }

    Path log() {
        return log;
    }

    @Override
    public void close() {
        jvm.close();
    }
}
