package org.citywall.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a real client program (logger, curl, openssl) and returns what it printed. */
final class Command {
    private Command() {}

    record Result(int exitCode, String output) {}

    static Result run(List<String> command, String stdin, int timeoutSeconds) {
        try {
            Path out = java.nio.file.Files.createTempFile("citywall-cmd", ".out");
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
                try (var in = p.getOutputStream()) {
                    if (stdin != null) {
                        in.write(stdin.getBytes(StandardCharsets.UTF_8));
                    }
                }
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError(command.get(0) + " did not finish in " + timeoutSeconds + " s");
                }
                return new Result(p.exitValue(), java.nio.file.Files.readString(out, StandardCharsets.UTF_8));
            } finally {
                java.nio.file.Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Runs and asserts exit code 0. */
    static String ok(List<String> command, String stdin) {
        Result r = run(command, stdin, 60);
        assertThat(r.exitCode()).as("%s exited with %d: %s", command, r.exitCode(), r.output()).isZero();
        return r.output();
    }
}
