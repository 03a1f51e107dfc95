package org.citywall.detection.sigma;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the team's shared test data ({@code ../shared/data} from the project root). */
public final class SharedData {
    private SharedData() {}

    /** The path below shared/data, or {@code null} when the data is not present on this machine. */
    public static Path path(String relative) {
        String configured = System.getProperty("citywall.shared");
        if (configured != null && Files.exists(Path.of(configured, "data", relative))) {
            return Path.of(configured, "data", relative);
        }
        Path dir = Path.of("").toAbsolutePath();
        for (int i = 0; i < 5 && dir != null; i++, dir = dir.getParent()) {
            Path p = dir.resolve("../shared/data").resolve(relative).normalize();
            if (Files.exists(p)) {
                return p;
            }
            p = dir.resolve("shared/data").resolve(relative).normalize();
            if (Files.exists(p)) {
                return p;
            }
        }
        return null;
    }
}
