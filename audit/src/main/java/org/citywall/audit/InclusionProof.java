package org.citywall.audit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Proof that the leaf at {@code leafIndex} is in the tree of {@code treeSize} leaves: the
 * audit path of RFC 9162 §2.1.3.1, bottom sibling first.
 */
public record InclusionProof(long leafIndex, long treeSize, List<byte[]> path) {

    public InclusionProof {
        if (treeSize < 1 || leafIndex < 0 || leafIndex >= treeSize) {
            throw new IllegalArgumentException("leaf index " + leafIndex + " is not in a tree of size " + treeSize);
        }
        List<byte[]> copy = new ArrayList<>(path.size());
        for (byte[] h : path) {
            if (h.length != TreeHashes.LENGTH) {
                throw new IllegalArgumentException("every proof hash must be " + TreeHashes.LENGTH + " bytes");
            }
            copy.add(h.clone());
        }
        path = List.copyOf(copy);
    }

    /** Whether this proof shows that {@code leafHash} sits at {@code leafIndex} in the tree whose root is {@code root}. */
    public boolean verify(byte[] leafHash, byte[] root) {
        int[] next = {path.size() - 1};
        byte[] computed = climb(leafIndex, treeSize, leafHash, next);
        return computed != null && next[0] == -1 && Arrays.equals(computed, root);
    }

    /**
     * The root of the subtree of n leaves containing leaf m, rebuilt from the leaf and the
     * proof hashes path[0..next] (the top of the path is the last element; it is consumed from
     * the end because the top split is decided first). Null if the path is too short.
     */
    private byte[] climb(long m, long n, byte[] leaf, int[] next) {
        if (n == 1) {
            return leaf;
        }
        if (next[0] < 0) {
            return null;
        }
        long k = TreeHashes.split(n);
        byte[] sibling = path.get(next[0]--);
        if (m < k) {
            byte[] left = climb(m, k, leaf, next);
            return left == null ? null : TreeHashes.node(left, sibling);
        }
        byte[] right = climb(m - k, n - k, leaf, next);
        return right == null ? null : TreeHashes.node(sibling, right);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InclusionProof p && p.leafIndex == leafIndex && p.treeSize == treeSize && samePath(p.path, path);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(leafIndex) * 31 + Long.hashCode(treeSize);
    }

    static boolean samePath(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }
}
