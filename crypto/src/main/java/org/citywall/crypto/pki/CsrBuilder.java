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
        PKCS10CertificationRequestBuilder b = new PKCS10CertificationRequestBuilder(new X500Name(subject),
                SubjectPublicKeyInfo.getInstance(key.publicKey().toDer()));
        if (!subjectAltNames.isEmpty()) {
            try {
                ExtensionsGenerator g = new ExtensionsGenerator();
                g.addExtension(Extension.subjectAlternativeName, false, GeneralNames2.parse(subjectAltNames));
                b.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, g.generate());
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return b.build(Sm2Operators.signer(key));
    }
}
