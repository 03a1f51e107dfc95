package org.citywall.audit;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The {@code leaves} file: leaf hash {@code i} at byte {@code 32*i}. It is a cache — every entry
 * can be recomputed from the record it hashes — so appends are not fsynced; recovery checks
 * and repairs the entries of the open segment. Appends come from one thread; reads from any.
 */
final class LeafFile implements LeafStore, Closeable {

    private final FileChannel ch;
    private volatile long size;

    private LeafFile(FileChannel ch, long size) {
        this.ch = ch;
        this.size = size;
    }

    static LeafFile open(Path path, boolean writable) throws IOException {
        FileChannel ch = writable
                ? FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : FileChannel.open(path, StandardOpenOption.READ);
        return new LeafFile(ch, ch.size() / TreeHashes.LENGTH);
    }

    /** An empty, read-only stand-in for logs without a leaves file. */
    static LeafFile absent() {
        return new LeafFile(null, 0);
    }

    @Override
    public long size() {
        return size;
    }

    /** Length of the file in bytes (may hold a partial entry after a crash). */
    long bytes() throws IOException {
        return ch == null ? 0 : ch.size();
    }

    @Override
    public void read(long from, int count, byte[] into) throws IOException {
        if (from < 0 || from + count > size) {
            throw new IOException("leaf hashes " + from + ".." + (from + count) + " are beyond the " + size + " stored");
        }
        ByteBuffer b = ByteBuffer.wrap(into, 0, count * TreeHashes.LENGTH);
        long pos = from * TreeHashes.LENGTH;
        while (b.hasRemaining()) {
            int n = ch.read(b, pos);
            if (n < 0) {
                throw new EOFException("leaves file ended at byte " + pos);
            }
            pos += n;
        }
    }

    byte[] get(long i) throws IOException {
        byte[] h = new byte[TreeHashes.LENGTH];
        read(i, 1, h);
        return h;
    }

    /** Appends {@code count} hashes held contiguously in {@code hashes}. */
    void append(byte[] hashes, int count) throws IOException {
        write(size, hashes, count);
    }

    /** Overwrites entries from {@code at} (at <= size), extending the file if needed. */
    void write(long at, byte[] hashes, int count) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(hashes, 0, count * TreeHashes.LENGTH);
        long pos = at * TreeHashes.LENGTH;
        while (b.hasRemaining()) {
            pos += ch.write(b, pos);
        }
        size = Math.max(size, at + count);
    }

    /** Drops entries from {@code n} on (and any partial entry). */
    void truncate(long n) throws IOException {
        ch.truncate(n * TreeHashes.LENGTH);
        size = n;
    }

    void force() throws IOException {
        ch.force(false);
    }

    @Override
    public void close() throws IOException {
        if (ch != null) {
            ch.close();
        }
    }
}
