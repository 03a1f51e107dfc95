package org.citywall.audit;

import java.util.HexFormat;
import java.util.List;
import org.citywall.crypto.Sm3;

/**
 * The Merkle tree hashes of the audit log: RFC 9162's layout with SM3 in place of SHA-256.
 * Leaf {@code SM3(0x00 ‖ record)}, interior node {@code SM3(0x01 ‖ left ‖ right)}, and the
 * root of the empty tree {@code SM3()} (the hash of no bytes).
 */
public final class TreeHashes {

    /** Length of every hash in bytes. */
    public static final int LENGTH = Sm3.DIGEST_LENGTH;

    private static final ThreadLocal<Sm3> HASHER = ThreadLocal.withInitial(Sm3::newHasher);
    private static final byte[] EMPTY = Sm3.digest(new byte[0]);

    private TreeHashes() {
    }

    /** {@code SM3(0x00 ‖ record)}. */
    public static byte[] leaf(byte[] record) {
        return leaf(record, 0, record.length);
    }

    /** {@code SM3(0x00 ‖ record[offset, offset+length))}. */
    public static byte[] leaf(byte[] record, int offset, int length) {
        return HASHER.get().update((byte) 0x00).update(record, offset, length).digest();
    }

    /** {@code SM3(0x01 ‖ left ‖ right)}. */
    public static byte[] node(byte[] left, byte[] right) {
        return HASHER.get().update((byte) 0x01).update(left).update(right).digest();
    }

    /** The root of the tree with no leaves, {@code SM3()}. */
    public static byte[] emptyRoot() {
        return EMPTY.clone();
    }

    /** The root of the tree over {@code leaves} (leaf hashes, in order): RFC 9162's MTH. */
    public static byte[] root(List<byte[]> leaves) {
        CompactRange range = new CompactRange();
        leaves.forEach(range::append);
        return range.root();
    }

    /** Lower-case hex. */
    /**
     * Whether a cached hash is all zero bytes: a leaf-cache entry whose page never reached the
     * disk before a power cut (the file had grown, the data had not). No SM3 digest is all zero.
     */
    static boolean isUnwritten(byte[] hash) {
        for (byte b : hash) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    public static String hex(byte[] hash) {
        return HexFormat.of().formatHex(hash);
    }

    /**
     * Parses a 32-byte hash from hex.
     *
     * @throws IllegalArgumentException if it is not 64 hex digits
     */
    public static byte[] fromHex(String hex) {
        if (hex == null || hex.length() != LENGTH * 2) {
            throw new IllegalArgumentException("expected a hash of " + LENGTH * 2 + " hex digits");
        }
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected a hash of " + LENGTH * 2 + " hex digits: " + e.getMessage());
        }
    }

    /** Largest power of two strictly below {@code n} (n >= 2): where RFC 9162 splits a tree of n leaves. */
    static long split(long n) {
        return Long.highestOneBit(n - 1);
    }
}
