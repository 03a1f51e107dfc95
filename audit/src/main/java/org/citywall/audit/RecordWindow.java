package org.citywall.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

    /** What the verifier needs of one record. */
    record Entry(byte[] hash, long seq, boolean terminated, String file, long line, ArchiveNote archive, byte[] block) {
        String location() {
            return file + " line " + line;
        }

        /** For an archive record, the first seq it says remains live; otherwise -1. */
        long liveFrom() {
            return archive == null ? -1 : archive.liveFrom();
        }
    }

    private final TrailSource source;
    private final List<Entry> entries = new ArrayList<>();
    /** Chunks in order, each being hashed by a worker; the reader stays a few chunks ahead. */
    private final java.util.concurrent.BlockingQueue<java.util.concurrent.Future<List<Entry>>> chunks;
    private final java.util.concurrent.ExecutorService hashers;
    private final Thread producer;
    private long base;
    private boolean eof;

    RecordWindow(TrailSource source) {
        this.source = source;
        this.base = source.start();
        // one thread reads lines, every core hashes whole chunks, the verifier folds them in order
        int cores = Math.max(1, Runtime.getRuntime().availableProcessors());
        this.chunks = new java.util.concurrent.ArrayBlockingQueue<>(cores * 2);
        this.hashers = java.util.concurrent.Executors.newFixedThreadPool(cores, r -> {
            Thread t = new Thread(r, "audit-verify-hasher");
            t.setDaemon(true);
            return t;
        });
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
        hashers.shutdownNow();
    }

    private void load() throws IOException {
        List<Entry> chunk;
        try {
            chunk = chunks.take().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading records");
        } catch (java.util.concurrent.ExecutionException e) {
            eof = true;
            throw e.getCause() instanceof IOException io ? io : new IOException("reading records failed: " + e.getCause(), e.getCause());
        }
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
                try {
                    for (TrailSource.RecordLine l; lines.size() < CHUNK && (l = source.nextRecord()) != null; ) {
                        lines.add(l);
                    }
                } catch (IOException e) {
                    chunks.put(java.util.concurrent.CompletableFuture.failedFuture(e));
                    return;
                }
                long chunkStart = pos;
                if (!lines.isEmpty()) {
                    chunks.put(hashers.submit(() -> hash(lines, chunkStart)));
                }
                pos += lines.size();
                if (lines.size() < CHUNK) {
                    chunks.put(java.util.concurrent.CompletableFuture.completedFuture(List.of()));
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            chunks.offer(java.util.concurrent.CompletableFuture.failedFuture(new IOException("reading records failed: " + e, e)));
        }
    }

    /**
     * Leaf hashes of one chunk, plus the subtree hash of every aligned block wholly inside it, so
     * the verifier's sequential part can fold such a block in one step.
     */
    private static List<Entry> hash(List<TrailSource.RecordLine> lines, long chunkStart) {
        byte[][] hashes = new byte[lines.size()][];
        for (int k = 0; k < hashes.length; k++) {
            hashes[k] = TreeHashes.leaf(lines.get(k).bytes());
        }
        Entry[] out = new Entry[lines.size()];
        int firstBlock = (int) ((BLOCK - chunkStart % BLOCK) % BLOCK);
        for (int k = 0; k < out.length; k++) {
            TrailSource.RecordLine l = lines.get(k);
            byte[] block = k >= firstBlock && (k - firstBlock) % BLOCK == 0 && k + BLOCK <= out.length ? subtree(hashes, k, BLOCK) : null;
            out[k] = new Entry(hashes[k], seqOf(l.bytes()), l.terminated(), l.file(), l.line(), ArchiveNote.of(l.bytes()), block);
        }
        return List.of(out);
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
        // the record ends with ,"time":"yyyy-MM-ddTHH:mm:ss.SSSSSSZ"} (38 bytes): start the search before it
        int from = Math.min(line.length - SEQ_KEY.length, line.length - 38 - SEQ_KEY.length + 1);
        outer:
        for (int at = Math.max(from, -1); at >= 0; at--) {
            if (line[at] != ',' || line[at + 2] != 's' || line[at + 3] != 'e') {
                continue;
            }
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
}
