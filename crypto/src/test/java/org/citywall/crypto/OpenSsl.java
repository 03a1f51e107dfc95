package org.citywall.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code openssl} command line in a working directory. */
final class OpenSsl {

    record Result(int exit, String output) {
        boolean ok() {
            return exit == 0;
        }
    }

    private OpenSsl() {
    }

    static Result run(Path dir, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("openssl timed out: " + cmd);
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run openssl " + cmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs and fails the test with openssl's output if it does not exit 0. */
    static String ok(Path dir, String... args) {
        Result r = run(dir, args);
        if (!r.ok()) {
            throw new AssertionError("openssl " + String.join(" ", args) + " exited " + r.exit() + ":\n" + r.output());
        }
        return r.output();
    }
}
