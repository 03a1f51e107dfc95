package org.citywall.crypto;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import org.bouncycastle.util.Arrays;

/**
 * Envelope encryption for data at rest: every object gets a fresh SM4 data key, wrapped by the
 * primary version of an SM4-GCM key-encryption key (KEK) in a {@link KeyRing}; the object's
 * associated data is bound both to the wrapped key and to the data.
 *
 * <h2>One-shot object format</h2>
 * <pre>"CWO" 0x01 | wrapped-key length (2 bytes BE) | wrapped key (binary {@link Envelope}) |
 * nonce (12) | SM4-GCM ciphertext ‖ tag(16)</pre>
 * The data's associated data is every byte before the nonce followed by the caller's
 * associated data. Rotating the KEK never breaks old objects: the wrapped key names its KEK
 * version; {@link #rewrapKey} re-wraps an object's data key under the current KEK without
 * touching the data.
 *
 * <p>For large objects use {@link StreamingAead} via {@link #encryptingStream} and
 * {@link #decryptingStream}. Thread-safe.
 */
public final class EnvelopeEncryption {

    private static final byte[] MAGIC = {'C', 'W', 'O', 0x01};

    private final KeyRing ring;
    private final String kek;

    /** Envelope encryption under SM4-GCM key {@code kekName} of {@code ring}. */
    public EnvelopeEncryption(KeyRing ring, String kekName) {
        this.ring = ring;
        this.kek = kekName;
        if (ring.info(kekName).type() != KeyType.SM4_GCM) {
            throw new CryptoException(CryptoException.Reason.WRONG_KEY_TYPE, "key " + kekName + " is not an SM4_GCM key");
        }
    }

    /** A fresh data key wrapped under the KEK's primary version, with {@code associatedData} bound to the wrapping. */
    public DataKey newDataKey(byte[] associatedData) {
        byte[] key = Sm4Gcm.generateKey();
        return new DataKey(key, ring.encrypt(kek, key, associatedData));
    }

    /** Unwraps a data key; failures are {@code DECRYPTION_FAILED} (or {@code DISABLED_VERSION} for a retired KEK version). */
    public byte[] unwrap(Envelope wrappedKey, byte[] associatedData) {
        if (!wrappedKey.key().equals(kek)) {
            throw CryptoException.decryptionFailed();
        }
        byte[] key = ring.decrypt(wrappedKey, associatedData);
        if (key.length != Sm4Gcm.KEY_LENGTH) {
            throw CryptoException.decryptionFailed();
        }
        return key;
    }

    /** Encrypts one object under a fresh data key (format in the class comment). */
    public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
        try (DataKey dk = newDataKey(associatedData)) {
            byte[] header = header(dk.wrapped());
            byte[] body = Sm4Gcm.encrypt(dk.plaintext(), plaintext, Arrays.concatenate(header, nz(associatedData)));
            return Arrays.concatenate(header, body);
        }
    }

    /** Decrypts an object from {@link #encrypt}; any tampering is {@code DECRYPTION_FAILED}. */
    public byte[] decrypt(byte[] object, byte[] associatedData) {
        Parsed p = parse(object);
        byte[] key = unwrap(p.wrapped, associatedData);
        try {
            return Sm4Gcm.decrypt(key, Arrays.copyOfRange(object, p.headerLength, object.length),
                    Arrays.concatenate(Arrays.copyOf(object, p.headerLength), nz(associatedData)));
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * Re-wraps the data key of an object under the KEK's current primary version, leaving the
     * data itself untouched, so old KEK versions can be retired.
     */
    public byte[] rewrapKey(byte[] object, byte[] associatedData) {
        byte[] data = decrypt(object, associatedData); // refuse to re-wrap anything that does not authenticate
        byte[] key = unwrap(parse(object).wrapped, associatedData);
        try {
            // the data's associated data covers the header, so it is re-sealed (same data key, fresh nonce)
            byte[] header = header(ring.encrypt(kek, key, associatedData));
            return Arrays.concatenate(header, Sm4Gcm.encrypt(key, data, Arrays.concatenate(header, nz(associatedData))));
        } finally {
            Arrays.fill(key, (byte) 0);
            Arrays.fill(data, (byte) 0);
        }
    }

    /** The KEK key name and version an object's data key is wrapped under. */
    public Envelope wrappedKeyOf(byte[] object) {
        return parse(object).wrapped;
    }

    /** An output stream that encrypts everything written to it into {@code out} (closing it finishes the stream). */
    public OutputStream encryptingStream(OutputStream out, byte[] associatedData) throws IOException {
        DataKey dk = newDataKey(associatedData);
        return StreamingAead.encrypting(out, dk, associatedData, StreamingAead.DEFAULT_SEGMENT_SIZE);
    }

    /** An input stream that decrypts a stream from {@link #encryptingStream}; tampering, truncation and reordering throw. */
    public InputStream decryptingStream(InputStream in, byte[] associatedData) throws IOException {
        return StreamingAead.decrypting(in, this, associatedData);
    }

    private static byte[] header(Envelope wrapped) {
        byte[] w = wrapped.toBytes();
        return ByteBuffer.allocate(MAGIC.length + 2 + w.length).put(MAGIC).putShort((short) w.length).put(w).array();
    }

    private record Parsed(Envelope wrapped, int headerLength) {
    }

    private static Parsed parse(byte[] object) {
        if (object == null || object.length < MAGIC.length + 2 || !Arrays.areEqual(Arrays.copyOf(object, MAGIC.length), MAGIC)) {
            throw CryptoException.decryptionFailed();
        }
        int wl = ((object[4] & 0xff) << 8) | (object[5] & 0xff);
        int headerLength = MAGIC.length + 2 + wl;
        if (object.length < headerLength + Sm4Gcm.NONCE_LENGTH + Sm4Gcm.TAG_LENGTH) {
            throw CryptoException.decryptionFailed();
        }
        try {
            return new Parsed(Envelope.parseBytes(Arrays.copyOfRange(object, 6, headerLength)), headerLength);
        } catch (CryptoException e) {
            throw CryptoException.decryptionFailed();
        }
    }

    static byte[] nz(byte[] aad) {
        return aad == null ? new byte[0] : aad;
    }

    static Envelope readWrappedKey(DataInputStream in) throws IOException {
        int len = in.readUnsignedShort();
        if (len < 8 || len > 1024) {
            throw CryptoException.decryptionFailed();
        }
        byte[] b = in.readNBytes(len);
        if (b.length != len) {
            throw CryptoException.decryptionFailed();
        }
        try {
            return Envelope.parseBytes(b);
        } catch (CryptoException e) {
            throw CryptoException.decryptionFailed();
        }
    }

    static void writeWrappedKey(ByteArrayOutputStream out, Envelope wrapped) {
        byte[] w = wrapped.toBytes();
        out.write(w.length >>> 8);
        out.write(w.length);
        out.writeBytes(w);
    }
}
