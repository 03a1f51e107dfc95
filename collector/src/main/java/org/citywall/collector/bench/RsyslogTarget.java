package org.citywall.collector.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.citywall.embedded.FreePort;

/**
 * The reference: Debian's rsyslogd with {@code imtcp} into {@code omfile} on /dev/null, its own config, work
 * directory and pid file, stopped by its own PID. impstats (every second) says how much the action processed.
 */
final class RsyslogTarget implements Target {

    private static final Pattern PROCESSED = Pattern.compile("\"name\": \"action-0-builtin:omfile\".*?\"processed\": (\\d+)");

    private final int port = FreePort.next();
    private final Process process;
    private final Path stats;

    RsyslogTarget(Path dir) {
        try {
            Path work = Files.createDirectories(dir.resolve("rsyslog-work"));
            stats = dir.resolve("rsyslog-stats.json");
            Path conf = dir.resolve("rsyslog-bench.conf");
            Files.writeString(conf, String.join("\n",
                    "global(workDirectory=\"" + work + "\" maxMessageSize=\"64k\")",
                    "module(load=\"imtcp\")",
                    "module(load=\"impstats\" interval=\"1\" format=\"json\" log.file=\"" + stats
                            + "\" log.syslog=\"off\" resetCounters=\"off\")",
                    "input(type=\"imtcp\" port=\"" + port + "\" address=\"127.0.0.1\" ruleset=\"sink\")",
                    "ruleset(name=\"sink\") { action(type=\"omfile\" file=\"/dev/null\") }", ""));
            process = new ProcessBuilder("rsyslogd", "-n", "-f", conf.toString(), "-i", dir.resolve("rsyslogd.pid").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("rsyslogd.out").toFile()).start();
            if (process.waitFor(1, TimeUnit.SECONDS)) {
                throw new IllegalStateException("rsyslogd exited with " + process.exitValue() + "; see "
                        + dir.resolve("rsyslogd.out") + " (apt-get install rsyslog)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start rsyslogd (apt-get install rsyslog): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String name() {
        return "rsyslog";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    /** What the /dev/null action processed at rsyslog's last one-second stats report. */
    @Override
    public long handled() {
        try {
            if (!Files.exists(stats)) {
                return 0;
            }
            List<String> lines = Files.readAllLines(stats, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                Matcher m = PROCESSED.matcher(lines.get(i));
                if (m.find()) {
                    return Long.parseLong(m.group(1));
                }
            }
            return 0;
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public boolean drained() {
        return true;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
