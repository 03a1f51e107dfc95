package org.citywall.crypto;

import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.BufferedBlockCipher;
import org.bouncycastle.crypto.DefaultBufferedBlockCipher;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.StreamCipher;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.crypto.modes.CCMBlockCipher;
import org.bouncycastle.crypto.modes.CCMModeCipher;
import org.bouncycastle.crypto.modes.CFBBlockCipher;
import org.bouncycastle.crypto.modes.OFBBlockCipher;
import org.bouncycastle.crypto.modes.SICBlockCipher;
import org.bouncycastle.crypto.paddings.PKCS7Padding;
import org.bouncycastle.crypto.paddings.PaddedBufferedBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * SM4 (GB/T 32907) in the classic modes, for interoperability only — with OpenSSL
 * ({@code openssl enc -sm4-cbc|-sm4-ctr|-sm4-ecb}) and older systems. None of these
 * modes authenticate: new data uses {@link Sm4Gcm}. Thread-safe static functions.
 */
public final class Sm4 {

    public static final int BLOCK_SIZE = 16;

    /** Unauthenticated SM4 modes. */
    public enum Mode {
        /** Electronic codebook; no IV. Leaks equal blocks — interop only. */
        ECB,
        /** Cipher block chaining with a 16-byte IV. */
        CBC,
        /** Counter mode; the 16-byte IV is the initial counter block (as OpenSSL). */
        CTR,
        /** Output feedback (128-bit). */
        OFB,
        /** Cipher feedback (128-bit). */
        CFB
    }

    private Sm4() {
    }

    /**
     * Encrypts {@code data}. {@code pkcs7Padding} applies to ECB and CBC only (OpenSSL's default
     * for {@code enc}); without it, ECB/CBC input must be a multiple of 16 bytes.
     */
    public static byte[] encrypt(Mode mode, byte[] key, byte[] iv, byte[] data, boolean pkcs7Padding) {
        return process(true, mode, key, iv, data, pkcs7Padding);
    }

    /** Decrypts {@code data}; bad padding or length is {@code DECRYPTION_FAILED}. */
    public static byte[] decrypt(Mode mode, byte[] key, byte[] iv, byte[] data, boolean pkcs7Padding) {
        return process(false, mode, key, iv, data, pkcs7Padding);
    }

    /** One raw SM4 block encryption (16 bytes in, 16 out). */
    public static byte[] encryptBlock(byte[] key, byte[] block) {
        Sm4Gcm.checkKey(key);
        if (block == null || block.length != BLOCK_SIZE) {
            throw new CryptoException(CryptoException.Reason.INVALID_REQUEST, "SM4 block must be 16 bytes");
        }
        SM4Engine e = new SM4Engine();
        e.init(true, new KeyParameter(key));
        byte[] out = new byte[BLOCK_SIZE];
        e.processBlock(block, 0, out, 0);
        return out;
    }

    /** SM4-CCM (RFC 8998 AEAD_SM4_CCM) with a 16-byte tag, for TLS-style interop; returns {@code ciphertext ‖ tag}. */
    public static byte[] encryptCcm(byte[] key, byte[] nonce, byte[] plaintext, byte[] associatedData) {
        return ccm(true, key, nonce, plaintext, associatedData);
    }

    /** Opens SM4-CCM {@code ciphertext ‖ tag}; any failure is {@code DECRYPTION_FAILED}. */
    public static byte[] decryptCcm(byte[] key, byte[] nonce, byte[] ciphertextTag, byte[] associatedData) {
        return ccm(false, key, nonce, ciphertextTag, associatedData);
    }

    private static byte[] ccm(boolean encrypt, byte[] key, byte[] nonce, byte[] in, byte[] aad) {
        Sm4Gcm.checkKey(key);
        if (nonce == null || nonce.length < 7 || nonce.length > 13) {
            throw new CryptoException(CryptoException.Reason.INVALID_REQUEST, "SM4-CCM nonce must be 7..13 bytes");
        }
        CCMModeCipher ccm = CCMBlockCipher.newInstance(new SM4Engine());
        ccm.init(encrypt, new AEADParameters(new KeyParameter(key), 128, nonce, aad == null ? new byte[0] : aad));
        byte[] out = new byte[ccm.getOutputSize(in.length)];
        try {
            int n = ccm.processBytes(in, 0, in.length, out, 0);
            n += ccm.doFinal(out, n);
            return n == out.length ? out : java.util.Arrays.copyOf(out, n);
        } catch (InvalidCipherTextException | RuntimeException e) {
            if (encrypt) {
                throw new IllegalStateException(e);
            }
            throw CryptoException.decryptionFailed();
        }
    }

    private static byte[] process(boolean encrypt, Mode mode, byte[] key, byte[] iv, byte[] data, boolean padding) {
        Sm4Gcm.checkKey(key);
        if (mode != Mode.ECB && (iv == null || iv.length != BLOCK_SIZE)) {
            throw new CryptoException(CryptoException.Reason.INVALID_REQUEST, "SM4-" + mode + " needs a 16-byte IV");
        }
        if (padding && mode != Mode.ECB && mode != Mode.CBC) {
            throw new CryptoException(CryptoException.Reason.INVALID_REQUEST, "padding applies to ECB and CBC only");
        }
        KeyParameter k = new KeyParameter(key);
        switch (mode) {
            case ECB, CBC -> {
                BlockCipher base = mode == Mode.ECB ? new SM4Engine() : CBCBlockCipher.newInstance(new SM4Engine());
                if (!padding && data.length % BLOCK_SIZE != 0) {
                    if (encrypt) {
                        throw new CryptoException(CryptoException.Reason.INVALID_REQUEST,
                                "without padding the data must be a multiple of 16 bytes");
                    }
                    throw CryptoException.decryptionFailed();
                }
                BufferedBlockCipher c = padding
                        ? new PaddedBufferedBlockCipher(base, new PKCS7Padding())
                        : new DefaultBufferedBlockCipher(base);
                c.init(encrypt, mode == Mode.ECB ? k : new ParametersWithIV(k, iv));
                byte[] out = new byte[c.getOutputSize(data.length)];
                try {
                    int n = c.processBytes(data, 0, data.length, out, 0);
                    n += c.doFinal(out, n);
                    return n == out.length ? out : java.util.Arrays.copyOf(out, n);
                } catch (InvalidCipherTextException | RuntimeException e) {
                    throw CryptoException.decryptionFailed();
                }
            }
            default -> {
                StreamCipher c = switch (mode) {
                    case CTR -> SICBlockCipher.newInstance(new SM4Engine());
                    case OFB -> new OFBBlockCipher(new SM4Engine(), 128);
                    default -> CFBBlockCipher.newInstance(new SM4Engine(), 128);
                };
                c.init(encrypt, new ParametersWithIV(k, iv));
                byte[] out = new byte[data.length];
                c.processBytes(data, 0, data.length, out, 0);
                return out;
            }
        }
    }
}
