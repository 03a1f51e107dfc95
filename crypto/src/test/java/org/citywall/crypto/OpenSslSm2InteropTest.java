package org.citywall.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.bouncycastle.util.encoders.Hex;
import org.citywall.crypto.service.AuditHook;
import org.citywall.crypto.service.Caller;
import org.citywall.crypto.service.CryptoApi;
import org.citywall.crypto.service.CryptoService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SM2 keys, signatures and ciphertexts against the real OpenSSL 3 command line, both directions. */
class OpenSslSm2InteropTest {

    private static final String DISTID = "distid:" + Sm2.DEFAULT_USER_ID;
    private static final String ALICE = "alice@example.gov.cn";
    private static final String ALICE_DISTID = "distid:" + ALICE;
    private static final byte[] MSG = "message signed for OpenSSL".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void openSslVerifiesOurSignaturesWithBothCommands() throws Exception {
        Sm2PrivateKey k = Sm2.generateKey();
        Files.writeString(dir.resolve("pub.pem"), k.publicKey().toPem());
        Files.write(dir.resolve("msg"), MSG);
        Files.write(dir.resolve("sig"), k.sign(MSG));
        assertThat(OpenSsl.ok(dir, "pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin", "-digest", "sm3",
                "-pkeyopt", DISTID, "-in", "msg", "-sigfile", "sig")).contains("Signature Verified Successfully");
        assertThat(OpenSsl.ok(dir, "dgst", "-sm3", "-verify", "pub.pem", "-sigopt", DISTID, "-signature", "sig", "msg"))
                .contains("Verified OK");
        // and a wrong message is refused by OpenSSL too
        Files.write(dir.resolve("other"), "other".getBytes(StandardCharsets.UTF_8));
        assertThat(OpenSsl.run(dir, "dgst", "-sm3", "-verify", "pub.pem", "-sigopt", DISTID, "-signature", "sig", "other").ok())
                .isFalse();
    }

    @Test
    void weVerifyOpenSslSignaturesAndReadItsKeys() throws Exception {
        OpenSsl.ok(dir, "genpkey", "-algorithm", "SM2", "-out", "key.pem");
        OpenSsl.ok(dir, "pkey", "-in", "key.pem", "-pubout", "-out", "pub.pem");
        Files.write(dir.resolve("msg"), MSG);
        OpenSsl.ok(dir, "dgst", "-sm3", "-sign", "key.pem", "-sigopt", DISTID, "-out", "sig", "msg");
        Sm2PrivateKey priv = Sm2PrivateKey.fromPem(Files.readString(dir.resolve("key.pem")));
        Sm2PublicKey pub = Sm2PublicKey.fromPem(Files.readString(dir.resolve("pub.pem")));
        assertThat(priv.publicKey()).isEqualTo(pub);
        assertThat(pub.verify(MSG, Files.readAllBytes(dir.resolve("sig")))).isTrue();
        OpenSsl.ok(dir, "pkeyutl", "-sign", "-inkey", "key.pem", "-rawin", "-digest", "sm3", "-pkeyopt", DISTID,
                "-in", "msg", "-out", "sig2");
        assertThat(pub.verify(MSG, Files.readAllBytes(dir.resolve("sig2")))).isTrue();
        // the SEC1 form OpenSSL also writes
        OpenSsl.ok(dir, "ec", "-in", "key.pem", "-out", "sec1.pem");
        assertThat(Files.readString(dir.resolve("sec1.pem"))).contains("BEGIN SM2 PRIVATE KEY");
        assertThat(Sm2PrivateKey.fromPem(Files.readString(dir.resolve("sec1.pem"))).publicKey()).isEqualTo(pub);
    }

    @Test
    void aServiceSignatureForAnotherSignerIdVerifiesInOpenSslWithThatDistid() throws Exception {
        KeyRing ring = KeyRing.inMemory();
        ring.create("app-sign", KeyType.SM2_SIGNING);
        CryptoService service = new CryptoService(ring, (caller, permission) -> true, AuditHook.none(), 4096, null);
        Caller app = new Caller("app");
        String message = Base64.getEncoder().encodeToString(MSG);
        CryptoApi.SignResponse signed = service.sign(app, new CryptoApi.SignRequest("app-sign", message, null, ALICE));
        Files.writeString(dir.resolve("pub.pem"), service.publicKey(app, new CryptoApi.PublicKeyRequest("app-sign", null)).publicKeyPem());
        Files.write(dir.resolve("msg"), MSG);
        Files.write(dir.resolve("sig"), Base64.getDecoder().decode(signed.rawSignature()));
        assertThat(OpenSsl.ok(dir, "pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin", "-digest", "sm3",
                "-pkeyopt", ALICE_DISTID, "-in", "msg", "-sigfile", "sig")).contains("Signature Verified Successfully");
        assertThat(OpenSsl.ok(dir, "dgst", "-sm3", "-verify", "pub.pem", "-sigopt", ALICE_DISTID, "-signature", "sig", "msg"))
                .contains("Verified OK");
        assertThat(OpenSsl.run(dir, "dgst", "-sm3", "-verify", "pub.pem", "-sigopt", DISTID, "-signature", "sig", "msg").ok())
                .as("the default id is another signer").isFalse();
    }

    @Test
    void anOpenSslSignatureWithDistidVerifiesForThatIdOnly() throws Exception {
        OpenSsl.ok(dir, "genpkey", "-algorithm", "SM2", "-out", "key.pem");
        OpenSsl.ok(dir, "pkey", "-in", "key.pem", "-pubout", "-out", "pub.pem");
        Files.write(dir.resolve("msg"), MSG);
        OpenSsl.ok(dir, "pkeyutl", "-sign", "-inkey", "key.pem", "-rawin", "-digest", "sm3", "-pkeyopt", ALICE_DISTID,
                "-in", "msg", "-out", "sig");
        OpenSsl.ok(dir, "dgst", "-sm3", "-sign", "key.pem", "-sigopt", ALICE_DISTID, "-out", "sig2", "msg");
        Sm2PublicKey pub = Sm2PublicKey.fromPem(Files.readString(dir.resolve("pub.pem")));
        byte[] alice = ALICE.getBytes(StandardCharsets.UTF_8);
        for (String sig : new String[] {"sig", "sig2"}) {
            byte[] signature = Files.readAllBytes(dir.resolve(sig));
            assertThat(pub.verify(MSG, signature, alice, SignatureFormat.DER)).as(sig).isTrue();
            assertThat(pub.verify(MSG, signature)).as(sig + " with the default id").isFalse();
        }
    }

    @Test
    void openSslReadsOurKeysAndTheyMatch() throws Exception {
        Sm2PrivateKey k = Sm2.generateKey();
        Files.writeString(dir.resolve("key.pem"), k.toPem());
        String text = OpenSsl.ok(dir, "pkey", "-in", "key.pem", "-text", "-noout");
        assertThat(text).contains("SM2");
        OpenSsl.ok(dir, "pkey", "-in", "key.pem", "-pubout", "-out", "pub.pem");
        assertThat(Sm2PublicKey.fromPem(Files.readString(dir.resolve("pub.pem")))).isEqualTo(k.publicKey());
        OpenSsl.ok(dir, "pkey", "-in", "key.pem", "-check", "-noout");
    }

    @Test
    void sm2CiphertextsCrossBothWays() throws Exception {
        Sm2PrivateKey k = Sm2.generateKey();
        Files.writeString(dir.resolve("key.pem"), k.toPem());
        Files.writeString(dir.resolve("pub.pem"), k.publicKey().toPem());
        Files.write(dir.resolve("ct"), k.publicKey().encrypt(MSG));
        OpenSsl.ok(dir, "pkeyutl", "-decrypt", "-inkey", "key.pem", "-in", "ct", "-out", "pt");
        assertThat(Files.readAllBytes(dir.resolve("pt"))).isEqualTo(MSG);

        Files.write(dir.resolve("msg"), MSG);
        OpenSsl.ok(dir, "pkeyutl", "-encrypt", "-pubin", "-inkey", "pub.pem", "-in", "msg", "-out", "ct2");
        assertThat(k.decrypt(Files.readAllBytes(dir.resolve("ct2")))).isEqualTo(MSG);
    }

    @Test
    void sm3MatchesOpenSslDgst() throws Exception {
        byte[] data = new byte[100_000];
        new java.util.Random(7).nextBytes(data);
        Files.write(dir.resolve("data"), data);
        String out = OpenSsl.ok(dir, "dgst", "-sm3", "-r", "data");
        assertThat(out.split(" ")[0]).isEqualTo(Hex.toHexString(Sm3.digest(data)));
        String hmac = OpenSsl.ok(dir, "mac", "-digest", "SM3", "-macopt", "hexkey:000102030405060708090a0b0c0d0e0f",
                "-in", "data", "HMAC");
        assertThat(hmac.trim()).isEqualToIgnoringCase(
                Hex.toHexString(HmacSm3.mac(Hex.decode("000102030405060708090a0b0c0d0e0f"), data)));
    }
}
