package org.citywall.collector.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A load generator run as a process of its own, so its CPU never counts as the receiver's. */
abstract class Generator {

    abstract String name();

    abstract ProcessBuilder command(int port, int connections, long messages, int size);

    /** Messages the generator says it sent, from its output. */
    abstract long sent(String output);

    /** Runs to completion; returns how many messages it sent. */
    final long run(Path dir, int port, int connections, long messages, int size) {
        Path out = dir.resolve(name() + "-" + connections + ".out");
        try {
            Process p = command(port, connections, messages, size).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(600, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(name() + " did not finish in 600 s");
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(name() + " exited with " + p.exitValue() + ": " + text.strip());
            }
            return sent(text);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + name() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** CityWall's {@link Blaster} in a JVM of its own. */
    static final class Java extends Generator {
        private static final Pattern SENT = Pattern.compile("sent (\\d+) messages");

        @Override
        String name() {
            return "blaster";
        }

        @Override
        ProcessBuilder command(int port, int connections, long messages, int size) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            return new ProcessBuilder(java, "-Xmx256m", "-cp", OwnClasspath.joined(),
                    Blaster.class.getName(), "127.0.0.1", Integer.toString(port), Integer.toString(connections),
                    Long.toString(messages), Integer.toString(size));
        }

        @Override
        long sent(String output) {
            Matcher m = SENT.matcher(output);
            if (!m.find()) {
                throw new IllegalStateException("blaster printed no count: " + output.strip());
            }
            return Long.parseLong(m.group(1));
        }
    }

    /** syslog-ng's loggen, from an extracted Debian package ({@code SYSLOGNG_PREFIX}). */
    static final class Loggen extends Generator {
        private static final Pattern COUNT = Pattern.compile("average rate = [0-9.]+ msg/sec, count=(\\d+)");
        private final Path prefix;

        Loggen(Path prefix) {
            this.prefix = prefix;
        }

        @Override
        String name() {
            return "loggen";
        }

        @Override
        ProcessBuilder command(int port, int connections, long messages, int size) {
            ProcessBuilder pb = new ProcessBuilder(prefix.resolve("bin/loggen").toString(), "--inet", "--stream",
                    "--rate", "100000000", "--interval", "3600", "--number", Long.toString(messages / connections), "--size", Integer.toString(size),
                    "--active-connections=" + connections, "127.0.0.1", Integer.toString(port));
            pb.environment().put("SYSLOGNG_PREFIX", prefix.toString());
            pb.environment().put("LD_LIBRARY_PATH", prefix.resolve("lib/syslog-ng").toString());
            return pb;
        }

        @Override
        long sent(String output) {
            Matcher m = COUNT.matcher(output);
            if (!m.find()) {
                throw new IllegalStateException("loggen printed no count: " + output.strip());
            }
            return Long.parseLong(m.group(1));
        }

        /**
         * loggen under {@code SYSLOGNG_PREFIX}, or extracted into {@code cache} from Debian's syslog-ng-core package
         * ({@code apt-get download} + {@code dpkg -x}: the package itself conflicts with rsyslog). Null, with the
         * reason printed, when neither works.
         */
        static Loggen locate(Path cache, java.io.PrintWriter out) {
            String env = System.getenv("SYSLOGNG_PREFIX");
            if (env != null && Files.isExecutable(Path.of(env, "bin/loggen"))) {
                return new Loggen(Path.of(env));
            }
            Path prefix = cache.resolve("root/usr");
            if (!Files.isExecutable(prefix.resolve("bin/loggen"))) {
                try {
                    Files.createDirectories(cache);
                    exec(cache, List.of("apt-get", "download", "syslog-ng-core"));
                    try (var debs = Files.list(cache)) {
                        Path deb = debs.filter(f -> f.getFileName().toString().startsWith("syslog-ng-core_")
                                && f.toString().endsWith(".deb")).findFirst()
                                .orElseThrow(() -> new IOException("apt-get download left no syslog-ng-core .deb"));
                        exec(cache, List.of("dpkg", "-x", deb.toString(), cache.resolve("root").toString()));
                    }
                } catch (IOException | IllegalStateException e) {
                    out.println("loggen unavailable (" + e.getMessage() + "); its runs are skipped");
                    return null;
                }
            }
            return new Loggen(prefix);
        }

        private static void exec(Path dir, List<String> cmd) throws IOException {
            try {
                Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
                String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (p.waitFor() != 0) {
                    throw new IOException(String.join(" ", cmd) + " failed: " + text.strip());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }
}
