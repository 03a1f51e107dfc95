package org.citywall.crypto.pki;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.ContentVerifier;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.cert.X509CertificateHolder;
import org.citywall.crypto.Sm2PublicKey;

/**
 * Bouncy Castle PKIX operators backed by CityWall's SM2 keys: SM2-with-SM3
 * (1.2.156.10197.1.501) with the GM/T 0009 default user id, as OpenSSL 3 signs and verifies
 * certificates, CSRs and CRLs with {@code distid:1234567812345678}.
 */
final class Sm2Operators {

    /** GM/T 0006 "SM2-1" signature algorithm, used in GM/T 0010 SignerInfos. */
    static final ASN1ObjectIdentifier SM2_1 = new ASN1ObjectIdentifier("1.2.156.10197.1.301.1");
    static final AlgorithmIdentifier SM2_WITH_SM3 = new AlgorithmIdentifier(GMObjectIdentifiers.sm2sign_with_sm3);

    private Sm2Operators() {
    }

    static ContentSigner signer(java.util.function.UnaryOperator<byte[]> sign, AlgorithmIdentifier algorithm) {
        return new ContentSigner() {
            private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

            @Override
            public AlgorithmIdentifier getAlgorithmIdentifier() {
                return algorithm;
            }

            @Override
            public OutputStream getOutputStream() {
                return buffer;
            }

            @Override
            public byte[] getSignature() {
                byte[] sig = sign.apply(buffer.toByteArray());
                buffer.reset();
                return sig;
            }
        };
    }

    static boolean isSm2Signature(AlgorithmIdentifier alg) {
        ASN1ObjectIdentifier oid = alg.getAlgorithm();
        return oid.equals(GMObjectIdentifiers.sm2sign_with_sm3) || oid.equals(SM2_1);
    }

    static ContentVerifierProvider verifierProvider(Sm2PublicKey key) {
        return new ContentVerifierProvider() {
            @Override
            public boolean hasAssociatedCertificate() {
                return false;
            }

            @Override
            public X509CertificateHolder getAssociatedCertificate() {
                return null;
            }

            @Override
            public ContentVerifier get(AlgorithmIdentifier alg) {
                ByteArrayOutputStream buffer = new ByteArrayOutputStream();
                return new ContentVerifier() {
                    @Override
                    public AlgorithmIdentifier getAlgorithmIdentifier() {
                        return alg;
                    }

                    @Override
                    public OutputStream getOutputStream() {
                        return buffer;
                    }

                    @Override
                    public boolean verify(byte[] signature) {
                        return isSm2Signature(alg) && key.verify(buffer.toByteArray(), signature);
                    }
                };
            }
        };
    }
}
