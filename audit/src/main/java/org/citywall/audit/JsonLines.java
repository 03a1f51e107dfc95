package org.citywall.audit;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A small append-only file of JSON objects, one per line, each append fsynced (heads, keys).
 * At load, an incomplete last line is a torn tail (repaired when writable); a bad line followed
 * by good ones is damage, never repaired.
 */
final class JsonLines implements Closeable {

    /** What was read: the objects and, if there was one, the torn tail. */
    record Loaded(List<Map<String, Object>> objects, TornTail torn) {
    }

    private final FileChannel ch;

    private JsonLines(FileChannel ch) {
        this.ch = ch;
    }

    static Loaded load(Path file, boolean writable, Path quarantine, String what) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return new Loaded(out, null);
        }
        long badAt = -1;
        String badReason = null;
        int lineNo = 0;
        try (LineReader r = LineReader.open(file, 1 << 20)) {
            for (LineReader.Line line; (line = r.next()) != null; ) {
                lineNo++;
                String reason = null;
                Map<String, Object> m = null;
                if (!line.terminated() || line.tooLong()) {
                    reason = "incomplete line";
                } else {
                    try {
                        m = RecordJson.readObject(line.bytes(), 0, line.bytes().length);
                    } catch (IllegalArgumentException e) {
                        reason = e.getMessage();
                    }
                }
                if (reason != null) {
                    if (badAt < 0) {
                        badAt = line.offset();
                        badReason = "line " + lineNo + ": " + reason;
                    }
                } else if (badAt >= 0) {
                    throw new AuditLogCorruptedException(what + " " + file + " is damaged at " + badReason
                            + ", and whole lines follow it: this is not a torn write and is not repaired");
                } else {
                    out.add(m);
                }
            }
        }
        if (badAt < 0) {
            return new Loaded(out, null);
        }
        TornTail torn = writable ? TornTail.repair(file, badAt, quarantine)
                : new TornTail(file, badAt, Files.size(file) - badAt, null);
        return new Loaded(out, torn);
    }

    static JsonLines openForAppend(Path file) throws IOException {
        return new JsonLines(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
    }

    /** Appends one line and makes it durable. */
    void append(String json) throws IOException {
        ByteBuffer b = ByteBuffer.wrap((json + "\n").getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            ch.write(b);
        }
        ch.force(false);
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
