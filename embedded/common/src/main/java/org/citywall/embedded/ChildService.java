package org.citywall.embedded;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * A service of the embedded default that runs in its own {@link ChildJvm}: started and awaited
 * until its log says it is ready, stopped gracefully or killed, started again on the same ports
 * and data. Subclasses say how to build the JVM and what "ready" looks like.
 */
public abstract class ChildService implements AutoCloseable {
    private final ChildJvm jvm;
    private final Predicate<String> readyLine;
    private final Duration startTimeout;

    protected ChildService(ChildJvm jvm, Predicate<String> readyLine, Duration startTimeout) {
        this.jvm = jvm;
        this.readyLine = readyLine;
        this.startTimeout = startTimeout;
    }

    /**
     * Starts the child and waits until it is ready; kills it if it is not.
     *
     * @throws IllegalStateException with the end of the child's log
     */
    protected final void startProcess() {
        jvm.start();
        try {
            jvm.awaitReady(readyLine, startTimeout);
        } catch (RuntimeException e) {
            jvm.kill();
            throw e;
        }
    }

    /** Stops the service gracefully (SIGTERM, its shutdown hooks run); {@link #restart()} brings it back. */
    public void stop() {
        jvm.stop(Duration.ofSeconds(60));
    }

    /** SIGKILL, as a crash or the OOM killer would. */
    public void kill() {
        jvm.kill();
    }

    /** Starts the service again on the same ports and data after {@link #stop()} or {@link #kill()}. */
    public void restart() {
        startProcess();
    }

    public boolean isRunning() {
        return jvm.isAlive();
    }

    public long pid() {
        return jvm.pid();
    }

    /** Resident set size of the child JVM in bytes, or -1 when unknown. */
    public long rssBytes() {
        return jvm.rssBytes();
    }

    @Override
    public void close() {
        jvm.close();
    }
}
