package org.citywall.audit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Proof that the tree of {@code oldSize} leaves is a prefix of the tree of {@code newSize}
 * leaves: RFC 9162 §2.1.4.1's consistency proof. Sizes 0 and equal sizes have empty proofs.
 */
public record ConsistencyProof(long oldSize, long newSize, List<byte[]> path) {

    public ConsistencyProof {
        if (oldSize < 0 || oldSize > newSize) {
            throw new IllegalArgumentException("a tree of " + oldSize + " leaves cannot be a prefix of one of " + newSize);
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

    /** Whether this proof shows that the tree with root {@code oldRoot} is a prefix of the one with root {@code newRoot}. */
    public boolean verify(byte[] oldRoot, byte[] newRoot) {
        if (oldSize == newSize) {
            return path.isEmpty() && Arrays.equals(oldRoot, newRoot);
        }
        if (oldSize == 0) {
            return path.isEmpty();
        }
        int[] next = {0};
        byte[][] roots = rebuild(oldSize, newSize, true, oldRoot, next);
        return roots != null && next[0] == path.size()
                && Arrays.equals(roots[0], oldRoot) && Arrays.equals(roots[1], newRoot);
    }

    /**
     * Rebuilds {old, new} hashes of a subtree of n leaves whose first m belong to the old tree,
     * following SUBPROOF(m, D[n], b): the proof lists the innermost hashes first. When the
     * subtree is exactly the old tree ({@code m == n} and b), its hash is the old root itself,
     * which the proof omits. Null if the path runs out.
     */
    private byte[][] rebuild(long m, long n, boolean wholeOldTree, byte[] oldRoot, int[] next) {
        if (m == n) {
            if (wholeOldTree) {
                return new byte[][] {oldRoot, oldRoot};
            }
            byte[] h = take(next);
            return h == null ? null : new byte[][] {h, h};
        }
        long k = TreeHashes.split(n);
        if (m <= k) {
            byte[][] left = rebuild(m, k, wholeOldTree, oldRoot, next);
            byte[] right = left == null ? null : take(next);
            return right == null ? null : new byte[][] {left[0], TreeHashes.node(left[1], right)};
        }
        byte[][] right = rebuild(m - k, n - k, false, oldRoot, next);
        byte[] left = right == null ? null : take(next);
        return left == null ? null : new byte[][] {TreeHashes.node(left, right[0]), TreeHashes.node(left, right[1])};
    }

    private byte[] take(int[] next) {
        return next[0] < path.size() ? path.get(next[0]++) : null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConsistencyProof p && p.oldSize == oldSize && p.newSize == newSize
                && InclusionProof.samePath(p.path, path);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(oldSize) * 31 + Long.hashCode(newSize);
    }
}
