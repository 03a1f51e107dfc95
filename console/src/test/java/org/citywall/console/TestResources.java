package org.citywall.console;

/** Shutting down what a test class started: the console, its audit log and the Elasticsearch node. */
public final class TestResources {
    private TestResources() {}

    /** Closes each resource that was started (nulls are skipped), in the order given. */
    public static void closeAll(AutoCloseable... resources) {
        for (AutoCloseable r : resources) {
            if (r == null) {
                continue;
            }
            try {
                r.close();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("cannot close " + r, e);
            }
        }
    }
}
