package org.citywall.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Subtree hashes, inclusion and consistency proofs over a {@link LeafStore}. Leaves stay in the
 * store; in memory this keeps the hash of every aligned perfect subtree of 256 leaves or more
 * (about size/4 bytes), so any subtree hash costs at most a few hundred SM3 calls.
 * Thread-safe: appends and reads are serialised.
 */
final class MerkleTree {

    static final int BLOCK_BITS = 8;
    static final int BLOCK = 1 << BLOCK_BITS;

    private final LeafStore leaves;
    /** levels.get(j): hashes of aligned perfect subtrees of 2^(j+BLOCK_BITS) leaves, left to right. */
    private final List<Hashes> levels = new ArrayList<>();
    private final byte[] block = new byte[BLOCK * TreeHashes.LENGTH];
    private long size;

    /** A tree over the first {@code leaves.size()} leaves of the store (reads them once). */
    MerkleTree(LeafStore leaves) throws IOException {
        this.leaves = leaves;
        long n = leaves.size();
        byte[] buf = new byte[BLOCK * TreeHashes.LENGTH];
        for (long from = 0; from < n; from += BLOCK) {
            int count = (int) Math.min(BLOCK, n - from);
            leaves.read(from, count, buf);
            for (int i = 0; i < count; i++) {
                added(Arrays.copyOfRange(buf, i * TreeHashes.LENGTH, (i + 1) * TreeHashes.LENGTH));
            }
        }
    }

    synchronized long size() {
        return size;
    }

    /** Records that the store now holds {@code leafHash} at index {@link #size()}. */
    synchronized void added(byte[] leafHash) {
        int inBlock = (int) (size & (BLOCK - 1));
        System.arraycopy(leafHash, 0, block, inBlock * TreeHashes.LENGTH, TreeHashes.LENGTH);
        size++;
        if (inBlock == BLOCK - 1) {
            byte[] h = perfect(block, 0, BLOCK);
            for (int level = 0; ; level++) {
                if (levels.size() == level) {
                    levels.add(new Hashes());
                }
                Hashes hs = levels.get(level);
                hs.add(h);
                if ((hs.count & 1) == 1) {
                    break;
                }
                h = TreeHashes.node(hs.get(hs.count - 2), h);
            }
        }
    }

    /** The root over the first {@code n} leaves (the empty root for 0). */
    synchronized byte[] root(long n) {
        check(n);
        return n == 0 ? TreeHashes.emptyRoot() : hash(0, n);
    }

    /** The audit path for leaf {@code m} in the tree of the first {@code n} leaves. */
    synchronized InclusionProof inclusionProof(long m, long n) {
        check(n);
        if (m < 0 || m >= n) {
            throw new IllegalArgumentException("leaf " + m + " is not in a tree of " + n + " leaves");
        }
        List<byte[]> path = new ArrayList<>();
        path(m, 0, n, path);
        return new InclusionProof(m, n, path);
    }

    /** The consistency proof from the tree of {@code m} leaves to the tree of {@code n}. */
    synchronized ConsistencyProof consistencyProof(long m, long n) {
        check(n);
        if (m < 0 || m > n) {
            throw new IllegalArgumentException("a tree of " + m + " leaves is not a prefix of one of " + n);
        }
        List<byte[]> proof = new ArrayList<>();
        if (m > 0 && m < n) {
            subproof(m, 0, n, true, proof);
        }
        return new ConsistencyProof(m, n, proof);
    }

    /** The peaks covering leaves [0, n): what a verifier needs to continue the tree from n. */
    synchronized List<byte[]> peaks(long n) {
        check(n);
        List<byte[]> out = new ArrayList<>();
        long lo = 0;
        for (long bit = Long.highestOneBit(n); bit > 0; bit >>>= 1) {
            if ((n & bit) != 0) {
                out.add(hash(lo, lo + bit));
                lo += bit;
            }
        }
        return out;
    }

    // RFC 9162 §2.1.3.1 PATH(m, D[lo:hi]), appended bottom-up
    private void path(long m, long lo, long hi, List<byte[]> out) {
        long n = hi - lo;
        if (n == 1) {
            return;
        }
        long k = TreeHashes.split(n);
        if (m < k) {
            path(m, lo, lo + k, out);
            out.add(hash(lo + k, hi));
        } else {
            path(m - k, lo + k, hi, out);
            out.add(hash(lo, lo + k));
        }
    }

    // RFC 9162 §2.1.4.1 SUBPROOF(m, D[lo:hi], b)
    private void subproof(long m, long lo, long hi, boolean b, List<byte[]> out) {
        long n = hi - lo;
        if (m == n) {
            if (!b) {
                out.add(hash(lo, hi));
            }
            return;
        }
        long k = TreeHashes.split(n);
        if (m <= k) {
            subproof(m, lo, lo + k, b, out);
            out.add(hash(lo + k, hi));
        } else {
            subproof(m - k, lo + k, hi, false, out);
            out.add(hash(lo, lo + k));
        }
    }

    /** MTH(D[lo:hi]) for 0 <= lo < hi <= size. */
    private byte[] hash(long lo, long hi) {
        long n = hi - lo;
        if (Long.bitCount(n) == 1 && lo % n == 0 && n >= BLOCK) {
            return levels.get(Long.numberOfTrailingZeros(n) - BLOCK_BITS).get(lo / n);
        }
        if (n <= BLOCK) {
            return small(lo, (int) n);
        }
        long k = TreeHashes.split(n);
        return TreeHashes.node(hash(lo, lo + k), hash(lo + k, hi));
    }

    private byte[] small(long lo, int n) {
        byte[] buf = new byte[n * TreeHashes.LENGTH];
        long blockStart = size & ~(long) (BLOCK - 1);
        if (lo >= blockStart) {
            System.arraycopy(block, (int) (lo - blockStart) * TreeHashes.LENGTH, buf, 0, buf.length);
        } else {
            try {
                leaves.read(lo, n, buf);
            } catch (IOException e) {
                throw new UncheckedIOException("reading leaf hashes " + lo + ".." + (lo + n), e);
            }
        }
        return perfect(buf, 0, n);
    }

    /** MTH of n leaf hashes stored contiguously in buf from leaf index {@code from}. */
    private static byte[] perfect(byte[] buf, int from, int n) {
        if (n == 1) {
            return Arrays.copyOfRange(buf, from * TreeHashes.LENGTH, (from + 1) * TreeHashes.LENGTH);
        }
        int k = (int) TreeHashes.split(n);
        return TreeHashes.node(perfect(buf, from, k), perfect(buf, from + k, n - k));
    }

    private void check(long n) {
        if (n < 0 || n > size) {
            throw new IllegalArgumentException("the tree has " + size + " leaves, not " + n);
        }
    }

    /** A growable array of 32-byte hashes. */
    private static final class Hashes {
        private byte[] data = new byte[64 * TreeHashes.LENGTH];
        private long count;

        void add(byte[] h) {
            int at = (int) (count * TreeHashes.LENGTH);
            if (at + TreeHashes.LENGTH > data.length) {
                data = Arrays.copyOf(data, data.length * 2);
            }
            System.arraycopy(h, 0, data, at, TreeHashes.LENGTH);
            count++;
        }

        byte[] get(long i) {
            int at = (int) (i * TreeHashes.LENGTH);
            return Arrays.copyOfRange(data, at, at + TreeHashes.LENGTH);
        }
    }
}
