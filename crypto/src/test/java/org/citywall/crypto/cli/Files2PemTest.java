package org.citywall.crypto.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.citywall.crypto.Sm2;
import org.citywall.crypto.Sm2PrivateKey;
import org.citywall.crypto.pki.CaLedger;
import org.citywall.crypto.pki.CertificateAuthority;
import org.citywall.crypto.pki.Pkix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line reads a certificate saved as {@code openssl x509 -text} output (description, then PEM). */
class Files2PemTest {

    @TempDir
    Path dir;

    @Test
    void thePublicKeyOfACertificateSavedWithItsTextDescriptionIsFound() throws Exception {
        Sm2PrivateKey key = Sm2.generateKey();
        CertificateAuthority ca = CertificateAuthority.createRoot("CN=Cli Root,O=Province", key, Duration.ofDays(10), CaLedger.inMemory());
        Files.writeString(dir.resolve("cert.pem"), Pkix.toPem(ca.certificate()));
        Process p = new ProcessBuilder("openssl", "x509", "-in", "cert.pem", "-text", "-out", "cert.txt")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        Path text = dir.resolve("cert.txt");
        assertThat(Files.readString(text)).startsWith("Certificate:");
        assertThat(Files2.isPem(Files.readAllBytes(text))).isTrue();
        assertThat(Files2.publicKey(text)).isEqualTo(key.publicKey());
    }
}
