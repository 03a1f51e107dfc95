package org.citywall.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Entry point of every child JVM: runs the real main class, and exits the child when its parent
 * goes away.
 *
 * <p>The parent keeps the child's stdin open for as long as it lives. When the parent exits for
 * any reason, SIGKILL included, the pipe closes, this watchdog reads end-of-file and calls
 * {@link System#exit}, so the child's shutdown hooks stop it cleanly. No orphan survives its parent.
 *
 * <p>Usage: {@code java -cp ... org.citywall.embedded.ParentWatchdog <main-class> [args...]}
 */
public final class ParentWatchdog {
    private ParentWatchdog() {}

    public static void main(String[] args) throws Throwable {
        if (args.length < 1) {
            System.err.println("usage: ParentWatchdog <main-class> [args...]");
            System.exit(64);
        }
        Thread watchdog = new Thread(ParentWatchdog::awaitParentExit, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    }

    private static void awaitParentExit() {
        InputStream in = System.in;
        byte[] buf = new byte[256];
        try {
            while (in.read(buf) >= 0) {
                // the parent never writes; anything read is ignored
            }
        } catch (IOException e) {
            // a broken pipe means the same as end-of-file: the parent is gone
        }
        System.err.println("parent process gone; shutting down");
        System.exit(0);
    }
}
