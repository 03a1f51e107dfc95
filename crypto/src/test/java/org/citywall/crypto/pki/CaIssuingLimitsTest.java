package org.citywall.crypto.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.citywall.crypto.CryptoException;
import org.citywall.crypto.Sm2;
import org.citywall.crypto.Sm2PrivateKey;
import org.junit.jupiter.api.Test;

/** A CA issues only while its own certificate is valid, and only CAs its pathLen allows. */
class CaIssuingLimitsTest {

    /** A self-signed CA certificate valid from {@code notBefore} to {@code notAfter}. */
    private static CertificateAuthority caValid(Instant notBefore, Instant notAfter) throws Exception {
        Sm2PrivateKey k = Sm2.generateKey();
        X500Name name = new X500Name("CN=Timed CA");
        X509v3CertificateBuilder b = new X509v3CertificateBuilder(name, BigInteger.ONE, Date.from(notBefore), Date.from(notAfter), name,
                SubjectPublicKeyInfo.getInstance(k.publicKey().toDer()));
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        X509CertificateHolder cert = b.build(Sm2Operators.signer(k::sign, Sm2Operators.SM2_WITH_SM3));
        return new CertificateAuthority(k, cert, List.of(), CaLedger.inMemory());
    }

    private static byte[] csr(String subject) {
        return Pkix.toPem(CsrBuilder.create(Sm2.generateKey(), subject, List.of())).getBytes();
    }

    private static CryptoException.Reason reason(Throwable t) {
        return ((CryptoException) t).reason();
    }

    @Test
    void aCaWhoseCertificateHasExpiredIssuesNothing() throws Exception {
        Instant now = Instant.now();
        CertificateAuthority expired = caValid(now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)));
        assertThatThrownBy(() -> expired.issue(csr("CN=late"), CertificateProfile.signing(Duration.ofDays(1))))
                .isInstanceOf(CryptoException.class).hasMessageContaining("CA certificate expired")
                .satisfies(e -> assertThat(reason(e)).isEqualTo(CryptoException.Reason.INVALID_REQUEST));
        assertThatThrownBy(() -> expired.issueCa(csr("CN=late CA"), Duration.ofDays(1), 0))
                .isInstanceOf(CryptoException.class).hasMessageContaining("CA certificate expired");
        assertThatThrownBy(() -> expired.createIntermediate("CN=late CA", Sm2.generateKey(), Duration.ofDays(1), 0, CaLedger.inMemory()))
                .isInstanceOf(CryptoException.class).hasMessageContaining("CA certificate expired");
        assertThat(expired.ledger().issued()).isEmpty();
    }

    @Test
    void aCaWhoseCertificateIsNotYetValidIssuesNothing() throws Exception {
        Instant now = Instant.now();
        CertificateAuthority early = caValid(now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
        assertThatThrownBy(() -> early.issue(csr("CN=early"), CertificateProfile.signing(Duration.ofDays(1))))
                .isInstanceOf(CryptoException.class).hasMessageContaining("not valid until")
                .satisfies(e -> assertThat(reason(e)).isEqualTo(CryptoException.Reason.INVALID_REQUEST));
        assertThat(early.ledger().issued()).isEmpty();
    }

    @Test
    void aCaExpiringThisSecondRefusesRatherThanIssueACertificateWithNoValidity() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        CertificateAuthority ending = caValid(now.minus(Duration.ofDays(30)), now);
        assertThatThrownBy(() -> ending.issue(csr("CN=last"), CertificateProfile.signing(Duration.ofDays(1))))
                .isInstanceOf(CryptoException.class)
                .satisfies(e -> assertThat(reason(e)).isEqualTo(CryptoException.Reason.INVALID_REQUEST));
        assertThat(ending.ledger().issued()).isEmpty();
    }

    @Test
    void aCertificateOutlivingItsCaIsCutToTheCasExpiry() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        CertificateAuthority ca = caValid(now.minus(Duration.ofDays(1)), now.plus(Duration.ofHours(1)));
        X509CertificateHolder leaf = ca.issue(csr("CN=short"), CertificateProfile.signing(Duration.ofDays(365)));
        assertThat(leaf.getNotAfter().toInstant()).isEqualTo(now.plus(Duration.ofHours(1)));
        assertThat(leaf.getNotAfter().toInstant()).isAfter(leaf.getNotBefore().toInstant());
    }

    @Test
    void aCaWithPathLenZeroIssuesNoCaCertificates() {
        CertificateAuthority root = CertificateAuthority.createRoot("CN=Root", Sm2.generateKey(), Duration.ofDays(365), CaLedger.inMemory());
        CertificateAuthority issuing = root.createIntermediate("CN=Issuing", Sm2.generateKey(), Duration.ofDays(100), 0, CaLedger.inMemory());
        assertThatThrownBy(() -> issuing.createIntermediate("CN=Below", Sm2.generateKey(), Duration.ofDays(10), 0, CaLedger.inMemory()))
                .isInstanceOf(CryptoException.class).hasMessageContaining("pathLen 0")
                .satisfies(e -> assertThat(reason(e)).isEqualTo(CryptoException.Reason.INVALID_REQUEST));
        assertThatThrownBy(() -> issuing.issueCa(csr("CN=Below"), Duration.ofDays(10), 0))
                .isInstanceOf(CryptoException.class).hasMessageContaining("pathLen 0");
        assertThat(issuing.ledger().issued()).isEmpty();
        // end-entity certificates it still issues
        assertThat(issuing.issue(csr("CN=app"), CertificateProfile.signing(Duration.ofDays(1)))).isNotNull();
    }

    @Test
    void aCaWithPathLenOneIssuesOnlyCasWithAShorterPath() {
        CertificateAuthority root = CertificateAuthority.createRoot("CN=Root", Sm2.generateKey(), Duration.ofDays(365), CaLedger.inMemory());
        CertificateAuthority policy = root.createIntermediate("CN=Policy", Sm2.generateKey(), Duration.ofDays(100), 1, CaLedger.inMemory());
        assertThatThrownBy(() -> policy.issueCa(csr("CN=Unlimited"), Duration.ofDays(10), -1))
                .isInstanceOf(CryptoException.class).hasMessageContaining("not unlimited");
        assertThatThrownBy(() -> policy.issueCa(csr("CN=Same"), Duration.ofDays(10), 1))
                .isInstanceOf(CryptoException.class).hasMessageContaining("at most 0");
        X509CertificateHolder ok = policy.issueCa(csr("CN=Issuing"), Duration.ofDays(10), 0);
        assertThat(BasicConstraints.fromExtensions(ok.getExtensions()).getPathLenConstraint()).isEqualTo(BigInteger.ZERO);
    }

    @Test
    void anEndEntityCertificateCannotCarryCaKeyUsages() {
        CertificateAuthority root = CertificateAuthority.createRoot("CN=Root", Sm2.generateKey(), Duration.ofDays(365), CaLedger.inMemory());
        for (CertificateProfile.KeyUsage u : Set.of(CertificateProfile.KeyUsage.KEY_CERT_SIGN, CertificateProfile.KeyUsage.CRL_SIGN)) {
            assertThatThrownBy(() -> root.issue(csr("CN=app"), new CertificateProfile(Duration.ofDays(1),
                    Set.of(CertificateProfile.KeyUsage.DIGITAL_SIGNATURE, u), Set.of(), List.of())))
                    .isInstanceOf(CryptoException.class).hasMessageContaining("CA certificates only");
        }
        assertThat(root.ledger().issued()).isEmpty();
    }
}
