package org.citywall.crypto;

import java.security.SecureRandom;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.util.Arrays;
import org.bouncycastle.util.encoders.Hex;

/**
 * An SM2 public key: a validated point on sm2p256v1 (never the point at infinity, never off
 * the curve). Immutable and thread-safe; verification with the default user id reuses one
 * initialised verifier per thread and format.
 */
public final class Sm2PublicKey {

    private final ECPublicKeyParameters key;
    private final ThreadLocal<SM2Signer[]> verifiers = ThreadLocal.withInitial(() -> new SM2Signer[2]);

    Sm2PublicKey(ECPublicKeyParameters key) {
        this.key = key;
    }

    /** Reads a PEM {@code PUBLIC KEY} (SubjectPublicKeyInfo), as {@code openssl pkey -pubout} writes. */
    public static Sm2PublicKey fromPem(String pem) {
        Pem.Block b = Pem.read(pem);
        if (!b.label().equals("PUBLIC KEY")) {
            throw CryptoException.malformed("expected a PEM PUBLIC KEY, found " + b.label());
        }
        return fromDer(b.der());
    }

    /** Reads a DER SubjectPublicKeyInfo of an SM2 key. */
    public static Sm2PublicKey fromDer(byte[] der) {
        return new Sm2PublicKey(Sm2KeyCodec.parsePublic(der));
    }

    /** Reads an SEC1 point: uncompressed {@code 04‖x‖y} (65 bytes) or compressed (33 bytes). */
    public static Sm2PublicKey fromPoint(byte[] encoded) {
        return new Sm2PublicKey(Sm2KeyCodec.publicFromPoint(encoded));
    }

    /** Whether {@code signature} (DER) is a valid SM2 signature of {@code message} under the default user id. */
    public boolean verify(byte[] message, byte[] signature) {
        return verify(message, signature, SignatureFormat.DER);
    }

    /** Whether {@code signature} in the given format is valid for {@code message} under the default user id. */
    public boolean verify(byte[] message, byte[] signature, SignatureFormat format) {
        SM2Signer[] perFormat = verifiers.get();
        int i = format.ordinal();
        if (perFormat[i] == null) {
            perFormat[i] = Sm2Core.verifier(key, Sm2.DEFAULT_USER_ID_BYTES, format);
        }
        return Sm2Core.verify(perFormat[i], message, signature);
    }

    /**
     * Whether {@code signature} is valid for {@code message} under the given user id. Malformed
     * encodings and r or s outside [1, n-1] are simply invalid (false), never an exception.
     */
    public boolean verify(byte[] message, byte[] signature, byte[] userId, SignatureFormat format) {
        if (Arrays.areEqual(userId, Sm2.DEFAULT_USER_ID_BYTES)) {
            return verify(message, signature, format);
        }
        Sm2PrivateKey.checkUserId(userId);
        return Sm2Core.verify(Sm2Core.verifier(key, userId, format), message, signature);
    }

    /** SM2-encrypts {@code plaintext} (non-empty) to the GM/T 0009 ASN.1 form. */
    public byte[] encrypt(byte[] plaintext) {
        return encrypt(plaintext, CiphertextFormat.ASN1);
    }

    /** SM2-encrypts {@code plaintext} (non-empty) in the given format (always C1, C3, C2 order). */
    public byte[] encrypt(byte[] plaintext, CiphertextFormat format) {
        return encrypt(plaintext, format, Randomness.get());
    }

    byte[] encrypt(byte[] plaintext, CiphertextFormat format, SecureRandom random) {
        if (plaintext == null || plaintext.length == 0) {
            throw new CryptoException(CryptoException.Reason.INVALID_REQUEST, "SM2 plaintext must not be empty");
        }
        byte[] raw = Sm2Core.encrypt(key, plaintext, random);
        return format == CiphertextFormat.ASN1 ? Sm2Core.rawToAsn1(raw, Sm2.DOMAIN) : raw;
    }

    /** The uncompressed point {@code 04‖x‖y} (65 bytes). */
    public byte[] point() {
        return key.getQ().getEncoded(false);
    }

    /** DER SubjectPublicKeyInfo (id-ecPublicKey, curve sm2p256v1). */
    public byte[] toDer() {
        return Sm2KeyCodec.subjectPublicKeyInfo(key.getQ());
    }

    /** PEM {@code PUBLIC KEY}, readable by {@code openssl pkey -pubin}. */
    public String toPem() {
        return Pem.write("PUBLIC KEY", toDer());
    }

    /** Lower-case hex SM3 of the DER SubjectPublicKeyInfo: a stable identifier for logs and key ids. */
    public String fingerprint() {
        return Hex.toHexString(Sm3.digest(toDer()));
    }

    ECPublicKeyParameters parameters() {
        return key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sm2PublicKey other && key.getQ().equals(other.key.getQ());
    }

    @Override
    public int hashCode() {
        return key.getQ().hashCode();
    }

    @Override
    public String toString() {
        return "Sm2PublicKey[" + fingerprint() + "]";
    }
}
