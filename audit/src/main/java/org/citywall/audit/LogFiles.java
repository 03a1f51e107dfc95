package org.citywall.audit;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where a log keeps what:
 * <pre>
 * log.json                        format version and log id, written once
 * segments/NNNNNNNNNNNNNNNNNNNN.jsonl   canonical records, one per line; the name is the first seq
 * segments/NNNNNNNNNNNNNNNNNNNN.seal.json  count and time span of a closed segment (a hint, not trusted)
 * leaves                          32-byte leaf hashes by seq (a cache, rebuilt from records)
 * heads.jsonl                     signed tree heads, one per line
 * keys.jsonl                      public key of every key version that signed a head
 * quarantine/                     torn tails cut off at recovery, kept for inspection
 * archive/                        signed bundles of records that left the live log
 * </pre>
 */
final class LogFiles {

    static final int FORMAT = 1;
    private static final Pattern SEGMENT = Pattern.compile("(\\d{20})\\.jsonl");

    final Path dir;
    final Path meta;
    final Path segments;
    final Path leaves;
    final Path heads;
    final Path keys;
    final Path quarantine;
    final Path archive;
    final Path lock;

    LogFiles(Path dir) {
        this.dir = dir;
        this.meta = dir.resolve("log.json");
        this.segments = dir.resolve("segments");
        this.leaves = dir.resolve("leaves");
        this.heads = dir.resolve("heads.jsonl");
        this.keys = dir.resolve("keys.jsonl");
        this.quarantine = dir.resolve("quarantine");
        this.archive = dir.resolve("archive");
        this.lock = dir.resolve("LOCK");
    }

    Path segment(long first) {
        return segments.resolve(String.format("%020d.jsonl", first));
    }

    Path seal(long first) {
        return segments.resolve(String.format("%020d.seal.json", first));
    }

    /** First seqs of the segment files present, ascending. */
    List<Long> segmentStarts() throws IOException {
        List<Long> out = new ArrayList<>();
        if (!Files.isDirectory(segments)) {
            return out;
        }
        try (Stream<Path> s = Files.list(segments)) {
            s.forEach(p -> {
                Matcher m = SEGMENT.matcher(p.getFileName().toString());
                if (m.matches()) {
                    out.add(Long.parseLong(m.group(1)));
                }
            });
        }
        out.sort(null);
        return out;
    }

    /** Writes {@code content} to {@code target} so that a crash leaves either the old or the new file, whole. */
    static void writeAtomically(Path target, byte[] content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(content));
            ch.force(true);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        syncDirectory(target.getParent());
    }

    /** Makes a directory's entries (new, renamed or deleted files) durable. */
    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some file systems refuse to open directories; nothing more can be done there
            if (!(e instanceof java.nio.file.AccessDeniedException) && Files.isDirectory(dir)) {
                throw e;
            }
        }
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
