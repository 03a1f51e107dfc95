package org.citywall.crypto.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The operator commands, with their files checked by the real OpenSSL 3 command line and fed from it. */
class CryptoCommandTest {

    private static final String DISTID = "distid:1234567812345678";

    @TempDir
    Path dir;

    private final java.io.StringWriter err = new java.io.StringWriter();

    private int crypto(String... args) {
        CommandLine cl = new CommandLine(new CryptoCommand());
        cl.setErr(new java.io.PrintWriter(err, true));
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("citywall: " + ex.getMessage());
            return 2;
        });
        List<String> withPaths = new ArrayList<>();
        for (String a : args) {
            withPaths.add(a.startsWith("@") ? dir.resolve(a.substring(1)).toString() : a);
        }
        return cl.execute(withPaths.toArray(new String[0]));
    }

    private String openssl(int expectedExit, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", args) + "\n" + out).isEqualTo(expectedExit);
        return out;
    }

    @Test
    void keygenSignVerifyInterworkWithOpenSsl() throws Exception {
        assertThat(crypto("keygen", "--out", "@key.pem", "--pubout", "@pub.pem")).isZero();
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("key.pem")))).isEqualTo("rw-------");
        openssl(0, "pkey", "-in", "key.pem", "-check", "-noout");
        Files.writeString(dir.resolve("doc.txt"), "营业执照 BL-2026-000123");
        assertThat(crypto("sign", "--key", "@key.pem", "--in", "@doc.txt", "--out", "@doc.sig")).isZero();
        assertThat(openssl(0, "dgst", "-sm3", "-verify", "pub.pem", "-sigopt", DISTID, "-signature", "doc.sig", "doc.txt"))
                .contains("Verified OK");
        openssl(0, "dgst", "-sm3", "-sign", "key.pem", "-sigopt", DISTID, "-out", "ossl.sig", "doc.txt");
        assertThat(crypto("verify", "--pubkey", "@pub.pem", "--in", "@doc.txt", "--sig", "@ossl.sig")).isZero();
        Files.writeString(dir.resolve("doc.txt"), "营业执照 BL-2026-000124");
        assertThat(crypto("verify", "--pubkey", "@pub.pem", "--in", "@doc.txt", "--sig", "@ossl.sig")).isEqualTo(1);
        // DER output and a key OpenSSL made
        openssl(0, "genpkey", "-algorithm", "SM2", "-out", "ossl.key");
        assertThat(crypto("sign", "--key", "@ossl.key", "--in", "@doc.txt", "--out", "@2.sig")).isZero();
        openssl(0, "pkey", "-in", "ossl.key", "-pubout", "-out", "ossl.pub");
        assertThat(crypto("verify", "--pubkey", "@ossl.pub", "--in", "@doc.txt", "--sig", "@2.sig")).isZero();
        assertThat(crypto("keygen", "--out", "@k.der", "--outform", "DER")).isZero();
        openssl(0, "pkey", "-in", "k.der", "-inform", "DER", "-noout");
    }

    @Test
    void aSignerUserIdInterworksWithOpenSslDistid() throws Exception {
        String alice = "distid:alice@example.gov.cn";
        assertThat(crypto("keygen", "--out", "@key.pem", "--pubout", "@pub.pem")).isZero();
        Files.writeString(dir.resolve("doc.txt"), "营业执照 BL-2026-000123");
        assertThat(crypto("sign", "--key", "@key.pem", "--in", "@doc.txt", "--out", "@doc.sig", "--user-id", "alice@example.gov.cn")).isZero();
        assertThat(openssl(0, "pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin", "-digest", "sm3", "-pkeyopt", alice,
                "-in", "doc.txt", "-sigfile", "doc.sig")).contains("Signature Verified Successfully");
        openssl(1, "dgst", "-sm3", "-verify", "pub.pem", "-sigopt", DISTID, "-signature", "doc.sig", "doc.txt");

        openssl(0, "dgst", "-sm3", "-sign", "key.pem", "-sigopt", alice, "-out", "ossl.sig", "doc.txt");
        assertThat(crypto("verify", "--pubkey", "@pub.pem", "--in", "@doc.txt", "--sig", "@ossl.sig", "--user-id", "alice@example.gov.cn"))
                .isZero();
        assertThat(crypto("verify", "--pubkey", "@pub.pem", "--in", "@doc.txt", "--sig", "@ossl.sig")).as("default id").isEqualTo(1);
        // --id, the older spelling, still works
        assertThat(crypto("verify", "--pubkey", "@pub.pem", "--in", "@doc.txt", "--sig", "@ossl.sig", "--id", "alice@example.gov.cn"))
                .isZero();
        assertThat(crypto("sign", "--key", "@key.pem", "--in", "@doc.txt", "--out", "@x.sig", "--user-id", "x".repeat(8192)))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--user-id must be 1 to 8191 bytes");
    }

    @Test
    void missingFilesAndBadKeysAreOneClearLine() {
        assertThat(crypto("sign", "--key", "@none.pem", "--in", "@none", "--out", "@sig")).isEqualTo(2);
        assertThat(err.toString()).contains("cannot read").contains("no such file or directory").doesNotContain("Exception");
        assertThat(crypto("sign")).isEqualTo(2); // picocli: missing required options
        assertThat(err.toString()).contains("Missing required options");
    }

    @Test
    void encryptDecryptInterworkWithOpenSsl() throws Exception {
        crypto("keygen", "--out", "@key.pem", "--pubout", "@pub.pem");
        Files.writeString(dir.resolve("pt"), "secret for the city cloud");
        assertThat(crypto("encrypt", "--pubkey", "@pub.pem", "--in", "@pt", "--out", "@ct")).isZero();
        openssl(0, "pkeyutl", "-decrypt", "-inkey", "key.pem", "-in", "ct", "-out", "back");
        assertThat(Files.readString(dir.resolve("back"))).isEqualTo("secret for the city cloud");
        openssl(0, "pkeyutl", "-encrypt", "-pubin", "-inkey", "pub.pem", "-in", "pt", "-out", "ct2");
        assertThat(crypto("decrypt", "--key", "@key.pem", "--in", "@ct2", "--out", "@back2")).isZero();
        assertThat(Files.readString(dir.resolve("back2"))).isEqualTo("secret for the city cloud");
        byte[] ct = Files.readAllBytes(dir.resolve("ct2"));
        ct[ct.length - 1] ^= 1;
        Files.write(dir.resolve("bad"), ct);
        assertThat(crypto("decrypt", "--key", "@key.pem", "--in", "@bad", "--out", "@x")).isEqualTo(2);
        assertThat(dir.resolve("x")).doesNotExist();
    }

    @Test
    void aWholeHierarchyWithCsrIssueRevokeAndCrl() throws Exception {
        crypto("keygen", "--out", "@root.key");
        assertThat(crypto("issue", "--self-signed", "--key", "@root.key", "--subj", "CN=Ops Root,O=Province,C=CN",
                "--days", "3650", "--out", "@root.pem")).isZero();
        crypto("keygen", "--out", "@sub.key");
        assertThat(crypto("csr", "--key", "@sub.key", "--subj", "CN=Ops Issuing CA,O=Province", "--out", "@sub.csr")).isZero();
        assertThat(crypto("issue", "--ca-cert", "@root.pem", "--ca-key", "@root.key", "--csr", "@sub.csr", "--ca",
                "--days", "1825", "--out", "@sub.pem")).isZero();
        assertThat(openssl(0, "verify", "-vfyopt", DISTID, "-CAfile", "root.pem", "sub.pem")).contains("sub.pem: OK");

        // an application's key and CSR made by OpenSSL
        openssl(0, "genpkey", "-algorithm", "SM2", "-out", "app.key");
        openssl(0, "req", "-new", "-key", "app.key", "-sm3", "-sigopt", DISTID, "-subj", "/CN=app.gov.example", "-out", "app.csr");
        assertThat(crypto("issue", "--ca-cert", "@sub.pem", "--ca-key", "@sub.key", "--csr", "@app.csr", "--eku", "SERVER_AUTH,CLIENT_AUTH",
                "--ku", "DIGITAL_SIGNATURE,KEY_AGREEMENT", "--san", "dns:app.gov.example", "--days", "30", "--out", "@app.pem")).isZero();
        assertThat(openssl(0, "verify", "-vfyopt", DISTID, "-partial_chain", "-CAfile", "sub.pem", "app.pem")).contains("app.pem: OK");
        String text = openssl(0, "x509", "-in", "app.pem", "-noout", "-text", "-serial");
        assertThat(text).contains("DNS:app.gov.example").contains("TLS Web Client Authentication");
        String serial = text.substring(text.indexOf("serial=") + 7).trim();

        // our CSR verifies in OpenSSL
        crypto("keygen", "--out", "@x.key");
        crypto("csr", "--key", "@x.key", "--subj", "CN=x", "--san", "dns:x.gov.example", "--out", "@x.csr");
        assertThat(openssl(0, "req", "-in", "x.csr", "-verify", "-vfyopt", DISTID, "-noout")).contains("verify OK");

        assertThat(crypto("crl", "--ca-cert", "@sub.pem", "--ca-key", "@sub.key", "--revoke", serial, "--reason", "1",
                "--out", "@sub.crl")).isZero();
        String crl = openssl(0, "crl", "-in", "sub.crl", "-noout", "-text");
        assertThat(crl).contains("Serial Number: " + serial).contains("Key Compromise").containsPattern("CRL Number: *\\n *1\\n");
        // the ledger remembers: a second CRL still lists it, with the next number
        assertThat(crypto("crl", "--ca-cert", "@sub.pem", "--ca-key", "@sub.key", "--out", "@sub2.crl", "--outform", "DER")).isZero();
        assertThat(openssl(0, "crl", "-in", "sub2.crl", "-inform", "DER", "-noout", "-text")).contains(serial).containsPattern("CRL Number: *\\n *2\\n");
        // a serial this CA never issued, and a tampered CSR, are refused
        assertThat(crypto("crl", "--ca-cert", "@sub.pem", "--ca-key", "@sub.key", "--revoke", "abc", "--out", "@x.crl")).isEqualTo(2);
        String csr = Files.readString(dir.resolve("x.csr"));
        byte[] der = java.util.Base64.getMimeDecoder().decode(csr.replaceAll("-----[A-Z ]+-----", ""));
        der[der.length - 10] ^= 1;
        Files.write(dir.resolve("bad.csr"), der);
        assertThat(crypto("issue", "--ca-cert", "@sub.pem", "--ca-key", "@sub.key", "--csr", "@bad.csr", "--out", "@bad.pem")).isEqualTo(2);
    }
}
