package org.citywall.crypto.pki;

import java.util.Set;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * What a validated leaf certificate is about to be used for, checked against its keyUsage and
 * extendedKeyUsage (RFC 5280 4.2.1.3 and 4.2.1.12). An absent extension restricts nothing; a
 * present keyUsage must hold at least one of {@link #keyUsages}; a present extendedKeyUsage
 * must hold {@link #extendedKeyUsage} or anyExtendedKeyUsage.
 *
 * @param name how failures name the purpose
 * @param keyUsages acceptable key usages (any one suffices); empty means keyUsage is not checked
 * @param extendedKeyUsage the purpose the leaf's extendedKeyUsage must allow, or null if none is checked
 */
public record CertificatePurpose(String name, Set<CertificateProfile.KeyUsage> keyUsages,
                                 CertificateProfile.ExtendedKeyUsage extendedKeyUsage) {

    /** No check of the leaf's usages: the caller checks them itself, or nothing depends on them. */
    public static final CertificatePurpose ANY = new CertificatePurpose("any purpose", Set.of(), null);

    /**
     * Verifying signatures on data (CMS, documents, tree heads): digitalSignature or
     * nonRepudiation, as RFC 8550 allows for signed content. No extendedKeyUsage is required,
     * since none names generic document signing here.
     */
    public static final CertificatePurpose SIGNATURE = new CertificatePurpose("signing",
            Set.of(CertificateProfile.KeyUsage.DIGITAL_SIGNATURE, CertificateProfile.KeyUsage.NON_REPUDIATION), null);

    /** A TLS server (SM2 key exchange signs or agrees, RFC 5246 7.4.2 / RFC 8998): serverAuth. */
    public static final CertificatePurpose TLS_SERVER = new CertificatePurpose("TLS server authentication",
            Set.of(CertificateProfile.KeyUsage.DIGITAL_SIGNATURE, CertificateProfile.KeyUsage.KEY_ENCIPHERMENT,
                    CertificateProfile.KeyUsage.KEY_AGREEMENT), CertificateProfile.ExtendedKeyUsage.SERVER_AUTH);

    /** A TLS client: clientAuth. */
    public static final CertificatePurpose TLS_CLIENT = new CertificatePurpose("TLS client authentication",
            Set.of(CertificateProfile.KeyUsage.DIGITAL_SIGNATURE, CertificateProfile.KeyUsage.KEY_AGREEMENT),
            CertificateProfile.ExtendedKeyUsage.CLIENT_AUTH);

    public CertificatePurpose {
        keyUsages = Set.copyOf(keyUsages);
    }

    /** Throws {@code VALIDATION_FAILED} unless {@code leaf} may be used for this purpose. */
    void check(X509CertificateHolder leaf) {
        org.bouncycastle.asn1.x509.KeyUsage ku = org.bouncycastle.asn1.x509.KeyUsage.fromExtensions(leaf.getExtensions());
        if (ku != null && !keyUsages.isEmpty() && keyUsages.stream().noneMatch(u -> ku.hasUsages(u.bit))) {
            throw ChainValidator.fail(leaf, "may not be used for " + name + ": its key usage has none of "
                    + keyUsages.stream().map(Enum::name).sorted().collect(Collectors.joining(", ")));
        }
        ExtendedKeyUsage eku = ExtendedKeyUsage.fromExtensions(leaf.getExtensions());
        if (eku != null && extendedKeyUsage != null && !eku.hasKeyPurposeId(extendedKeyUsage.id)
                && !eku.hasKeyPurposeId(KeyPurposeId.anyExtendedKeyUsage)) {
            throw ChainValidator.fail(leaf, "may not be used for " + name + ": its extended key usage does not include "
                    + extendedKeyUsage.name());
        }
    }
}
