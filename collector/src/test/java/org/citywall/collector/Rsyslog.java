package org.citywall.collector;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * rsyslogd from Debian, started by a test with its own configuration, work directory and pid file in a
 * temporary directory (never the system daemon), and stopped by its own PID.
 */
final class Rsyslog implements AutoCloseable {

    private final Process process;
    private final Path log;

    private Rsyslog(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts rsyslogd in the foreground with {@code config} (RainerScript). {@code WORKDIR} in the text is
     * replaced by a fresh work directory under {@code dir}.
     */
    static Rsyslog start(Path dir, String config) {
        try {
            Path work = Files.createDirectories(dir.resolve("rsyslog-work"));
            Path conf = dir.resolve("rsyslog.conf");
            Files.writeString(conf, "global(workDirectory=\"" + work + "\")\n" + config, StandardCharsets.UTF_8);
            Path log = dir.resolve("rsyslogd.out");
            Process p = new ProcessBuilder("rsyslogd", "-n", "-f", conf.toString(), "-i", dir.resolve("rsyslogd.pid").toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Rsyslog r = new Rsyslog(p, log);
            if (p.waitFor(1, TimeUnit.SECONDS)) {
                throw new AssertionError("rsyslogd exited with " + p.exitValue() + ": " + r.output());
            }
            return r;
        } catch (IOException e) {
            throw new AssertionError("cannot start rsyslogd (apt-get install rsyslog)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    String output() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ")";
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.destroy(); // SIGTERM to our own rsyslogd
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
