package org.citywall.crypto.pki;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What a CA puts into a certificate it issues from a CSR. The CA decides these — not the
 * requester — except that {@link #subjectAltNames} empty means "take the SANs the CSR asks for".
 *
 * @param validity how long from now the certificate is valid (clamped to the issuer's own expiry)
 * @param keyUsages key usages, e.g. {@code DIGITAL_SIGNATURE}
 * @param extendedKeyUsages extended key usages, e.g. {@code SERVER_AUTH}
 * @param subjectAltNames SANs as {@code dns:host}, {@code ip:1.2.3.4}, {@code email:a@b}, {@code uri:https://...}
 */
public record CertificateProfile(Duration validity, Set<KeyUsage> keyUsages, Set<ExtendedKeyUsage> extendedKeyUsages,
                                 List<String> subjectAltNames) {

    public CertificateProfile {
        if (validity == null || validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive");
        }
        keyUsages = Set.copyOf(keyUsages);
        extendedKeyUsages = Set.copyOf(extendedKeyUsages);
        subjectAltNames = List.copyOf(subjectAltNames);
    }

    /** An end-entity signing certificate: digitalSignature + nonRepudiation, no EKU, SANs from the CSR. */
    public static CertificateProfile signing(Duration validity) {
        return new CertificateProfile(validity, Set.of(KeyUsage.DIGITAL_SIGNATURE, KeyUsage.NON_REPUDIATION), Set.of(), List.of());
    }

    /** A TLS server certificate with the given DNS names / IPs. */
    public static CertificateProfile tlsServer(Duration validity, List<String> subjectAltNames) {
        return new CertificateProfile(validity, Set.of(KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_AGREEMENT),
                Set.of(ExtendedKeyUsage.SERVER_AUTH), subjectAltNames);
    }

    /** X.509 key usage bits. */
    public enum KeyUsage {
        DIGITAL_SIGNATURE(org.bouncycastle.asn1.x509.KeyUsage.digitalSignature),
        NON_REPUDIATION(org.bouncycastle.asn1.x509.KeyUsage.nonRepudiation),
        KEY_ENCIPHERMENT(org.bouncycastle.asn1.x509.KeyUsage.keyEncipherment),
        DATA_ENCIPHERMENT(org.bouncycastle.asn1.x509.KeyUsage.dataEncipherment),
        KEY_AGREEMENT(org.bouncycastle.asn1.x509.KeyUsage.keyAgreement),
        KEY_CERT_SIGN(org.bouncycastle.asn1.x509.KeyUsage.keyCertSign),
        CRL_SIGN(org.bouncycastle.asn1.x509.KeyUsage.cRLSign);

        final int bit;

        KeyUsage(int bit) {
            this.bit = bit;
        }
    }

    /** Extended key usages. */
    public enum ExtendedKeyUsage {
        SERVER_AUTH(org.bouncycastle.asn1.x509.KeyPurposeId.id_kp_serverAuth),
        CLIENT_AUTH(org.bouncycastle.asn1.x509.KeyPurposeId.id_kp_clientAuth),
        CODE_SIGNING(org.bouncycastle.asn1.x509.KeyPurposeId.id_kp_codeSigning),
        EMAIL_PROTECTION(org.bouncycastle.asn1.x509.KeyPurposeId.id_kp_emailProtection),
        TIME_STAMPING(org.bouncycastle.asn1.x509.KeyPurposeId.id_kp_timeStamping),
        OCSP_SIGNING(org.bouncycastle.asn1.x509.KeyPurposeId.id_kp_OCSPSigning);

        final org.bouncycastle.asn1.x509.KeyPurposeId id;

        ExtendedKeyUsage(org.bouncycastle.asn1.x509.KeyPurposeId id) {
            this.id = id;
        }
    }
}
