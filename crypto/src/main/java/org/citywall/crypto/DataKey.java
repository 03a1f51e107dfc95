package org.citywall.crypto;

import java.util.Arrays;

/**
 * A fresh per-object SM4 data key: the plaintext key to encrypt with now, and the same key
 * wrapped (SM4-GCM) by a versioned key-encryption key, to store beside the data. Call
 * {@link #destroy()} when done with the plaintext.
 */
public final class DataKey implements AutoCloseable {

    private final byte[] plaintext;
    private final Envelope wrapped;

    DataKey(byte[] plaintext, Envelope wrapped) {
        this.plaintext = plaintext;
        this.wrapped = wrapped;
    }

    /** A copy of the 16-byte plaintext SM4 key. */
    public byte[] plaintext() {
        return plaintext.clone();
    }

    /** The wrapped key, naming the key-encryption key and version that can unwrap it. */
    public Envelope wrapped() {
        return wrapped;
    }

    /** Overwrites the plaintext key in memory. */
    public void destroy() {
        Arrays.fill(plaintext, (byte) 0);
    }

    @Override
    public void close() {
        destroy();
    }

    @Override
    public String toString() {
        return "DataKey[wrapped=" + wrapped + "]";
    }
}
