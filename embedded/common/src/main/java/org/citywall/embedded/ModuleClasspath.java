package org.citywall.embedded;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds the classpath of an embedded service's child JVM: the launcher module's own classes (or
 * jar) plus its {@code target/lib} directory of dependencies, which the build copies there.
 */
public final class ModuleClasspath {
    private ModuleClasspath() {}

    /**
     * @param anchor     a class of the launcher module
     * @param modulePath the module's path below the project root, e.g. {@code embedded/kafka}
     */
    public static List<String> of(Class<?> anchor, String modulePath) {
        Path moduleDir = locateModule(anchor, modulePath);
        Path lib = moduleDir.resolve("target/lib");
        Path classes = moduleDir.resolve("target/classes");
        if (!Files.isDirectory(lib) || !Files.isDirectory(classes)) {
            throw new IllegalStateException("embedded service classpath not built: " + lib
                    + " (run `mvn -B install -DskipTests` in the project root)");
        }
        return List.of(classes.toString(), lib + "/*");
    }

    private static Path locateModule(Class<?> anchor, String modulePath) {
        // 1. next to the anchor's own classes: <module>/target/classes or <module>/target/<jar>
        try {
            Path here = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path target = here.getParent();
            if (target != null && target.getFileName() != null && target.getFileName().toString().equals("target")
                    && Files.isDirectory(target.resolve("lib"))) {
                return target.getParent();
            }
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // fall through to the project root
        }
        // 2. the project root named by bin/citywall (citywall.home) or by the build (citywall.root)
        for (String prop : new String[] {"citywall.home", "citywall.root"}) {
            String root = System.getProperty(prop);
            if (root != null && Files.isDirectory(Path.of(root, modulePath))) {
                return Path.of(root, modulePath);
            }
        }
        throw new IllegalStateException("cannot find module " + modulePath
                + ": set -Dcitywall.home to the CityWall directory");
    }
}
