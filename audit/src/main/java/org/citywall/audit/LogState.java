package org.citywall.audit;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.citywall.crypto.Sm2PublicKey;

/**
 * What an open log knows, shared by its writer thread and its readers. Only the writer changes
 * it; readers take the immutable {@link View} snapshot, which the writer replaces after every
 * durable batch, so they never see a record before it is fsynced.
 */
final class LogState implements Closeable {

    /** The durable extent of the log: {@code size} records in {@code segments} (ascending, contiguous). */
    record View(long size, List<Segment> segments) {
        View {
            segments = List.copyOf(segments);
        }

        /** Seq of the first record still in the live log (earlier ones were archived). */
        long liveStart() {
            return segments.isEmpty() ? size : segments.get(0).first();
        }

        Segment active() {
            return segments.get(segments.size() - 1);
        }

        View withActive(Segment s, long newSize) {
            List<Segment> l = new ArrayList<>(segments);
            l.set(l.size() - 1, s);
            return new View(newSize, l);
        }
    }

    final LogFiles files;
    final String logId;
    final LeafFile leaves;
    final MerkleTree tree;
    private final List<SignedTreeHead> heads;
    private final Map<String, Sm2PublicKey> keys = new ConcurrentHashMap<>();
    volatile View view;

    LogState(LogFiles files, String logId, LeafFile leaves, MerkleTree tree, List<SignedTreeHead> heads, View view) {
        this.files = files;
        this.logId = logId;
        this.leaves = leaves;
        this.tree = tree;
        this.heads = new ArrayList<>(heads);
        this.view = view;
    }

    static String keyRef(String keyId, int version) {
        return keyId + "#" + version;
    }

    void addKey(String keyId, int version, Sm2PublicKey key) {
        keys.put(keyRef(keyId, version), key);
    }

    Optional<Sm2PublicKey> key(String keyId, int version) {
        return Optional.ofNullable(keys.get(keyRef(keyId, version)));
    }

    synchronized void addHead(SignedTreeHead h) {
        heads.add(h);
    }

    synchronized SignedTreeHead latestHead() {
        return heads.isEmpty() ? null : heads.get(heads.size() - 1);
    }

    synchronized List<SignedTreeHead> heads() {
        return Collections.unmodifiableList(new ArrayList<>(heads));
    }

    /** Heads with {@code from <= size <= to}, in order. */
    synchronized List<SignedTreeHead> heads(long from, long to) {
        List<SignedTreeHead> out = new ArrayList<>();
        for (SignedTreeHead h : heads) {
            if (h.size() >= from && h.size() <= to) {
                out.add(h);
            }
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        leaves.close();
    }
}
