package org.citywall.crypto.pki;

import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.citywall.crypto.Sm2PrivateKey;

/** PKCS#10 certificate requests signed with SM2 (SM3, default user id), as {@code openssl req -sigopt distid:...} makes. */
public final class CsrBuilder {

    private CsrBuilder() {
    }

    /**
     * A CSR for {@code subject} (e.g. {@code CN=app1,O=Gov}) with optional requested SANs
     * ({@code dns:}/{@code ip:}/{@code email:}/{@code uri:}).
     */
    public static PKCS10CertificationRequest create(Sm2PrivateKey key, String subject, List<String> subjectAltNames) {
        return create(key.publicKey(), key::sign, subject, subjectAltNames);
    }

    /**
     * A CSR for a key held elsewhere, e.g. a {@link org.citywall.crypto.KeyRing} version:
     * {@code create(ring.publicKey(k, v), data -> ring.sign(k, v, data).payload(), ...)}.
     * {@code sm2Signer} must return a DER SM2 signature with the default user id.
     */
    public static PKCS10CertificationRequest create(org.citywall.crypto.Sm2PublicKey publicKey, java.util.function.UnaryOperator<byte[]> sm2Signer,
                                                    String subject, List<String> subjectAltNames) {
        PKCS10CertificationRequestBuilder b = new PKCS10CertificationRequestBuilder(new X500Name(subject),
                SubjectPublicKeyInfo.getInstance(publicKey.toDer()));
        if (!subjectAltNames.isEmpty()) {
            try {
                ExtensionsGenerator g = new ExtensionsGenerator();
                g.addExtension(Extension.subjectAlternativeName, false, GeneralNames2.parse(subjectAltNames));
                b.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, g.generate());
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return b.build(Sm2Operators.signer(sm2Signer, Sm2Operators.SM2_WITH_SM3));
    }
}
