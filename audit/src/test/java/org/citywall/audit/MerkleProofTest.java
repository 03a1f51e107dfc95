package org.citywall.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The module's tree, proofs and verifiers against the independent RFC 9162 transcription. */
class MerkleProofTest {

    record Case(int size, int m) {
    }

    @Provide
    Arbitrary<Case> treesAndIndices() {
        // sizes around the 256-leaf cache blocks and their multiples matter most
        Arbitrary<Integer> sizes = Arbitraries.oneOf(Arbitraries.integers().between(1, 70),
                Arbitraries.integers().between(250, 270), Arbitraries.integers().between(500, 1100));
        return sizes.flatMap(n -> Arbitraries.integers().between(0, n - 1).map(m -> new Case(n, m)));
    }

    @Test
    void rootsAgreeWithTheRecursiveDefinitionForEverySizeUpTo600() throws Exception {
        MemoryLeaves leaves = new MemoryLeaves();
        MerkleTree tree = MemoryLeaves.tree(600, leaves);
        CompactRange range = new CompactRange();
        assertThat(tree.root(0)).isEqualTo(Rfc9162Reference.mth(List.of()));
        for (int n = 1; n <= 600; n++) {
            range.append(leaves.hashes.get(n - 1));
            byte[] expected = Rfc9162Reference.mth(leaves.hashes.subList(0, n));
            assertThat(tree.root(n)).as("root of %d", n).isEqualTo(expected);
            assertThat(range.root()).as("compact range root of %d", n).isEqualTo(expected);
            assertThat(CompactRange.of(n, tree.peaks(n)).root()).isEqualTo(expected);
        }
    }

    @Property(tries = 100)
    void foldingAlignedSubtreesInOneStepGivesTheSameRoots(@ForAll @IntRange(min = 0, max = 3) int height,
                                                          @ForAll @IntRange(min = 1, max = 300) int n) throws Exception {
        MemoryLeaves leaves = new MemoryLeaves();
        MemoryLeaves.tree(n, leaves);
        int block = 1 << height;
        CompactRange range = new CompactRange();
        int i = 0;
        while (i < n) {
            if (i % block == 0 && i + block <= n) {
                range.appendPerfect(Rfc9162Reference.mth(leaves.hashes.subList(i, i + block)), height);
                i += block;
            } else {
                range.append(leaves.hashes.get(i++));
            }
            assertThat(range.root()).isEqualTo(Rfc9162Reference.mth(leaves.hashes.subList(0, i)));
        }
    }

    @Property(tries = 300)
    void inclusionProofsAreRfcPathsAndVerifyBothWays(@ForAll("treesAndIndices") Case c) throws Exception {
        MemoryLeaves leaves = new MemoryLeaves();
        MerkleTree tree = MemoryLeaves.tree(c.size(), leaves);
        InclusionProof p = tree.inclusionProof(c.m(), c.size());
        byte[] root = Rfc9162Reference.mth(leaves.hashes);
        byte[] leaf = leaves.hashes.get(c.m());
        assertThat(InclusionProof.samePath(p.path(), Rfc9162Reference.path(c.m(), leaves.hashes))).isTrue();
        assertThat(Rfc9162Reference.verifyInclusion(c.m(), c.size(), leaf, p.path(), root)).isTrue();
        assertThat(p.verify(leaf, root)).isTrue();
    }

    @Property(tries = 300)
    void consistencyProofsAreRfcProofsAndVerifyBothWays(@ForAll("treesAndIndices") Case c) throws Exception {
        int m = c.m() + 1; // 1..size
        MemoryLeaves leaves = new MemoryLeaves();
        MerkleTree tree = MemoryLeaves.tree(c.size(), leaves);
        ConsistencyProof p = tree.consistencyProof(m, c.size());
        byte[] oldRoot = Rfc9162Reference.mth(leaves.hashes.subList(0, m));
        byte[] newRoot = Rfc9162Reference.mth(leaves.hashes);
        assertThat(p.verify(oldRoot, newRoot)).isTrue();
        if (m < c.size()) {
            assertThat(InclusionProof.samePath(p.path(), Rfc9162Reference.proof(m, leaves.hashes))).isTrue();
            assertThat(Rfc9162Reference.verifyConsistency(m, c.size(), oldRoot, newRoot, p.path())).isTrue();
        } else {
            assertThat(p.path()).isEmpty();
        }
    }

    enum Mutation { FLIP_BIT, DROP_FIRST, DROP_LAST, ADD_HASH, SWAP_TWO, OTHER_INDEX, OTHER_SIZE }

    @Property(tries = 500)
    void everyAlteredInclusionProofIsRejectedByBothVerifiers(@ForAll("treesAndIndices") Case c, @ForAll Mutation mutation,
                                                              @ForAll @IntRange(min = 0, max = 10_000) int where) throws Exception {
        MemoryLeaves leaves = new MemoryLeaves();
        MerkleTree tree = MemoryLeaves.tree(c.size(), leaves);
        InclusionProof p = tree.inclusionProof(c.m(), c.size());
        byte[] root = Rfc9162Reference.mth(leaves.hashes);
        byte[] leaf = leaves.hashes.get(c.m());
        List<byte[]> path = new ArrayList<>(p.path());
        long index = c.m();
        long size = c.size();
        switch (mutation) {
            case FLIP_BIT -> {
                if (path.isEmpty()) {
                    return;
                }
                byte[] h = path.get(where % path.size()).clone();
                h[where % 32] ^= (byte) (1 << (where % 8));
                path.set(where % path.size(), h);
            }
            case DROP_FIRST -> {
                if (path.isEmpty()) {
                    return;
                }
                path.remove(0);
            }
            case DROP_LAST -> {
                if (path.isEmpty()) {
                    return;
                }
                path.remove(path.size() - 1);
            }
            case ADD_HASH -> path.add(where % (path.size() + 1), leaves.hashes.get(where % c.size()));
            case SWAP_TWO -> {
                if (path.size() < 2) {
                    return;
                }
                int i = where % path.size();
                int j = (i + 1) % path.size();
                byte[] t = path.get(i);
                path.set(i, path.get(j));
                path.set(j, t);
                if (InclusionProof.samePath(path, p.path())) {
                    return;
                }
            }
            case OTHER_INDEX -> {
                if (c.size() == 1) {
                    return;
                }
                index = (c.m() + 1 + where % (c.size() - 1)) % c.size();
            }
            case OTHER_SIZE -> {
                size = c.size() + 1 + where % 5;
            }
        }
        boolean reference = Rfc9162Reference.verifyInclusion(index, size, leaf, path, root);
        boolean ours = new InclusionProof(index, size, path).verify(leaf, root);
        assertThat(ours).isEqualTo(reference);
        // the size is not bound by the path itself (RFC 9162 takes it from the signed head, which
        // binds it to the root): a larger size with the same split shape may verify, in both algorithms
        if (mutation != Mutation.OTHER_SIZE
                && (mutation != Mutation.OTHER_INDEX || !java.util.Arrays.equals(leaves.hashes.get((int) index), leaf))) {
            assertThat(ours).as("%s accepted", mutation).isFalse();
        }
    }

    @Property(tries = 500)
    void everyAlteredConsistencyProofIsRejectedByBothVerifiers(@ForAll("treesAndIndices") Case c, @ForAll Mutation mutation,
                                                                @ForAll @IntRange(min = 0, max = 10_000) int where) throws Exception {
        if (c.m() == 0) {
            return;
        }
        int m = c.m(); // 1..size-1: a proper prefix
        MemoryLeaves leaves = new MemoryLeaves();
        MerkleTree tree = MemoryLeaves.tree(c.size(), leaves);
        ConsistencyProof p = tree.consistencyProof(m, c.size());
        byte[] oldRoot = Rfc9162Reference.mth(leaves.hashes.subList(0, m));
        byte[] newRoot = Rfc9162Reference.mth(leaves.hashes);
        List<byte[]> path = new ArrayList<>(p.path());
        long first = m;
        long second = c.size();
        switch (mutation) {
            case FLIP_BIT -> {
                byte[] h = path.get(where % path.size()).clone();
                h[where % 32] ^= (byte) (1 << (where % 8));
                path.set(where % path.size(), h);
            }
            case DROP_FIRST -> path.remove(0);
            case DROP_LAST -> path.remove(path.size() - 1);
            case ADD_HASH -> path.add(where % (path.size() + 1), leaves.hashes.get(where % c.size()));
            case SWAP_TWO -> {
                if (path.size() < 2) {
                    return;
                }
                int i = where % path.size();
                byte[] t = path.get(i);
                path.set(i, path.get((i + 1) % path.size()));
                path.set((i + 1) % path.size(), t);
                if (InclusionProof.samePath(path, p.path())) {
                    return;
                }
            }
            case OTHER_INDEX -> {
                first = 1 + (m + where % (c.size() - 1)) % (c.size() - 1);
                if (first == m) {
                    return;
                }
            }
            case OTHER_SIZE -> second = c.size() + 1 + where % 5;
        }
        boolean reference = Rfc9162Reference.verifyConsistency(first, second, oldRoot, newRoot, path);
        boolean ours = new ConsistencyProof(first, second, path).verify(oldRoot, newRoot);
        assertThat(ours).isEqualTo(reference);
        if (mutation != Mutation.OTHER_SIZE) { // see the inclusion property: sizes come from signed heads
            assertThat(ours).as("%s accepted", mutation).isFalse();
        }
    }
}
