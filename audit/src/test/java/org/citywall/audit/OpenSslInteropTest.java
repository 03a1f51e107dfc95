package org.citywall.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.citywall.crypto.KeyRing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An auditor without CityWall can check a tree head signature with the OpenSSL 3 command line. */
class OpenSslInteropTest {

    @TempDir
    Path dir;

    @Test
    void openSslVerifiesASignedTreeHeadAndRejectsAnAlteredOne() throws Exception {
        KeyRing ring = Fixtures.keyRing();
        SignedTreeHead sth = SignedTreeHead.sign(new TreeHead("log-1", 42, TreeHashes.leaf(new byte[] {7}),
                Instant.parse("2026-02-03T04:05:06.123456Z")), Fixtures.signer(ring));
        Files.writeString(dir.resolve("key.pem"), ring.publicKey(Fixtures.KEY, 1).toPem());
        Files.write(dir.resolve("head.msg"), sth.signedMessage());
        Files.write(dir.resolve("head.sig"), sth.signature());
        assertThat(openssl("head.msg")).isEqualTo(0);

        byte[] altered = sth.signedMessage();
        altered[altered.length - 5] ^= 1;
        Files.write(dir.resolve("altered.msg"), altered);
        assertThat(openssl("altered.msg")).isNotEqualTo(0);
    }

    private int openssl(String message) throws Exception {
        Process p = new ProcessBuilder("openssl", "dgst", "-sm3", "-verify", "key.pem", "-sigopt", "distid:1234567812345678",
                "-signature", "head.sig", message).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        if (p.exitValue() == 0) {
            assertThat(out).contains("Verified OK");
        }
        return p.exitValue();
    }
}
