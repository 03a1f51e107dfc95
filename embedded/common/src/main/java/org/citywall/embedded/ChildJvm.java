package org.citywall.embedded;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A service running in its own JVM, so its libraries (Elasticsearch's Lucene and Netty 4.1, Kafka's
 * Scala and log4j) never meet ours.
 *
 * <p>The child runs under {@link ParentWatchdog}, so it exits when this JVM does. Output goes to a
 * log file; {@link #awaitReady} watches that file for a line that says the service is up.
 */
public final class ChildJvm implements AutoCloseable {

    private final String name;
    private final List<String> command;
    private final Path logFile;
    private final Path workDir;
    private Process process;
    private Thread shutdownHook;

    private ChildJvm(String name, List<String> command, Path logFile, Path workDir) {
        this.name = name;
        this.command = List.copyOf(command);
        this.logFile = logFile;
        this.workDir = workDir;
    }

    /**
     * Describes a child JVM.
     *
     * @param name      a short name for messages, e.g. {@code elasticsearch}
     * @param classpath entries; a directory ending in {@code /*} means every jar in it
     * @param mainClass the class whose {@code main} the child runs
     */
    public static Builder builder(String name, List<String> classpath, String mainClass) {
        return new Builder(name, classpath, mainClass);
    }

    /** Starts the child. Its output is appended to the log file. */
    public synchronized ChildJvm start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " already running");
        }
        try {
            Files.createDirectories(logFile.getParent());
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            pb.redirectInput(ProcessBuilder.Redirect.PIPE); // the watchdog's lifeline
            Files.writeString(logFile, "---- starting " + name + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + e.getMessage(), e);
        }
        if (shutdownHook == null) {
            shutdownHook = new Thread(() -> stop(Duration.ofSeconds(20)), name + "-stopper");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        return this;
    }

    /**
     * Waits until a line of the child's log (written since the last start) matches, the child dies,
     * or the timeout passes.
     *
     * @throws IllegalStateException with the log's last lines when the child died or never got ready
     */
    public void awaitReady(Predicate<String> readyLine, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<String> lines = linesSinceLastStart();
            if (lines.stream().anyMatch(readyLine)) {
                return;
            }
            if (!isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue()
                        + " before it was ready; log " + logFile + " ends with:\n" + tail(lines, 30));
            }
            sleep(100);
        }
        throw new IllegalStateException(name + " not ready after " + timeout.toSeconds() + " s; log " + logFile
                + " ends with:\n" + tail(linesSinceLastStart(), 30));
    }

    /**
     * Runs {@code attempt} (start a child on freshly chosen ports and wait until it is ready)
     * again, up to three times in all, while it fails because a port was taken: a free port can
     * be taken by another socket between being chosen and being bound by the child.
     */
    public static <T> T retryWhilePortTaken(java.util.function.Supplier<T> attempt) {
        for (int n = 1; ; n++) {
            try {
                return attempt.get();
            } catch (IllegalStateException e) {
                if (n >= 3 || !portTaken(e)) {
                    throw e;
                }
            }
        }
    }

    /** Whether a failed {@link #awaitReady} was the child finding a port already in use. */
    static boolean portTaken(IllegalStateException failure) {
        String m = failure.getMessage();
        return m != null && (m.contains("Address already in use") || m.contains("BindException"));
    }

    private List<String> linesSinceLastStart() {
        try {
            if (!Files.exists(logFile)) {
                return List.of();
            }
            List<String> all = Files.readAllLines(logFile, StandardCharsets.ISO_8859_1);
            int start = 0;
            for (int i = all.size() - 1; i >= 0; i--) {
                if (all.get(i).startsWith("---- starting ")) {
                    start = i;
                    break;
                }
            }
            return all.subList(start, all.size());
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String tail(List<String> lines, int n) {
        return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    /** Asks the child to stop (SIGTERM, running its shutdown hooks); kills it if it does not stop in time. */
    public synchronized void stop(Duration grace) {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILL: no shutdown hooks, as a crash or the OOM killer would. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public long pid() {
        if (process == null) {
            throw new IllegalStateException(name + " not started");
        }
        return process.pid();
    }

    /** Resident set size of the child in bytes (Linux), or -1 when unknown. */
    public long rssBytes() {
        if (!isAlive()) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    public Path logFile() {
        return logFile;
    }

    public String name() {
        return name;
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(30));
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or has run; nothing to remove
            }
            shutdownHook = null;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Configures a {@link ChildJvm}. */
    public static final class Builder {
        private final String name;
        private final List<String> classpath;
        private final String mainClass;
        private final List<String> jvmArgs = new ArrayList<>();
        private final List<String> args = new ArrayList<>();
        private Path logFile;
        private Path workDir = Path.of(".");

        private Builder(String name, List<String> classpath, String mainClass) {
            this.name = Objects.requireNonNull(name);
            this.classpath = List.copyOf(classpath);
            this.mainClass = Objects.requireNonNull(mainClass);
        }

        public Builder jvmArgs(String... a) {
            jvmArgs.addAll(List.of(a));
            return this;
        }

        public Builder args(String... a) {
            args.addAll(List.of(a));
            return this;
        }

        public Builder logFile(Path f) {
            this.logFile = f;
            return this;
        }

        public Builder workDir(Path d) {
            this.workDir = d;
            return this;
        }

        public ChildJvm build() {
            Objects.requireNonNull(logFile, "logFile");
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(jvmArgs);
            cmd.add("-cp");
            cmd.add(String.join(File.pathSeparator, classpath));
            cmd.add(ParentWatchdog.class.getName());
            cmd.add(mainClass);
            cmd.addAll(args);
            return new ChildJvm(name, cmd, logFile, workDir);
        }
    }
}
