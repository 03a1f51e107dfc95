package org.citywall.crypto.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.citywall.crypto.Sm2;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PEM is found wherever its header is: {@code openssl ... -text} output prints a long description first. */
class PemAfterTextTest {

    @TempDir
    Path dir;

    @Test
    void aCertificateSavedAsOpensslX509TextIsReadAsPem() throws Exception {
        CertificateAuthority ca = CertificateAuthority.createRoot("CN=Text Root,O=Province", Sm2.generateKey(), Duration.ofDays(10),
                CaLedger.inMemory());
        X509CertificateHolder cert = ca.issue(Pkix.toPem(CsrBuilder.create(Sm2.generateKey(), "CN=app.gov.example",
                List.of("dns:app.gov.example"))).getBytes(), CertificateProfile.tlsServer(Duration.ofDays(5), List.of()));
        Files.writeString(dir.resolve("cert.pem"), Pkix.toPem(cert));
        OpenSslRunner.ok(dir, "x509", "-in", "cert.pem", "-text", "-out", "cert.txt");
        byte[] text = Files.readAllBytes(dir.resolve("cert.txt"));
        String s = new String(text, java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(s).startsWith("Certificate:");
        assertThat(s.indexOf("-----BEGIN CERTIFICATE-----")).as("the PEM block starts well after the first 200 bytes").isGreaterThan(1000);
        assertThat(Pkix.isPem(text)).isTrue();
        assertThat(Pkix.certificate(text)).isEqualTo(cert);
    }

    @Test
    void aCsrSavedAsOpensslReqTextIsReadAsPem() throws Exception {
        PKCS10CertificationRequest csr = CsrBuilder.create(Sm2.generateKey(), "CN=app.gov.example", List.of("dns:app.gov.example"));
        Files.writeString(dir.resolve("req.pem"), Pkix.toPem(csr));
        OpenSslRunner.ok(dir, "req", "-in", "req.pem", "-text", "-out", "req.txt");
        byte[] text = Files.readAllBytes(dir.resolve("req.txt"));
        assertThat(new String(text, java.nio.charset.StandardCharsets.US_ASCII)).startsWith("Certificate Request:");
        assertThat(Pkix.csr(text).getEncoded()).isEqualTo(csr.getEncoded());
    }

    @Test
    void derIsStillDer() throws Exception {
        CertificateAuthority ca = CertificateAuthority.createRoot("CN=Der Root", Sm2.generateKey(), Duration.ofDays(10), CaLedger.inMemory());
        byte[] der = ca.certificate().getEncoded();
        assertThat(Pkix.isPem(der)).isFalse();
        assertThat(Pkix.certificate(der)).isEqualTo(ca.certificate());
    }
}
