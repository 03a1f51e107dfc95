package org.citywall.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The records of a {@link TrailSource} by position, read ahead in chunks whose leaf hashes are
 * computed in parallel, keeping a little behind and ahead of the current position so the
 * verifier can look around an alteration. Only hashes and a few facts per record are kept.
 */
final class RecordWindow {

    static final int CHUNK = 4096;
    static final int KEEP_BEHIND = 64;
    /** Leaves per aligned block whose subtree hash the reader computes ahead (see {@link Entry#block()}). */
    static final int BLOCK_HEIGHT = 8;
    static final int BLOCK = 1 << BLOCK_HEIGHT;
    private static final byte[] SEQ_KEY = ",\"seq\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ARCHIVE_PREFIX = "{\"action\":\"audit.archive\"".getBytes(StandardCharsets.US_ASCII);

    /** What the verifier needs of one record. */
    record Entry(byte[] hash, long seq, boolean terminated, String file, long line, long liveFrom, byte[] block) {
        String location() {
            return file + " line " + line;
        }
    }

    private final TrailSource source;
    private final List<Entry> entries = new ArrayList<>();
    private final java.util.concurrent.BlockingQueue<Object> chunks = new java.util.concurrent.ArrayBlockingQueue<>(2);
    private final Thread producer;
    private long base;
    private boolean eof;

    RecordWindow(TrailSource source) {
        this.source = source;
        this.base = source.start();
        // reading and leaf hashing run a chunk ahead of the verifier's sequential work, on another thread
        this.producer = new Thread(this::produce, "audit-verify-reader");
        producer.setDaemon(true);
        producer.start();
    }

    /** The record at position {@code i}, or null if the source has none there. */
    Entry get(long i) throws IOException {
        if (i < base) {
            throw new IllegalStateException("record " + i + " is no longer kept");
        }
        while (i >= base + entries.size() && !eof) {
            load();
        }
        return i < base + entries.size() ? entries.get((int) (i - base)) : null;
    }

    /** Forgets records well before {@code i}. */
    void release(long i) {
        long drop = i - KEEP_BEHIND - base;
        if (drop >= CHUNK) {
            entries.subList(0, (int) drop).clear();
            base += drop;
        }
    }

    /** Stops reading ahead (when verification ends early). */
    void close() {
        producer.interrupt();
    }

    @SuppressWarnings("unchecked")
    private void load() throws IOException {
        Object next;
        try {
            next = chunks.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading records");
        }
        if (next instanceof IOException e) {
            eof = true;
            throw e;
        }
        List<Entry> chunk = (List<Entry>) next;
        if (chunk.isEmpty()) {
            eof = true;
        }
        entries.addAll(chunk);
    }

    private void produce() {
        long pos = source.start();
        try {
            while (true) {
                List<TrailSource.RecordLine> lines = new ArrayList<>(CHUNK);
                for (TrailSource.RecordLine l; lines.size() < CHUNK && (l = source.nextRecord()) != null; ) {
                    lines.add(l);
                }
                byte[][] hashes = new byte[lines.size()][];
                IntStream.range(0, lines.size()).parallel().forEach(k -> hashes[k] = TreeHashes.leaf(lines.get(k).bytes()));
                // subtree hashes of the aligned blocks wholly inside this chunk, so the verifier's
                // sequential part can fold a block in one step instead of one leaf at a time
                long chunkStart = pos;
                int firstBlock = (int) ((BLOCK - chunkStart % BLOCK) % BLOCK);
                byte[][] blocks = new byte[lines.size()][];
                IntStream.iterate(firstBlock, k -> k + BLOCK <= lines.size(), k -> k + BLOCK).parallel()
                        .forEach(k -> blocks[k] = subtree(hashes, k, BLOCK));
                Entry[] out = new Entry[lines.size()];
                for (int k = 0; k < out.length; k++) {
                    TrailSource.RecordLine l = lines.get(k);
                    out[k] = new Entry(hashes[k], seqOf(l.bytes()), l.terminated(), l.file(), l.line(), liveFrom(l.bytes()), blocks[k]);
                }
                pos += lines.size();
                if (out.length > 0) {
                    chunks.put(List.of(out));
                }
                if (lines.size() < CHUNK) {
                    chunks.put(List.of());
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            chunks.offer(e);
        } catch (RuntimeException e) {
            chunks.offer(new IOException("reading records failed: " + e, e));
        }
    }

    private static byte[] subtree(byte[][] hashes, int from, int n) {
        if (n == 1) {
            return hashes[from];
        }
        int half = n / 2;
        return TreeHashes.node(subtree(hashes, from, half), subtree(hashes, from + half, half));
    }

    /**
     * The top-level seq of a canonical record, or -1. It is the last {@code ,"seq":} in the line:
     * a nested "seq" key can only sit in details, which come before it, and no bare quote can
     * appear inside the string members that follow it.
     */
    static long seqOf(byte[] line) {
        outer:
        for (int at = line.length - SEQ_KEY.length; at >= 0; at--) {
            for (int k = 0; k < SEQ_KEY.length; k++) {
                if (line[at + k] != SEQ_KEY[k]) {
                    continue outer;
                }
            }
            long v = 0;
            int p = at + SEQ_KEY.length;
            int digits = 0;
            while (p < line.length && line[p] >= '0' && line[p] <= '9' && digits < 16) {
                v = v * 10 + (line[p++] - '0');
                digits++;
            }
            return digits == 0 ? -1 : v;
        }
        return -1;
    }

    /** For an {@code audit.archive} record, the first seq it says remains live; otherwise -1. */
    static long liveFrom(byte[] line) {
        if (line.length < ARCHIVE_PREFIX.length) {
            return -1;
        }
        for (int k = 0; k < ARCHIVE_PREFIX.length; k++) {
            if (line[k] != ARCHIVE_PREFIX[k]) {
                return -1;
            }
        }
        try {
            Map<String, Object> d = AuditRecord.parse(line).details();
            return d.get("liveFrom") instanceof Long l ? l : -1;
        } catch (MalformedRecordException e) {
            return -1;
        }
    }
}
