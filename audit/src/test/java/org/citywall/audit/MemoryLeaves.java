package org.citywall.audit;

import java.util.ArrayList;
import java.util.List;

/** Leaf hashes held in a list, for trees in tests. */
final class MemoryLeaves implements LeafStore {
    final List<byte[]> hashes = new ArrayList<>();

    @Override
    public long size() {
        return hashes.size();
    }

    @Override
    public void read(long from, int count, byte[] into) {
        for (int i = 0; i < count; i++) {
            System.arraycopy(hashes.get((int) from + i), 0, into, i * TreeHashes.LENGTH, TreeHashes.LENGTH);
        }
    }

    /** A tree over leaves made from the numbers 0..n-1. */
    static MerkleTree tree(int n, MemoryLeaves into) throws Exception {
        MerkleTree t = new MerkleTree(into);
        for (int i = 0; i < n; i++) {
            byte[] h = Rfc9162Reference.leafHash(("leaf " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            into.hashes.add(h);
            t.added(h);
        }
        return t;
    }
}
