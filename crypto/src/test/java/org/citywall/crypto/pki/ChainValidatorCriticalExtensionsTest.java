package org.citywall.crypto.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.citywall.crypto.pki.HandMadeCertificates.ext;
import static org.citywall.crypto.pki.HandMadeCertificates.unknown;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.citywall.crypto.CryptoException;
import org.citywall.crypto.pki.HandMadeCertificates.Ca;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RFC 5280 4.2: a critical extension the validator does not process fails the chain; a non-critical one is ignored. */
class ChainValidatorCriticalExtensionsTest {

    private static final String DISTID = "distid:1234567812345678";

    @TempDir
    Path dir;

    private final Ca root = HandMadeCertificates.root("CN=Hand Root");

    private List<X509CertificateHolder> validate(X509CertificateHolder leaf, X509CertificateHolder... intermediates) {
        return new ChainValidator(List.of(root.certificate()), List.of()).validate(leaf, List.of(intermediates), Instant.now());
    }

    @Test
    void anUnknownCriticalExtensionOnTheLeafFailsNamingTheExtension() {
        X509CertificateHolder leaf = HandMadeCertificates.leaf(root, "CN=leaf", unknown(true));
        assertThatThrownBy(() -> validate(leaf)).isInstanceOf(CryptoException.class)
                .hasMessageContaining("CN=leaf").hasMessageContaining("critical extension")
                .hasMessageContaining(HandMadeCertificates.UNKNOWN.getId())
                .extracting("reason").isEqualTo(CryptoException.Reason.VALIDATION_FAILED);
    }

    @Test
    void theSameExtensionMarkedNonCriticalIsIgnored() {
        assertThat(validate(HandMadeCertificates.leaf(root, "CN=leaf", unknown(false)))).hasSize(2);
    }

    @Test
    void anUnknownCriticalExtensionOnAnIntermediateOrTheAnchorFails() {
        Ca inter = HandMadeCertificates.intermediate(root, "CN=Hand Issuing", unknown(true));
        assertThatThrownBy(() -> validate(HandMadeCertificates.leaf(inter, "CN=leaf"), inter.certificate()))
                .hasMessageContaining("CN=Hand Issuing").hasMessageContaining("critical extension");
        Ca oddRoot = HandMadeCertificates.root("CN=Odd Root", unknown(true));
        assertThatThrownBy(() -> new ChainValidator(List.of(oddRoot.certificate()), List.of())
                .validate(HandMadeCertificates.leaf(oddRoot, "CN=leaf"), List.of(), Instant.now()))
                .hasMessageContaining("CN=Odd Root").hasMessageContaining("critical extension");
    }

    @Test
    void aKnownExtensionThatIsNotProcessedStillFailsWhenCritical() {
        // certificate policies are understood by some validators, but not acted on by this one
        Extension policies = ext(Extension.certificatePolicies, true,
                new CertificatePolicies(new PolicyInformation(new org.bouncycastle.asn1.ASN1ObjectIdentifier("2.23.140.1.2.1"))));
        assertThatThrownBy(() -> validate(HandMadeCertificates.leaf(root, "CN=leaf", policies)))
                .hasMessageContaining(Extension.certificatePolicies.getId());
    }

    @Test
    void aCrlWithAnUnknownCriticalExtensionCannotVouchForAnything() throws Exception {
        X509CertificateHolder leaf = HandMadeCertificates.leaf(root, "CN=leaf");
        X509v2CRLBuilder b = new X509v2CRLBuilder(root.certificate().getSubject(), Date.from(Instant.now().minusSeconds(60)));
        b.setNextUpdate(Date.from(Instant.now().plusSeconds(3600)));
        b.addCRLEntry(BigInteger.TEN, Date.from(Instant.now().minusSeconds(60)), CRLReason.keyCompromise);
        X509CRLHolder plain = b.build(Sm2Operators.signer(root.key()::sign, Sm2Operators.SM2_WITH_SM3));
        assertThat(new ChainValidator(List.of(root.certificate()), List.of(plain)).validate(leaf, List.of(), Instant.now())).hasSize(2);
        b.addExtension(HandMadeCertificates.unknown(true));
        X509CRLHolder odd = b.build(Sm2Operators.signer(root.key()::sign, Sm2Operators.SM2_WITH_SM3));
        assertThatThrownBy(() -> new ChainValidator(List.of(root.certificate()), List.of(odd)).validate(leaf, List.of(), Instant.now()))
                .hasMessageContaining("cannot be checked").hasMessageContaining(HandMadeCertificates.UNKNOWN.getId());
        // a critical extension on any one entry is just as disqualifying
        X509v2CRLBuilder entries = new X509v2CRLBuilder(root.certificate().getSubject(), Date.from(Instant.now().minusSeconds(60)));
        entries.setNextUpdate(Date.from(Instant.now().plusSeconds(3600)));
        entries.addCRLEntry(BigInteger.TEN, Date.from(Instant.now().minusSeconds(60)),
                new org.bouncycastle.asn1.x509.Extensions(HandMadeCertificates.unknown(true)));
        X509CRLHolder oddEntry = entries.build(Sm2Operators.signer(root.key()::sign, Sm2Operators.SM2_WITH_SM3));
        assertThatThrownBy(() -> new ChainValidator(List.of(root.certificate()), List.of(oddEntry)).validate(leaf, List.of(), Instant.now()))
                .hasMessageContaining("cannot be checked");
    }

    @Test
    void openSslAgreesOnTheSameFiles() throws Exception {
        Files.writeString(dir.resolve("root.pem"), Pkix.toPem(root.certificate()));
        X509CertificateHolder odd = HandMadeCertificates.leaf(root, "CN=odd leaf", unknown(true));
        X509CertificateHolder plain = HandMadeCertificates.leaf(root, "CN=plain leaf", unknown(false));
        Files.writeString(dir.resolve("odd.pem"), Pkix.toPem(odd));
        Files.writeString(dir.resolve("plain.pem"), Pkix.toPem(plain));

        OpenSslRunner.Result rejected = OpenSslRunner.run(dir, "verify", "-vfyopt", DISTID, "-CAfile", "root.pem", "odd.pem");
        assertThat(rejected.exit()).isNotZero();
        assertThat(rejected.output()).contains("unhandled critical extension");
        assertThatThrownBy(() -> validate(odd)).isInstanceOf(CryptoException.class);

        assertThat(OpenSslRunner.ok(dir, "verify", "-vfyopt", DISTID, "-CAfile", "root.pem", "plain.pem")).contains("plain.pem: OK");
        assertThat(validate(plain)).hasSize(2);
    }
}
