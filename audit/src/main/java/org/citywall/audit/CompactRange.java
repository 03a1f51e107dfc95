package org.citywall.audit;

import java.util.ArrayList;
import java.util.List;

/**
 * The right edge of a growing Merkle tree: the roots of the perfect subtrees ("peaks") that
 * cover leaves {@code [0, size)}, largest first — one peak per set bit of {@code size}. Appending
 * a leaf and taking the root both cost O(log size); nothing else of the tree is kept.
 * Not thread-safe.
 */
final class CompactRange {

    private final List<byte[]> peaks = new ArrayList<>();
    private long size;

    CompactRange() {
    }

    /**
     * The range for {@code size} leaves whose peaks are {@code peaks} (largest first).
     *
     * @throws IllegalArgumentException if the number of peaks is not the number of set bits of size
     */
    static CompactRange of(long size, List<byte[]> peaks) {
        if (size < 0 || Long.bitCount(size) != peaks.size()) {
            throw new IllegalArgumentException("a tree of " + size + " leaves has " + Long.bitCount(Math.max(size, 0))
                    + " peaks, not " + peaks.size());
        }
        CompactRange r = new CompactRange();
        for (byte[] p : peaks) {
            if (p.length != TreeHashes.LENGTH) {
                throw new IllegalArgumentException("a peak hash must be " + TreeHashes.LENGTH + " bytes");
            }
            r.peaks.add(p.clone());
        }
        r.size = size;
        return r;
    }

    long size() {
        return size;
    }

    /** Adds the next leaf hash. */
    void append(byte[] leafHash) {
        peaks.add(leafHash);
        size++;
        // each trailing zero bit of the new size is a pair of equal-sized peaks to merge
        for (long s = size; (s & 1) == 0; s >>>= 1) {
            byte[] right = peaks.remove(peaks.size() - 1);
            byte[] left = peaks.remove(peaks.size() - 1);
            peaks.add(TreeHashes.node(left, right));
        }
    }

    /**
     * Adds the root of a perfect subtree of {@code 2^height} leaves in one step, as if its leaves
     * were appended one by one (the size must be a multiple of {@code 2^height}).
     */
    void appendPerfect(byte[] subtreeRoot, int height) {
        long n = 1L << height;
        if (size % n != 0) {
            throw new IllegalArgumentException("a subtree of " + n + " leaves cannot start at " + size);
        }
        peaks.add(subtreeRoot);
        size += n;
        for (long s = size >>> height; (s & 1) == 0; s >>>= 1) {
            byte[] right = peaks.remove(peaks.size() - 1);
            byte[] left = peaks.remove(peaks.size() - 1);
            peaks.add(TreeHashes.node(left, right));
        }
    }

    /** The root over {@code [0, size)}: the peaks folded from the right. */
    byte[] root() {
        if (peaks.isEmpty()) {
            return TreeHashes.emptyRoot();
        }
        byte[] r = peaks.get(peaks.size() - 1);
        for (int i = peaks.size() - 2; i >= 0; i--) {
            r = TreeHashes.node(peaks.get(i), r);
        }
        return r;
    }

    /** A copy of the peaks, largest first. */
    List<byte[]> peaks() {
        List<byte[]> out = new ArrayList<>(peaks.size());
        peaks.forEach(p -> out.add(p.clone()));
        return out;
    }

    CompactRange copy() {
        CompactRange r = new CompactRange();
        r.peaks.addAll(peaks);
        r.size = size;
        return r;
    }
}
