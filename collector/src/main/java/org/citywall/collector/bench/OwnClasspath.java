package org.citywall.collector.bench;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** This JVM's classpath with absolute entries, for child processes that run in other directories. */
final class OwnClasspath {
    private OwnClasspath() {}

    static List<String> entries() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.isBlank())
                .map(e -> Path.of(e).toAbsolutePath().toString())
                .toList();
    }

    static String joined() {
        return String.join(File.pathSeparator, entries());
    }
}
