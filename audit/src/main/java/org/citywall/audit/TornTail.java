package org.citywall.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An incomplete end of an append-only file, found at recovery: bytes from {@code offset} on that
 * do not form whole records (a write cut short by a crash). Repair copies them to the quarantine
 * directory, then truncates the file, so nothing is silently thrown away.
 *
 * @param file the file that had the tail
 * @param offset where the tail starts (the file's length after repair)
 * @param length how many bytes it had
 * @param savedTo the quarantine copy, or null if the log was opened read-only (nothing repaired)
 */
public record TornTail(Path file, long offset, long length, Path savedTo) {

    /** Copies {@code [offset, end)} of {@code file} into {@code quarantine}, then cuts the file at {@code offset}. */
    static TornTail repair(Path file, long offset, Path quarantine) throws IOException {
        Files.createDirectories(quarantine);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long length = ch.size() - offset;
            Path saved = quarantine.resolve(file.getFileName() + "." + offset + "." + System.currentTimeMillis() + ".torn");
            try (FileChannel out = FileChannel.open(saved, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
                for (long pos = offset; pos < offset + length; ) {
                    buf.clear();
                    int n = ch.read(buf, pos);
                    if (n <= 0) {
                        break;
                    }
                    buf.flip();
                    while (buf.hasRemaining()) {
                        out.write(buf);
                    }
                    pos += n;
                }
                out.force(true);
            }
            LogFiles.syncDirectory(quarantine);
            ch.truncate(offset);
            ch.force(true);
            return new TornTail(file, offset, length, saved);
        }
    }
}
