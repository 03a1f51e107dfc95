package org.citywall.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.engines.SM2Engine;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.DSAEncoding;
import org.bouncycastle.crypto.signers.PlainDSAEncoding;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.util.Arrays;
import org.bouncycastle.util.BigIntegers;

/**
 * SM2 operations on Bouncy Castle's lightweight API, parameterised by domain so the standards'
 * example-curve vectors can exercise the same code as production keys.
 */
final class Sm2Core {

    private Sm2Core() {
    }

    static DSAEncoding encoding(SignatureFormat format) {
        return format == SignatureFormat.RAW ? PlainDSAEncoding.INSTANCE : StandardDSAEncoding.INSTANCE;
    }

    /** A signer initialised for signing; reusable: SM2Signer resets to the Z-primed state after each signature. */
    static SM2Signer signer(ECPrivateKeyParameters key, byte[] userId, SignatureFormat format, SecureRandom random) {
        SM2Signer s = new SM2Signer(encoding(format), new SM3Digest());
        s.init(true, new ParametersWithID(new ParametersWithRandom(key, random), userId));
        return s;
    }

    /** A signer initialised for verification; reusable like {@link #signer}. */
    static SM2Signer verifier(ECPublicKeyParameters key, byte[] userId, SignatureFormat format) {
        SM2Signer s = new SM2Signer(encoding(format), new SM3Digest());
        s.init(false, new ParametersWithID(key, userId));
        return s;
    }

    static byte[] sign(SM2Signer signer, byte[] message) {
        signer.update(message, 0, message.length);
        try {
            return signer.generateSignature();
        } catch (CryptoException e) {
            throw new IllegalStateException("SM2 signing failed", e);
        } finally {
            signer.reset();
        }
    }

    static boolean verify(SM2Signer verifier, byte[] message, byte[] signature) {
        if (signature == null) {
            return false;
        }
        try {
            verifier.update(message, 0, message.length);
            // BC rejects non-canonical DER, wrong raw lengths and r or s outside [1, n-1]
            return verifier.verifySignature(signature);
        } catch (RuntimeException e) {
            return false;
        } finally {
            verifier.reset();
        }
    }

    /** Encrypts to raw C1‖C3‖C2 (C1 uncompressed). */
    static byte[] encrypt(ECPublicKeyParameters key, byte[] plaintext, SecureRandom random) {
        SM2Engine engine = new SM2Engine(new SM3Digest(), SM2Engine.Mode.C1C3C2);
        engine.init(true, new ParametersWithRandom(key, random));
        try {
            return engine.processBlock(plaintext, 0, plaintext.length);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("SM2 encryption failed", e);
        }
    }

    /** Decrypts raw C1‖C3‖C2; every failure is the same {@code DECRYPTION_FAILED}. */
    static byte[] decrypt(ECPrivateKeyParameters key, byte[] c1c3c2) {
        int fieldBytes = fieldBytes(key.getParameters());
        if (c1c3c2 == null || c1c3c2.length < 1 + 2 * fieldBytes + 32 + 1 || c1c3c2[0] != 0x04) {
            throw org.citywall.crypto.CryptoException.decryptionFailed();
        }
        SM2Engine engine = new SM2Engine(new SM3Digest(), SM2Engine.Mode.C1C3C2);
        engine.init(false, key);
        try {
            return engine.processBlock(c1c3c2, 0, c1c3c2.length);
        } catch (InvalidCipherTextException | RuntimeException e) {
            throw org.citywall.crypto.CryptoException.decryptionFailed();
        }
    }

    static int fieldBytes(ECDomainParameters domain) {
        return (domain.getCurve().getFieldSize() + 7) / 8;
    }

    /** Raw C1‖C3‖C2 to GM/T 0009 SEQUENCE{x, y, C3, C2}. */
    static byte[] rawToAsn1(byte[] raw, ECDomainParameters domain) {
        int fb = fieldBytes(domain);
        BigInteger x = BigIntegers.fromUnsignedByteArray(raw, 1, fb);
        BigInteger y = BigIntegers.fromUnsignedByteArray(raw, 1 + fb, fb);
        ASN1EncodableVector v = new ASN1EncodableVector(4);
        v.add(new ASN1Integer(x));
        v.add(new ASN1Integer(y));
        v.add(new DEROctetString(Arrays.copyOfRange(raw, 1 + 2 * fb, 1 + 2 * fb + 32)));
        v.add(new DEROctetString(Arrays.copyOfRange(raw, 1 + 2 * fb + 32, raw.length)));
        try {
            return new DERSequence(v).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** GM/T 0009 DER to raw C1‖C3‖C2; any deviation from canonical DER is a decryption failure. */
    static byte[] asn1ToRaw(byte[] der, ECDomainParameters domain) {
        try {
            ASN1Sequence seq = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(der));
            if (seq.size() != 4 || !Arrays.areEqual(seq.getEncoded(ASN1Encoding.DER), der)) {
                throw org.citywall.crypto.CryptoException.decryptionFailed();
            }
            BigInteger x = ASN1Integer.getInstance(seq.getObjectAt(0)).getValue();
            BigInteger y = ASN1Integer.getInstance(seq.getObjectAt(1)).getValue();
            byte[] c3 = ASN1OctetString.getInstance(seq.getObjectAt(2)).getOctets();
            byte[] c2 = ASN1OctetString.getInstance(seq.getObjectAt(3)).getOctets();
            BigInteger p = domain.getCurve().getField().getCharacteristic();
            if (x.signum() < 0 || y.signum() < 0 || x.compareTo(p) >= 0 || y.compareTo(p) >= 0
                    || c3.length != 32 || c2.length == 0) {
                throw org.citywall.crypto.CryptoException.decryptionFailed();
            }
            int fb = fieldBytes(domain);
            return Arrays.concatenate(new byte[] {0x04},
                    Arrays.concatenate(BigIntegers.asUnsignedByteArray(fb, x), BigIntegers.asUnsignedByteArray(fb, y)),
                    Arrays.concatenate(c3, c2));
        } catch (IOException | RuntimeException e) {
            if (e instanceof org.citywall.crypto.CryptoException ce) {
                throw ce;
            }
            throw org.citywall.crypto.CryptoException.decryptionFailed();
        }
    }
}
