package org.citywall.crypto;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Making a rename durable: flushing the directory that holds the renamed file. */
public final class Durable {

    private Durable() {
    }

    /**
     * Flushes {@code dir} (its entries, e.g. a file just renamed into it) to disk. Platforms and
     * filesystems that cannot open or flush a directory (Windows; some network filesystems answer
     * EINVAL) are skipped; any other failure is an {@link IOException}.
     */
    public static void syncDirectory(Path dir) throws IOException {
        FileChannel ch;
        try {
            ch = FileChannel.open(dir, StandardOpenOption.READ);
        } catch (UnsupportedOperationException | java.nio.file.AccessDeniedException e) {
            return; // directories cannot be opened here (Windows)
        }
        try (ch) {
            ch.force(true);
        } catch (IOException e) {
            String m = e.getMessage();
            if (m != null && (m.contains("Invalid argument") || m.contains("not supported"))) {
                return; // the filesystem does not support flushing a directory
            }
            throw e;
        }
    }
}
