package org.citywall.crypto.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CRLHolder;
import org.citywall.crypto.KeyRing;
import org.citywall.crypto.Sm2;
import org.citywall.crypto.pki.CaLedger;
import org.citywall.crypto.pki.CertificateAuthority;
import org.citywall.crypto.pki.CsrBuilder;
import org.citywall.crypto.pki.Pkix;
import org.citywall.crypto.service.CryptoApi.*;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the service certifies, how it publishes its CRL, and what a failed revocation reports. */
class CryptoServiceCertificateRulesTest {

    private static final Caller APP = new Caller("app");

    @TempDir
    Path dir;

    private static CryptoService serviceFor(CertificateAuthority ca) {
        return new CryptoService(KeyRing.inMemory(), Authorizer.permitAll(), e -> { }, 1 << 16, ca);
    }

    private static CertificateAuthority root(CaLedger ledger) {
        return CertificateAuthority.createRoot("CN=Service CA", Sm2.generateKey(), Duration.ofDays(100), ledger);
    }

    private static String csr() {
        return Pkix.toPem(CsrBuilder.create(Sm2.generateKey(), "CN=app.gov.example", List.of()));
    }

    private static ServiceException failure(Runnable r) {
        try {
            r.run();
        } catch (ServiceException e) {
            return e;
        }
        throw new AssertionError("expected a ServiceException");
    }

    private static BigInteger crlNumber(CrlResponse r) {
        X509CRLHolder crl = Pkix.crl(r.crlPem().getBytes());
        return CRLNumber.getInstance(crl.getExtension(Extension.cRLNumber).getParsedValue()).getCRLNumber();
    }

    @Test
    void applicationsAreRefusedCaOnlyUsages() {
        CertificateAuthority ca = root(CaLedger.inMemory());
        CryptoService service = serviceFor(ca);
        for (String ku : List.of("KEY_CERT_SIGN", "CRL_SIGN")) {
            ServiceException e = failure(() -> service.issueCertificate(APP,
                    new IssueCertificateRequest(csr(), 30, List.of("DIGITAL_SIGNATURE", ku), null, null)));
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
            assertThat(e.getMessage()).contains(ku).contains("CA certificates only");
        }
        ServiceException e = failure(() -> service.issueCertificate(APP,
                new IssueCertificateRequest(csr(), 30, null, List.of("CLIENT_AUTH", "OCSP_SIGNING"), null)));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(e.getMessage()).contains("OCSP_SIGNING");
        assertThat(ca.ledger().issued()).isEmpty();
        // ordinary end-entity usages are still issued
        assertThat(service.issueCertificate(APP, new IssueCertificateRequest(csr(), 30, List.of("DIGITAL_SIGNATURE", "KEY_AGREEMENT"),
                List.of("SERVER_AUTH", "CLIENT_AUTH"), null)).certificatePem()).contains("BEGIN CERTIFICATE");
    }

    @Test
    void theSameCrlIsServedUntilARevocationChangesIt() {
        CertificateAuthority ca = root(CaLedger.inMemory());
        CryptoService service = serviceFor(ca);
        CrlResponse first = service.crl(APP);
        CrlResponse second = service.crl(APP);
        assertThat(crlNumber(second)).isEqualTo(crlNumber(first));
        assertThat(second.crlPem()).isEqualTo(first.crlPem());
        CertificateResponse cert = service.issueCertificate(APP, new IssueCertificateRequest(csr(), 30, null, null, null));
        assertThat(crlNumber(service.crl(APP))).as("issuing changes no revocation").isEqualTo(crlNumber(first));
        service.revokeCertificate(APP, new RevokeRequest(cert.serial(), 1));
        CrlResponse afterRevocation = service.crl(APP);
        assertThat(crlNumber(afterRevocation)).isGreaterThan(crlNumber(first));
        assertThat(Pkix.crl(afterRevocation.crlPem().getBytes()).getRevokedCertificate(new BigInteger(cert.serial(), 16))).isNotNull();
        assertThat(crlNumber(service.crl(APP))).isEqualTo(crlNumber(afterRevocation));
    }

    @Test
    void aCrlPastHalfItsLifetimeIsReplaced() throws Exception {
        CertificateAuthority ca = root(CaLedger.inMemory());
        X509CRLHolder first = ca.currentCrl(Duration.ofSeconds(2));
        assertThat(ca.currentCrl(Duration.ofSeconds(2)).getEncoded()).isEqualTo(first.getEncoded());
        Thread.sleep(1100); // less than half of the two seconds is left
        X509CRLHolder next = ca.currentCrl(Duration.ofSeconds(2));
        assertThat(next.getThisUpdate()).isAfter(first.getThisUpdate());
    }

    @Test
    void aRevocationTheLedgerCannotSaveIsReportedAsFailedAndNotPublished() throws Exception {
        Path file = dir.resolve("ledger.json");
        CertificateAuthority ca = root(CaLedger.open(file));
        CryptoService service = serviceFor(ca);
        CertificateResponse cert = service.issueCertificate(APP, new IssueCertificateRequest(csr(), 30, null, null, null));
        Files.delete(file);
        Files.createDirectories(file.resolve("in-the-way")); // no save can replace the ledger file now
        ServiceException e = failure(() -> service.revokeCertificate(APP, new RevokeRequest(cert.serial(), 1)));
        assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
        BigInteger serial = new BigInteger(cert.serial(), 16);
        assertThat(ca.ledger().isRevoked(serial)).isFalse();
        assertThat(ca.ledger().revocations()).isEmpty();
    }
}
