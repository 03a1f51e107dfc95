package org.citywall.crypto;

import java.io.IOException;
import java.math.BigInteger;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.math.ec.ECPoint;

/** PKCS#8, SEC1 and SubjectPublicKeyInfo encodings of SM2 keys, as OpenSSL 3 writes them. */
final class Sm2KeyCodec {

    private static final AlgorithmIdentifier ALGORITHM =
            new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, GMObjectIdentifiers.sm2p256v1);

    private Sm2KeyCodec() {
    }

    static byte[] privateKeyInfo(ECPrivateKeyParameters key, ECPoint q) {
        try {
            ECPrivateKey inner = new ECPrivateKey(256, key.getD(), new DERBitString(q.getEncoded(false)), null);
            return new PrivateKeyInfo(ALGORITHM, inner).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] subjectPublicKeyInfo(ECPoint q) {
        try {
            return new SubjectPublicKeyInfo(ALGORITHM, q.getEncoded(false)).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses PKCS#8 PrivateKeyInfo or a SEC1 ECPrivateKey; only the curve sm2p256v1 is accepted. */
    static ECPrivateKeyParameters parsePrivate(byte[] der) {
        ASN1Primitive p;
        try {
            p = ASN1Primitive.fromByteArray(der);
        } catch (IOException | RuntimeException e) {
            throw CryptoException.malformed("private key is not DER");
        }
        try {
            ECPrivateKey ec;
            try {
                PrivateKeyInfo info = PrivateKeyInfo.getInstance(p);
                requireSm2(info.getPrivateKeyAlgorithm());
                ec = ECPrivateKey.getInstance(info.parsePrivateKey());
            } catch (IllegalArgumentException notPkcs8) {
                ec = ECPrivateKey.getInstance(p); // SEC1 "EC PRIVATE KEY"
                ASN1Encodable params = ec.getParametersObject();
                if (params != null) {
                    requireSm2Curve(params);
                }
            }
            BigInteger d = ec.getKey();
            return privateFromScalar(d);
        } catch (IOException | RuntimeException e) {
            if (e instanceof CryptoException ce) {
                throw ce;
            }
            throw CryptoException.malformed("not an SM2 private key (PKCS#8 or SEC1 expected)");
        }
    }

    static ECPrivateKeyParameters privateFromScalar(BigInteger d) {
        // SM2 needs d in [1, n-2]: signing inverts (1 + d) mod n
        if (d.signum() <= 0 || d.compareTo(Sm2.N.subtract(BigInteger.ONE)) >= 0) {
            throw CryptoException.malformed("SM2 private key out of range [1, n-2]");
        }
        return new ECPrivateKeyParameters(d, Sm2.DOMAIN);
    }

    /** Parses SubjectPublicKeyInfo; the point must be on sm2p256v1 and not the point at infinity. */
    static ECPublicKeyParameters parsePublic(byte[] der) {
        try {
            SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(ASN1Primitive.fromByteArray(der));
            requireSm2(spki.getAlgorithm());
            return publicFromPoint(spki.getPublicKeyData().getOctets());
        } catch (IOException | RuntimeException e) {
            if (e instanceof CryptoException ce) {
                throw ce;
            }
            throw CryptoException.malformed("not an SM2 public key (SubjectPublicKeyInfo expected)");
        }
    }

    /** Decodes an SEC1 point (04‖x‖y or compressed) and validates it. */
    static ECPublicKeyParameters publicFromPoint(byte[] encoded) {
        try {
            ECPoint q = Sm2.CURVE.getCurve().decodePoint(encoded);
            return new ECPublicKeyParameters(q, Sm2.DOMAIN); // rejects infinity and off-curve points
        } catch (RuntimeException e) {
            throw CryptoException.malformed("SM2 public key is not a valid point on sm2p256v1");
        }
    }

    private static void requireSm2(AlgorithmIdentifier alg) {
        ASN1ObjectIdentifier oid = alg.getAlgorithm();
        if (oid.equals(GMObjectIdentifiers.sm2p256v1) && alg.getParameters() == null) {
            return; // some tools name the algorithm by the curve OID itself
        }
        if (!oid.equals(X9ObjectIdentifiers.id_ecPublicKey) && !oid.equals(GMObjectIdentifiers.sm2p256v1)) {
            throw CryptoException.malformed("key algorithm " + oid + " is not SM2");
        }
        requireSm2Curve(alg.getParameters());
    }

    private static void requireSm2Curve(ASN1Encodable params) {
        X962Parameters x962 = X962Parameters.getInstance(params);
        if (!x962.isNamedCurve() || !GMObjectIdentifiers.sm2p256v1.equals(x962.getParameters())) {
            throw CryptoException.malformed("key is not on the named curve sm2p256v1 (1.2.156.10197.1.301)");
        }
    }
}
