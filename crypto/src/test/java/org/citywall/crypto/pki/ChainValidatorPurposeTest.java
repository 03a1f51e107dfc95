package org.citywall.crypto.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.citywall.crypto.pki.HandMadeCertificates.ext;
import static org.citywall.crypto.pki.HandMadeCertificates.keyUsage;

import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.citywall.crypto.CryptoException;
import org.citywall.crypto.pki.HandMadeCertificates.Ca;
import org.junit.jupiter.api.Test;

/** The leaf's key usages must allow what the caller is about to do; CAs in the path must be CAs allowed to sign certificates. */
class ChainValidatorPurposeTest {

    private final Ca root = HandMadeCertificates.root("CN=Purpose Root");
    private final ChainValidator validator = new ChainValidator(List.of(root.certificate()), List.of());

    private List<X509CertificateHolder> validate(X509CertificateHolder leaf, CertificatePurpose purpose) {
        return validator.validate(leaf, List.of(), Instant.now(), purpose);
    }

    private static Extension eku(KeyPurposeId... ids) {
        return ext(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(ids));
    }

    @Test
    void aKeyAgreementOnlyCertificateCannotVouchForASignature() {
        X509CertificateHolder encryption = HandMadeCertificates.leaf(root, "CN=enc", keyUsage(KeyUsage.keyAgreement | KeyUsage.keyEncipherment));
        assertThatThrownBy(() -> validate(encryption, CertificatePurpose.SIGNATURE)).isInstanceOf(CryptoException.class)
                .hasMessageContaining("CN=enc").hasMessageContaining("may not be used for signing")
                .hasMessageContaining("DIGITAL_SIGNATURE");
        // the caller who names no purpose gets the chain alone
        assertThat(validator.validate(encryption, List.of(), Instant.now())).hasSize(2);
    }

    @Test
    void digitalSignatureOrNonRepudiationOrNoKeyUsageAtAllAllowSigning() {
        assertThat(validate(HandMadeCertificates.leaf(root, "CN=a", keyUsage(KeyUsage.digitalSignature)), CertificatePurpose.SIGNATURE)).hasSize(2);
        assertThat(validate(HandMadeCertificates.leaf(root, "CN=a", keyUsage(KeyUsage.nonRepudiation)), CertificatePurpose.SIGNATURE)).hasSize(2);
        assertThat(validate(HandMadeCertificates.leaf(root, "CN=a"), CertificatePurpose.SIGNATURE)).hasSize(2);
    }

    @Test
    void tlsPurposesFollowTheExtendedKeyUsage() {
        Extension ku = keyUsage(KeyUsage.digitalSignature);
        X509CertificateHolder client = HandMadeCertificates.leaf(root, "CN=client", ku, eku(KeyPurposeId.id_kp_clientAuth));
        assertThat(validate(client, CertificatePurpose.TLS_CLIENT)).hasSize(2);
        assertThatThrownBy(() -> validate(client, CertificatePurpose.TLS_SERVER))
                .hasMessageContaining("may not be used for TLS server authentication").hasMessageContaining("SERVER_AUTH");
        X509CertificateHolder server = HandMadeCertificates.leaf(root, "CN=server", ku, eku(KeyPurposeId.id_kp_serverAuth));
        assertThat(validate(server, CertificatePurpose.TLS_SERVER)).hasSize(2);
        assertThatThrownBy(() -> validate(server, CertificatePurpose.TLS_CLIENT)).hasMessageContaining("CLIENT_AUTH");
        assertThat(validate(HandMadeCertificates.leaf(root, "CN=any", ku, eku(KeyPurposeId.anyExtendedKeyUsage)),
                CertificatePurpose.TLS_SERVER)).hasSize(2);
        assertThat(validate(HandMadeCertificates.leaf(root, "CN=unrestricted", ku), CertificatePurpose.TLS_SERVER)).hasSize(2);
        assertThatThrownBy(() -> validate(HandMadeCertificates.leaf(root, "CN=signer", keyUsage(KeyUsage.nonRepudiation)),
                CertificatePurpose.TLS_SERVER)).hasMessageContaining("key usage");
    }

    @Test
    void anIssuerMustBeACaAllowedToSignCertificates() {
        Ca notCa = HandMadeCertificates.issuer(root, "CN=Not A CA", ext(Extension.basicConstraints, true, new BasicConstraints(false)));
        Ca noBasicConstraints = HandMadeCertificates.issuer(root, "CN=No Constraints", keyUsage(KeyUsage.keyCertSign));
        Ca noKeyCertSign = HandMadeCertificates.issuer(root, "CN=CRL Only",
                ext(Extension.basicConstraints, true, new BasicConstraints(true)), keyUsage(KeyUsage.cRLSign));
        for (Ca bad : List.of(notCa, noBasicConstraints, noKeyCertSign)) {
            X509CertificateHolder leaf = HandMadeCertificates.leaf(bad, "CN=leaf");
            assertThatThrownBy(() -> validator.validate(leaf, List.of(bad.certificate()), Instant.now()))
                    .hasMessageContaining(bad.certificate().getSubject().toString())
                    .hasMessageMatching(".*(is not a CA|does not allow keyCertSign).*");
        }
        Ca good = HandMadeCertificates.issuer(root, "CN=Proper CA",
                ext(Extension.basicConstraints, true, new BasicConstraints(true)), keyUsage(KeyUsage.keyCertSign));
        assertThat(validator.validate(HandMadeCertificates.leaf(good, "CN=leaf"), List.of(good.certificate()), Instant.now())).hasSize(3);
    }

    @Test
    void aMalformedExtensionIsAValidationFailureNotACrash() {
        Extension garbledKeyUsage = ext(Extension.keyUsage, true, new org.bouncycastle.asn1.DERUTF8String("not a bit string"));
        assertThatThrownBy(() -> validate(HandMadeCertificates.leaf(root, "CN=garbled", garbledKeyUsage), CertificatePurpose.SIGNATURE))
                .isInstanceOf(CryptoException.class).hasMessageContaining("malformed extension")
                .extracting("reason").isEqualTo(CryptoException.Reason.VALIDATION_FAILED);
    }
}
