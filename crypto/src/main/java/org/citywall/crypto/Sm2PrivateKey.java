package org.citywall.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.Arrays;
import org.bouncycastle.util.BigIntegers;

/**
 * An SM2 private key on sm2p256v1, with its public key. Immutable and thread-safe.
 *
 * <p>Signing with the default user id keeps one initialised signer per thread and format
 * (re-initialising per signature costs ~4x). {@link #toString()} never reveals the key.
 */
public final class Sm2PrivateKey {

    private final ECPrivateKeyParameters key;
    private final Sm2PublicKey publicKey;
    private final ThreadLocal<SM2Signer[]> signers = ThreadLocal.withInitial(() -> new SM2Signer[2]);

    private Sm2PrivateKey(ECPrivateKeyParameters key) {
        this.key = key;
        this.publicKey = new Sm2PublicKey(
                new org.bouncycastle.crypto.params.ECPublicKeyParameters(
                        new FixedPointCombMultiplier().multiply(Sm2.DOMAIN.getG(), key.getD()).normalize(), Sm2.DOMAIN));
    }

    /** A new random key; d is uniform in [1, n-2]. */
    public static Sm2PrivateKey generate() {
        return generate(Randomness.get());
    }

    /** A new key from the given randomness source. */
    public static Sm2PrivateKey generate(SecureRandom random) {
        BigInteger d = BigIntegers.createRandomInRange(BigInteger.ONE, Sm2.N.subtract(BigInteger.TWO), random);
        return new Sm2PrivateKey(new ECPrivateKeyParameters(d, Sm2.DOMAIN));
    }

    /**
     * Reads a PEM private key: {@code PRIVATE KEY} (PKCS#8, as {@code openssl genpkey -algorithm SM2}
     * writes) or SEC1 labelled {@code EC PRIVATE KEY} or {@code SM2 PRIVATE KEY} (as {@code openssl ec}
     * writes). Encrypted PEM is refused.
     *
     * @throws CryptoException {@code MALFORMED_INPUT} if it is not an SM2 private key
     */
    public static Sm2PrivateKey fromPem(String pem) {
        Pem.Block b = Pem.read(pem);
        if (!b.label().equals("PRIVATE KEY") && !b.label().equals("EC PRIVATE KEY") && !b.label().equals("SM2 PRIVATE KEY")) {
            throw CryptoException.malformed("expected a PEM PRIVATE KEY, EC PRIVATE KEY or SM2 PRIVATE KEY, found " + b.label());
        }
        return fromDer(b.der());
    }

    /** Reads a DER PKCS#8 PrivateKeyInfo or SEC1 ECPrivateKey on sm2p256v1. */
    public static Sm2PrivateKey fromDer(byte[] der) {
        return new Sm2PrivateKey(Sm2KeyCodec.parsePrivate(der));
    }

    /** The key whose scalar d is the given 32-byte big-endian value (must be in [1, n-2]). */
    public static Sm2PrivateKey fromScalar(byte[] d) {
        if (d == null || d.length != 32) {
            throw CryptoException.malformed("SM2 private scalar must be 32 bytes");
        }
        return new Sm2PrivateKey(Sm2KeyCodec.privateFromScalar(BigIntegers.fromUnsignedByteArray(d)));
    }

    /** The matching public key. */
    public Sm2PublicKey publicKey() {
        return publicKey;
    }

    /** SM2 signature of {@code message} with the default user id, DER-encoded. */
    public byte[] sign(byte[] message) {
        return sign(message, SignatureFormat.DER);
    }

    /** SM2 signature of {@code message} with the default user id in the given format. */
    public byte[] sign(byte[] message, SignatureFormat format) {
        SM2Signer[] perFormat = signers.get();
        int i = format.ordinal();
        if (perFormat[i] == null) {
            perFormat[i] = Sm2Core.signer(key, Sm2.DEFAULT_USER_ID_BYTES, format, Randomness.create());
        }
        return Sm2Core.sign(perFormat[i], message);
    }

    /** SM2 signature of {@code message} with the given user id (for the Z value) and format. */
    public byte[] sign(byte[] message, byte[] userId, SignatureFormat format) {
        if (Arrays.areEqual(userId, Sm2.DEFAULT_USER_ID_BYTES)) {
            return sign(message, format);
        }
        checkUserId(userId);
        return Sm2Core.sign(Sm2Core.signer(key, userId, format, Randomness.get()), message);
    }

    /**
     * Decrypts a GM/T 0009 ASN.1 SM2 ciphertext.
     *
     * @throws CryptoException {@code DECRYPTION_FAILED} for every kind of failure alike
     */
    public byte[] decrypt(byte[] ciphertext) {
        return decrypt(ciphertext, CiphertextFormat.ASN1);
    }

    /** Decrypts an SM2 ciphertext in the given format; any failure is {@code DECRYPTION_FAILED}. */
    public byte[] decrypt(byte[] ciphertext, CiphertextFormat format) {
        if (ciphertext == null) {
            throw CryptoException.decryptionFailed();
        }
        byte[] raw = format == CiphertextFormat.ASN1 ? Sm2Core.asn1ToRaw(ciphertext, Sm2.DOMAIN) : ciphertext;
        return Sm2Core.decrypt(key, raw);
    }

    /** DER PKCS#8 PrivateKeyInfo (id-ecPublicKey, curve sm2p256v1, public key included), as OpenSSL writes. */
    public byte[] toDer() {
        return Sm2KeyCodec.privateKeyInfo(key, publicKey.parameters().getQ());
    }

    /** PEM {@code PRIVATE KEY} (PKCS#8), readable by {@code openssl pkey}. */
    public String toPem() {
        return Pem.write("PRIVATE KEY", toDer());
    }

    ECPrivateKeyParameters parameters() {
        return key;
    }

    static void checkUserId(byte[] userId) {
        // ENTL is a 16-bit count of bits
        if (userId == null || userId.length > 8191) {
            throw new CryptoException(CryptoException.Reason.INVALID_REQUEST, "SM2 user id must be at most 8191 bytes");
        }
    }

    @Override
    public String toString() {
        return "Sm2PrivateKey[public=" + publicKey.fingerprint() + "]";
    }
}
