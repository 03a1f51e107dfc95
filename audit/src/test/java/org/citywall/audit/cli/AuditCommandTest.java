package org.citywall.audit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.citywall.audit.AuditEntry;
import org.citywall.audit.AuditLog;
import org.citywall.audit.AuditResult;
import org.citywall.audit.TreeHeadSigner;
import org.citywall.crypto.KeyRing;
import org.citywall.crypto.KeyType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code citywall audit} commands as an auditor uses them. */
class AuditCommandTest {

    @TempDir
    Path dir;

    KeyRing ring;
    Path log;
    Path pem;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new AuditCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("citywall: " + ex.getMessage()); // as the app's Main does
            return 2;
        });
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeEach
    void writeALog() throws Exception {
        ring = KeyRing.inMemory();
        ring.create("audit-log", KeyType.SM2_SIGNING);
        log = dir.resolve("log");
        try (AuditLog l = AuditLog.open(AuditLog.Options.of(log, TreeHeadSigner.of(ring, "audit-log")))) {
            for (int i = 0; i < 50; i++) {
                l.append(AuditEntry.builder().subject(i % 2 == 0 ? "alice" : "bob").action("alert.read").object("alert/" + i)
                        .result(AuditResult.SUCCESS).requestId("r" + i).build());
            }
        }
        pem = dir.resolve("audit-log.pem");
        Files.writeString(pem, ring.publicKey("audit-log", 1).toPem());
    }

    @Test
    void anAuditorExportsAndVerifiesABundleWithOnlyThePublicKey() throws Exception {
        Path bundle = dir.resolve("q1.cwab");
        Run export = run("export", "--log", log.toString(), "--out", bundle.toString());
        assertThat(export.code()).as(export.err()).isZero();
        assertThat(export.out()).contains("exported records 0..49");
        Run verify = run("verify", bundle.toString(), "--key", pem.toString());
        assertThat(verify.code()).isZero();
        assertThat(verify.out()).startsWith("INTACT").contains("50 records");
        assertThat(run("verify", log.toString(), "-k", pem.toString()).code()).isZero();
    }

    @Test
    void aHeadSavedWithHeadsIsWhatALaterVerifyChecksTheLogAgainst() throws Exception {
        Run heads = run("heads", "--log", log.toString(), "--last", "1");
        assertThat(heads.code()).as(heads.err()).isZero();
        Path saved = dir.resolve("saved-head.json");
        Files.writeString(saved, heads.out());
        Run ok = run("verify", log.toString(), "--key", pem.toString(), "--since-head", saved.toString());
        assertThat(ok.code()).as(ok.out()).isZero();
        Run wrong = run("verify", log.toString(), "--key", pem.toString(), "--since-head", pem.toString());
        assertThat(wrong.code()).isEqualTo(2);
        assertThat(wrong.err()).contains("is not a signed tree head");
    }

    @Test
    void aTamperedBundleExitsWithOneAndNamesTheRecord() throws Exception {
        Path bundle = dir.resolve("q1.cwab");
        run("export", "--log", log.toString(), "--out", bundle.toString());
        List<String> lines = new ArrayList<>(Files.readAllLines(bundle, StandardCharsets.UTF_8));
        int at = lines.indexOf("{\"records\":50}") + 1 + 17;
        lines.set(at, lines.get(at).replace("\"subject\":\"bob\"", "\"subject\":\"eve\""));
        Files.write(bundle, lines, StandardCharsets.UTF_8);
        Run verify = run("verify", bundle.toString(), "--key", pem.toString());
        assertThat(verify.code()).isEqualTo(1);
        assertThat(verify.out()).startsWith("ALTERED").contains("RECORD_MODIFIED record 17").contains("bundle line");
    }

    @Test
    void aBundleWithAnUnreadablePublicKeyIsMalformedAtThatLineNotAnError() throws Exception {
        Path bundle = dir.resolve("q1.cwab");
        run("export", "--log", log.toString(), "--out", bundle.toString());
        List<String> lines = new ArrayList<>(Files.readAllLines(bundle, StandardCharsets.UTF_8));
        int at = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("{\"key\":")) {
                at = i;
                break;
            }
        }
        assertThat(at).as("the bundle carries its key").isPositive();
        lines.set(at, lines.get(at).replaceAll("\"publicKey\":\"[^\"]*\"", "\"publicKey\":\"AAAAAAAA\""));
        Files.write(bundle, lines, StandardCharsets.UTF_8);
        Run verify = run("verify", bundle.toString(), "--key", pem.toString());
        assertThat(verify.code()).as(verify.out() + verify.err()).isEqualTo(1);
        assertThat(verify.out()).startsWith("ALTERED").contains("MALFORMED").contains("bundle line " + (at + 1));
    }

    @Test
    void aSigningCertificateIsTrustedOnlyWhenItChainsToTheGivenCaAndIsNotRevoked() throws Exception {
        org.citywall.crypto.pki.CertificateAuthority ca = org.citywall.crypto.pki.CertificateAuthority.createRoot(
                "CN=Audit CA,O=CityWall", org.citywall.crypto.Sm2.generateKey(), java.time.Duration.ofDays(365),
                org.citywall.crypto.pki.CaLedger.inMemory());
        var csr = org.citywall.crypto.pki.CsrBuilder.create(ring.publicKey("audit-log", 1),
                data -> ring.sign("audit-log", 1, data).payload(), "CN=audit-tree-heads,O=CityWall", List.of());
        var cert = ca.issue(org.citywall.crypto.pki.Pkix.toPem(csr).getBytes(StandardCharsets.US_ASCII),
                org.citywall.crypto.pki.CertificateProfile.signing(java.time.Duration.ofDays(30)));
        Path certFile = dir.resolve("audit-signer.pem");
        Files.writeString(certFile, org.citywall.crypto.pki.Pkix.toPem(cert));
        Path caFile = dir.resolve("ca.pem");
        Files.writeString(caFile, org.citywall.crypto.pki.Pkix.toPem(ca.certificate()));

        Run ok = run("verify", log.toString(), "--key", certFile.toString(), "--ca", caFile.toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).startsWith("INTACT");

        Path otherCa = dir.resolve("other-ca.pem");
        Files.writeString(otherCa, org.citywall.crypto.pki.Pkix.toPem(org.citywall.crypto.pki.CertificateAuthority.createRoot(
                "CN=Audit CA,O=CityWall", org.citywall.crypto.Sm2.generateKey(), java.time.Duration.ofDays(365),
                org.citywall.crypto.pki.CaLedger.inMemory()).certificate()));
        Run stranger = run("verify", log.toString(), "--key", certFile.toString(), "--ca", otherCa.toString());
        assertThat(stranger.code()).isEqualTo(2);
        assertThat(stranger.err()).contains("does not validate against the given CA");

        ca.revoke(cert.getSerialNumber(), 1);
        Path crl = dir.resolve("ca.crl");
        Files.writeString(crl, org.citywall.crypto.pki.Pkix.toPem(ca.crl(java.time.Duration.ofDays(7))));
        Run revoked = run("verify", log.toString(), "--key", certFile.toString(), "--ca", caFile.toString(), "--crl", crl.toString());
        assertThat(revoked.code()).isEqualTo(2);
        assertThat(revoked.err()).contains("revoked");

        Run bareKey = run("verify", log.toString(), "--key", pem.toString(), "--ca", caFile.toString());
        assertThat(bareKey.code()).isEqualTo(2);
        assertThat(bareKey.err()).contains("no certificate");
    }

    @Test
    void aCertificateWhoseKeyUsageDoesNotAllowSigningCannotVouchForTreeHeads() throws Exception {
        var ca = org.citywall.crypto.pki.CertificateAuthority.createRoot("CN=Audit CA,O=CityWall", org.citywall.crypto.Sm2.generateKey(),
                java.time.Duration.ofDays(365), org.citywall.crypto.pki.CaLedger.inMemory());
        Path caFile = dir.resolve("ca.pem");
        Files.writeString(caFile, org.citywall.crypto.pki.Pkix.toPem(ca.certificate()));
        var csr = org.citywall.crypto.pki.Pkix.toPem(org.citywall.crypto.pki.CsrBuilder.create(ring.publicKey("audit-log", 1),
                data -> ring.sign("audit-log", 1, data).payload(), "CN=audit-tree-heads,O=CityWall", List.of()))
                .getBytes(StandardCharsets.US_ASCII);
        java.util.function.Function<org.citywall.crypto.pki.CertificateProfile.KeyUsage, Run> verifyWith = usage -> {
            var cert = ca.issue(csr, new org.citywall.crypto.pki.CertificateProfile(java.time.Duration.ofDays(30),
                    java.util.Set.of(usage), java.util.Set.of(), List.of()));
            Path certFile = dir.resolve(usage + ".pem");
            try {
                Files.writeString(certFile, org.citywall.crypto.pki.Pkix.toPem(cert));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return run("verify", log.toString(), "--key", certFile.toString(), "--ca", caFile.toString());
        };

        for (var usage : List.of(org.citywall.crypto.pki.CertificateProfile.KeyUsage.KEY_ENCIPHERMENT,
                org.citywall.crypto.pki.CertificateProfile.KeyUsage.KEY_AGREEMENT)) {
            Run refused = verifyWith.apply(usage);
            assertThat(refused.code()).as(usage + ": " + refused.out()).isEqualTo(2);
            assertThat(refused.err()).contains("does not validate against the given CA").contains("may not be used for signing");
        }
        for (var usage : List.of(org.citywall.crypto.pki.CertificateProfile.KeyUsage.DIGITAL_SIGNATURE,
                org.citywall.crypto.pki.CertificateProfile.KeyUsage.NON_REPUDIATION)) {
            Run ok = verifyWith.apply(usage);
            assertThat(ok.code()).as(usage + ": " + ok.err()).isZero();
            assertThat(ok.out()).startsWith("INTACT");
        }
    }

    @Test
    void verifyWithoutAKeySaysWhatToGive() {
        Run r = run("verify", log.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--key FILE");
        Run embedded = run("verify", log.toString(), "--trust-embedded-keys");
        assertThat(embedded.code()).isZero();
        assertThat(embedded.out()).contains("not against keys you gave");
    }

    @Test
    void queriesProofsAndHeadsPrintJson() {
        Run q = run("query", "--log", log.toString(), "--subject", "bob", "--limit", "3");
        assertThat(q.out().lines().toList()).hasSize(3).allMatch(l -> l.contains("\"subject\":\"bob\""));
        Run p = run("prove", "--log", log.toString(), "--seq", "7");
        assertThat(p.code()).as(p.err()).isZero();
        assertThat(p.out()).contains("\"leafIndex\":7").contains("\"treeSize\":50");
        Run c = run("prove", "--log", log.toString(), "--consistency", "0", "50");
        assertThat(c.out()).contains("\"newSize\":50");
        assertThat(run("heads", "--log", log.toString()).out().lines()).hasSize(2);
    }

    @Test
    void theBenchmarkPrintsFiguresAndBaselines() {
        Run b = run("benchmark", "--records", "3000", "--writers", "16", "--baseline-records", "200", "--dir", dir.toString());
        assertThat(b.code()).as(b.err()).isZero();
        assertThat(b.out()).contains("baseline  append").contains("group commit").contains("verify bundle").contains("targets:");
    }
}
