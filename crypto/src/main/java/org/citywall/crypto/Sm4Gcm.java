package org.citywall.crypto;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.util.Arrays;

/**
 * SM4-GCM (RFC 8998 AEAD_SM4_GCM): 128-bit key, 96-bit nonce, 128-bit tag — the AEAD for
 * everything new in CityWall. Thread-safe static functions.
 *
 * <p>{@link #encrypt} draws a fresh random nonce and returns {@code nonce ‖ ciphertext ‖ tag};
 * {@link #seal}/{@link #open} take an explicit nonce (never reuse one under the same key).
 * Every decryption failure is the same {@code DECRYPTION_FAILED}.
 */
public final class Sm4Gcm {

    public static final int KEY_LENGTH = 16;
    public static final int NONCE_LENGTH = 12;
    public static final int TAG_LENGTH = 16;

    private static final byte[] NO_AAD = new byte[0];

    private Sm4Gcm() {
    }

    /** A fresh random 16-byte key. */
    public static byte[] generateKey() {
        return Randomness.bytes(KEY_LENGTH);
    }

    /** Encrypts with a fresh random nonce; returns {@code nonce(12) ‖ ciphertext ‖ tag(16)}. */
    public static byte[] encrypt(byte[] key, byte[] plaintext, byte[] associatedData) {
        byte[] nonce = Randomness.bytes(NONCE_LENGTH);
        return Arrays.concatenate(nonce, seal(key, nonce, plaintext, associatedData));
    }

    /** Decrypts {@code nonce ‖ ciphertext ‖ tag} as {@link #encrypt} produces it. */
    public static byte[] decrypt(byte[] key, byte[] nonceCiphertextTag, byte[] associatedData) {
        if (nonceCiphertextTag == null || nonceCiphertextTag.length < NONCE_LENGTH + TAG_LENGTH) {
            throw CryptoException.decryptionFailed();
        }
        byte[] nonce = Arrays.copyOfRange(nonceCiphertextTag, 0, NONCE_LENGTH);
        byte[] body = Arrays.copyOfRange(nonceCiphertextTag, NONCE_LENGTH, nonceCiphertextTag.length);
        return open(key, nonce, body, associatedData);
    }

    /** Encrypts with an explicit 12-byte nonce; returns {@code ciphertext ‖ tag(16)}. */
    public static byte[] seal(byte[] key, byte[] nonce, byte[] plaintext, byte[] associatedData) {
        GCMModeCipher gcm = init(true, key, nonce, associatedData);
        byte[] out = new byte[gcm.getOutputSize(plaintext.length)];
        int n = gcm.processBytes(plaintext, 0, plaintext.length, out, 0);
        try {
            gcm.doFinal(out, n);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** Decrypts {@code ciphertext ‖ tag} under an explicit nonce; any failure is {@code DECRYPTION_FAILED}. */
    public static byte[] open(byte[] key, byte[] nonce, byte[] ciphertextTag, byte[] associatedData) {
        if (ciphertextTag == null || ciphertextTag.length < TAG_LENGTH || nonce == null || nonce.length != NONCE_LENGTH) {
            throw CryptoException.decryptionFailed();
        }
        GCMModeCipher gcm = init(false, key, nonce, associatedData);
        byte[] out = new byte[gcm.getOutputSize(ciphertextTag.length)];
        try {
            int n = gcm.processBytes(ciphertextTag, 0, ciphertextTag.length, out, 0);
            gcm.doFinal(out, n);
            return out;
        } catch (InvalidCipherTextException | RuntimeException e) {
            throw CryptoException.decryptionFailed();
        }
    }

    private static GCMModeCipher init(boolean encrypt, byte[] key, byte[] nonce, byte[] aad) {
        checkKey(key);
        if (nonce == null || nonce.length != NONCE_LENGTH) {
            throw new CryptoException(CryptoException.Reason.INVALID_REQUEST, "SM4-GCM nonce must be 12 bytes");
        }
        GCMModeCipher gcm = GCMBlockCipher.newInstance(new SM4Engine());
        gcm.init(encrypt, new AEADParameters(new KeyParameter(key), TAG_LENGTH * 8, nonce, aad == null ? NO_AAD : aad));
        return gcm;
    }

    static void checkKey(byte[] key) {
        if (key == null || key.length != KEY_LENGTH) {
            throw new CryptoException(CryptoException.Reason.INVALID_REQUEST, "SM4 key must be 16 bytes");
        }
    }
}
