package org.citywall.crypto;

import java.io.IOException;
import java.io.InputStream;
import org.bouncycastle.crypto.digests.SM3Digest;

/**
 * SM3 hash (GB/T 32905), 32-byte digests. One-shot via {@link #digest(byte[])}, incremental
 * via {@link #newHasher()}. A hasher is not thread-safe; the static methods are.
 */
public final class Sm3 {

    /** Length of an SM3 digest in bytes. */
    public static final int DIGEST_LENGTH = 32;

    private final SM3Digest digest = new SM3Digest();

    private Sm3() {
    }

    /** A fresh incremental hasher. */
    public static Sm3 newHasher() {
        return new Sm3();
    }

    /** SM3 of {@code data}. */
    public static byte[] digest(byte[] data) {
        return digest(data, 0, data.length);
    }

    /** SM3 of {@code data[offset, offset+length)}. */
    public static byte[] digest(byte[] data, int offset, int length) {
        return newHasher().update(data, offset, length).digest();
    }

    /** SM3 of everything readable from {@code in} (the stream is read to its end, not closed). */
    public static byte[] digest(InputStream in) throws IOException {
        Sm3 h = newHasher();
        byte[] buf = new byte[64 * 1024];
        for (int n; (n = in.read(buf)) > 0; ) {
            h.update(buf, 0, n);
        }
        return h.digest();
    }

    /** Feeds bytes to the hash. */
    public Sm3 update(byte[] data) {
        return update(data, 0, data.length);
    }

    /** Feeds {@code data[offset, offset+length)} to the hash. */
    public Sm3 update(byte[] data, int offset, int length) {
        digest.update(data, offset, length);
        return this;
    }

    /** Feeds one byte to the hash. */
    public Sm3 update(byte b) {
        digest.update(b);
        return this;
    }

    /** Finishes the hash and resets this hasher for reuse. */
    public byte[] digest() {
        byte[] out = new byte[DIGEST_LENGTH];
        digest.doFinal(out, 0);
        return out;
    }
}
