package org.citywall.crypto.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.citywall.crypto.CryptoException;
import org.citywall.crypto.Sm2;
import org.citywall.crypto.Sm2PrivateKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {

    private static final String DISTID = "distid:1234567812345678";

    @TempDir
    Path dir;

    private CertificateAuthority root;
    private CertificateAuthority intermediate;

    @BeforeEach
    void hierarchy() {
        root = CertificateAuthority.createRoot("CN=CityWall Test Root,O=Province", Sm2.generateKey(), Duration.ofDays(3650), CaLedger.inMemory());
        intermediate = root.createIntermediate("CN=CityWall Test Issuing CA,O=Province", Sm2.generateKey(), Duration.ofDays(1825), 0,
                CaLedger.inMemory());
    }

    private X509CertificateHolder issueLeaf(Sm2PrivateKey key, List<String> sans) {
        PKCS10CertificationRequest csr = CsrBuilder.create(key, "CN=app1.gov.example,O=Province", sans);
        return intermediate.issue(Pkix.toPem(csr).getBytes(), CertificateProfile.tlsServer(Duration.ofDays(365), List.of()));
    }

    @Test
    void theLedgerRemembersWhoAskedForEachCertificateAcrossARestart() {
        Path file = dir.resolve("ledger.json");
        CertificateAuthority ca = root.createIntermediate("CN=Ledger Test CA", Sm2.generateKey(), Duration.ofDays(30), 0, CaLedger.open(file));
        PKCS10CertificationRequest csr = CsrBuilder.create(Sm2.generateKey(), "CN=billing", List.of());
        X509CertificateHolder asked = ca.issue(Pkix.toPem(csr).getBytes(), CertificateProfile.signing(Duration.ofDays(1)), "billing");
        X509CertificateHolder own = ca.issue(Pkix.toPem(csr).getBytes(), CertificateProfile.signing(Duration.ofDays(1)));
        CaLedger reopened = CaLedger.open(file);
        assertThat(reopened.find(asked.getSerialNumber())).hasValueSatisfying(i -> assertThat(i.requester()).isEqualTo("billing"));
        assertThat(reopened.find(own.getSerialNumber())).hasValueSatisfying(i -> assertThat(i.requester()).isNull());
    }

    @Test
    void aLeafIssuedFromACsrValidatesUpToTheRoot() {
        Sm2PrivateKey k = Sm2.generateKey();
        X509CertificateHolder leaf = issueLeaf(k, List.of("dns:app1.gov.example", "ip:10.1.2.3"));
        assertThat(Pkix.publicKey(leaf)).isEqualTo(k.publicKey());
        assertThat(leaf.getSerialNumber().bitLength()).isEqualTo(128);
        GeneralNames sans = GeneralNames.fromExtensions(leaf.getExtensions(), Extension.subjectAlternativeName);
        assertThat(sans.getNames()).hasSize(2);
        assertThat(leaf.getExtension(Extension.extendedKeyUsage)).isNotNull();
        assertThat(leaf.getExtension(Extension.keyUsage).isCritical()).isTrue();
        List<X509CertificateHolder> path = new ChainValidator(List.of(root.certificate()), List.of())
                .validate(leaf, List.of(intermediate.certificate()), Instant.now());
        assertThat(path).hasSize(3);
        assertThat(intermediate.ledger().issued()).extracting(CaLedger.Issued::serial).containsExactly(leaf.getSerialNumber());
    }

    @Test
    void aCsrWithABadSignatureIsRefused() throws Exception {
        PKCS10CertificationRequest csr = CsrBuilder.create(Sm2.generateKey(), "CN=x", List.of());
        byte[] der = csr.getEncoded();
        der[der.length - 5] ^= 1; // inside the signature
        assertThatThrownBy(() -> intermediate.issue(der, CertificateProfile.signing(Duration.ofDays(1))))
                .isInstanceOf(CryptoException.class)
                .satisfies(e -> assertThat(((CryptoException) e).reason()).isIn(CryptoException.Reason.VALIDATION_FAILED,
                        CryptoException.Reason.MALFORMED_INPUT));
        // a CSR whose subject was altered after signing
        byte[] good = CsrBuilder.create(Sm2.generateKey(), "CN=aaaa", List.of()).getEncoded();
        String s = new String(good, java.nio.charset.StandardCharsets.ISO_8859_1).replace("aaaa", "bbbb");
        assertThatThrownBy(() -> intermediate.issue(s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                CertificateProfile.signing(Duration.ofDays(1))))
                .isInstanceOf(CryptoException.class).hasMessageContaining("CSR signature does not verify");
        assertThatThrownBy(() -> intermediate.issue("garbage".getBytes(), CertificateProfile.signing(Duration.ofDays(1))))
                .isInstanceOf(CryptoException.class).extracting("reason").isEqualTo(CryptoException.Reason.MALFORMED_INPUT);
    }

    @Test
    void revokedAndExpiredCertificatesFailValidation() {
        X509CertificateHolder leaf = issueLeaf(Sm2.generateKey(), List.of());
        ChainValidator noCrl = new ChainValidator(List.of(root.certificate()), List.of());
        assertThatThrownBy(() -> noCrl.validate(leaf, List.of(intermediate.certificate()), Instant.now().plus(Duration.ofDays(400))))
                .hasMessageContaining("has expired");
        assertThatThrownBy(() -> noCrl.validate(leaf, List.of(intermediate.certificate()), Instant.now().minus(Duration.ofDays(1))))
                .hasMessageContaining("not yet valid");
        intermediate.revoke(leaf.getSerialNumber(), 1);
        X509CRLHolder crl = intermediate.crl(Duration.ofDays(7));
        assertThat(crl.getRevokedCertificate(leaf.getSerialNumber())).isNotNull();
        assertThatThrownBy(() -> new ChainValidator(List.of(root.certificate()), List.of(crl))
                .validate(leaf, List.of(intermediate.certificate()), Instant.now().plusSeconds(5)))
                .isInstanceOf(CryptoException.class).hasMessageContaining("revoked");
        assertThatThrownBy(() -> intermediate.revoke(BigInteger.TEN, 0)).extracting("reason")
                .isEqualTo(CryptoException.Reason.UNKNOWN_KEY);
    }

    @Test
    void aStaleCrlVouchesForNothing() {
        X509CertificateHolder leaf = issueLeaf(Sm2.generateKey(), List.of());
        X509CRLHolder weekly = intermediate.crl(Duration.ofDays(7)); // revokes nothing of this leaf
        ChainValidator v = new ChainValidator(List.of(root.certificate()), List.of(weekly));
        assertThat(v.validate(leaf, List.of(intermediate.certificate()), Instant.now().plusSeconds(5))).hasSize(3);
        // eight days on, the leaf may have been revoked in a CRL this one does not know of
        assertThatThrownBy(() -> v.validate(leaf, List.of(intermediate.certificate()), Instant.now().plus(Duration.ofDays(8))))
                .isInstanceOf(CryptoException.class).hasMessageContaining("expired at").hasMessageContaining("get a fresh one");
    }

    @Test
    void aChainToAnotherRootOrWithoutItsIntermediateFails() {
        X509CertificateHolder leaf = issueLeaf(Sm2.generateKey(), List.of());
        CertificateAuthority other = CertificateAuthority.createRoot("CN=CityWall Test Root,O=Province", Sm2.generateKey(),
                Duration.ofDays(10), CaLedger.inMemory());
        assertThatThrownBy(() -> new ChainValidator(List.of(other.certificate()), List.of())
                .validate(leaf, List.of(intermediate.certificate()), Instant.now()))
                .hasMessageContaining("no issuer found");
        assertThatThrownBy(() -> new ChainValidator(List.of(root.certificate()), List.of()).validate(leaf, List.of(), Instant.now()))
                .hasMessageContaining("no issuer found");
        // a CA whose key does not match its certificate, or whose certificate is a leaf, is refused
        assertThatThrownBy(() -> new CertificateAuthority(Sm2.generateKey(), root.certificate(), List.of(), CaLedger.inMemory()))
                .hasMessageContaining("does not match");
        Sm2PrivateKey leafKey = Sm2.generateKey();
        X509CertificateHolder leaf2 = issueLeaf(leafKey, List.of());
        assertThatThrownBy(() -> new CertificateAuthority(leafKey, leaf2, List.of(), CaLedger.inMemory()))
                .hasMessageContaining("not a CA");
        // and a certificate signed by a leaf does not validate
        assertThatThrownBy(() -> new ChainValidator(List.of(root.certificate()), List.of())
                .validate(root.certificate(), List.of(), Instant.now().plus(Duration.ofDays(4000))))
                .hasMessageContaining("expired");
    }

    @Test
    void openSslAcceptsOurChainCsrAndCrl() throws Exception {
        Sm2PrivateKey k = Sm2.generateKey();
        PKCS10CertificationRequest csr = CsrBuilder.create(k, "CN=app1.gov.example,O=Province", List.of("dns:app1.gov.example"));
        Files.writeString(dir.resolve("req.pem"), Pkix.toPem(csr));
        assertThat(OpenSslRunner.ok(dir, "req", "-in", "req.pem", "-verify", "-vfyopt", DISTID, "-noout")).contains("verify OK");
        X509CertificateHolder leaf = intermediate.issue(Pkix.toPem(csr).getBytes(), CertificateProfile.tlsServer(Duration.ofDays(30), List.of()));
        Files.writeString(dir.resolve("root.pem"), Pkix.toPem(root.certificate()));
        Files.writeString(dir.resolve("inter.pem"), Pkix.toPem(intermediate.certificate()));
        Files.writeString(dir.resolve("leaf.pem"), Pkix.toPem(leaf));
        // OpenSSL 3.0 applies -vfyopt distid only to the certificate named on the command line, so a
        // three-level SM2 chain fails even when OpenSSL built it itself: check each link on its own
        assertThat(OpenSslRunner.ok(dir, "verify", "-vfyopt", DISTID, "-CAfile", "root.pem", "inter.pem")).contains("inter.pem: OK");
        assertThat(OpenSslRunner.ok(dir, "verify", "-vfyopt", DISTID, "-partial_chain", "-CAfile", "inter.pem", "leaf.pem"))
                .contains("leaf.pem: OK");
        String text = OpenSslRunner.ok(dir, "x509", "-in", "leaf.pem", "-noout", "-text");
        assertThat(text).contains("SM2-with-SM3").contains("DNS:app1.gov.example").contains("TLS Web Server Authentication");

        // the root's self-signature: OpenSSL 3.0 skips it, so check the to-be-signed part directly
        Files.write(dir.resolve("root.tbs"), root.certificate().toASN1Structure().getTBSCertificate().getEncoded());
        Files.write(dir.resolve("root.sig"), root.certificate().getSignature());
        Files.writeString(dir.resolve("root.pub"), Pkix.publicKey(root.certificate()).toPem());
        assertThat(OpenSslRunner.ok(dir, "pkeyutl", "-verify", "-pubin", "-inkey", "root.pub", "-rawin", "-digest", "sm3",
                "-pkeyopt", DISTID, "-in", "root.tbs", "-sigfile", "root.sig")).contains("Signature Verified Successfully");

        // revocation through a CRL OpenSSL reads and checks
        intermediate.revoke(leaf.getSerialNumber(), 1);
        Files.writeString(dir.resolve("crl.pem"), Pkix.toPem(intermediate.crl(Duration.ofDays(7))));
        assertThat(OpenSslRunner.ok(dir, "crl", "-in", "crl.pem", "-noout", "-text")).contains("Key Compromise")
                .contains(leaf.getSerialNumber().toString(16).toUpperCase());
        // OpenSSL 3.0 checks CRL signatures without the distid (as it does intermediates), so
        // `verify -crl_check` reports "CRL signature failure" for any SM2 CRL: check it by its TBS part
        // the CRL's signature, checked by OpenSSL on its to-be-signed part
        X509CRLHolder crl = intermediate.crl(Duration.ofDays(1));
        Files.write(dir.resolve("crl.tbs"), crl.toASN1Structure().getTBSCertList().getEncoded());
        Files.write(dir.resolve("crl.sig"), crl.toASN1Structure().getSignature().getOctets());
        Files.writeString(dir.resolve("inter.pub"), Pkix.publicKey(intermediate.certificate()).toPem());
        assertThat(OpenSslRunner.ok(dir, "pkeyutl", "-verify", "-pubin", "-inkey", "inter.pub", "-rawin", "-digest", "sm3",
                "-pkeyopt", DISTID, "-in", "crl.tbs", "-sigfile", "crl.sig")).contains("Signature Verified Successfully");
    }

    @Test
    void weIssueFromOpenSslCsrsAndReadOpenSslCertificates() throws Exception {
        OpenSslRunner.ok(dir, "genpkey", "-algorithm", "SM2", "-out", "key.pem");
        OpenSslRunner.ok(dir, "req", "-new", "-key", "key.pem", "-sm3", "-sigopt", DISTID, "-subj", "/CN=openssl-app/O=Province",
                "-addext", "subjectAltName=DNS:openssl-app.gov.example", "-out", "req.pem");
        X509CertificateHolder cert = intermediate.issue(Files.readAllBytes(dir.resolve("req.pem")),
                CertificateProfile.signing(Duration.ofDays(10)));
        assertThat(cert.getSubject().toString()).contains("CN=openssl-app");
        assertThat(GeneralNames.fromExtensions(cert.getExtensions(), Extension.subjectAlternativeName).getNames()[0].toString())
                .contains("openssl-app.gov.example");
        assertThat(new ChainValidator(List.of(root.certificate()), List.of()).validate(cert, List.of(intermediate.certificate()),
                Instant.now())).hasSize(3);

        // an OpenSSL self-signed SM2 certificate, read back and its signature checked by us
        OpenSslRunner.ok(dir, "req", "-x509", "-new", "-key", "key.pem", "-sm3", "-sigopt", DISTID, "-subj", "/CN=openssl-root",
                "-days", "10", "-out", "self.pem");
        X509CertificateHolder self = Pkix.certificate(Files.readAllBytes(dir.resolve("self.pem")));
        assertThat(self.isSignatureValid(Sm2Operators.verifierProvider(Pkix.publicKey(self)))).isTrue();
    }

    @Test
    void aCaWhoseKeyLivesInTheKeyRingIssuesCertificatesOpenSslAccepts() throws Exception {
        org.citywall.crypto.KeyRing ring = org.citywall.crypto.KeyRing.inMemory();
        ring.create("root-ca", org.citywall.crypto.KeyType.SM2_SIGNING);
        CertificateAuthority ringRoot = CertificateAuthority.createRoot("CN=Ring Root", ring, "root-ca", 1, Duration.ofDays(30),
                CaLedger.inMemory());
        X509CertificateHolder leaf = ringRoot.issue(Pkix.toPem(CsrBuilder.create(Sm2.generateKey(), "CN=leaf", List.of())).getBytes(),
                CertificateProfile.signing(Duration.ofDays(5)));
        assertThat(new ChainValidator(List.of(ringRoot.certificate()), List.of()).validate(leaf, List.of(), Instant.now())).hasSize(2);
        // reopened later from the same ring key and certificate
        CertificateAuthority again = CertificateAuthority.fromKeyRing(ring, "root-ca", 1, ringRoot.certificate(), List.of(), CaLedger.inMemory());
        assertThat(again.certificate()).isEqualTo(ringRoot.certificate());
        Files.writeString(dir.resolve("ring-root.pem"), Pkix.toPem(ringRoot.certificate()));
        Files.writeString(dir.resolve("ring-leaf.pem"), Pkix.toPem(leaf));
        assertThat(OpenSslRunner.ok(dir, "verify", "-vfyopt", DISTID, "-CAfile", "ring-root.pem", "ring-leaf.pem")).contains("OK");
        ring.rotate("root-ca");
        assertThatThrownBy(() -> CertificateAuthority.fromKeyRing(ring, "root-ca", 2, ringRoot.certificate(), List.of(), CaLedger.inMemory()))
                .hasMessageContaining("does not match");
    }

    @Test
    void weValidateAChainAndCrlThatOpenSslBuilt() throws Exception {
        OpenSslRunner.ok(dir, "genpkey", "-algorithm", "SM2", "-out", "ca.key");
        OpenSslRunner.ok(dir, "req", "-x509", "-new", "-key", "ca.key", "-sm3", "-sigopt", DISTID, "-subj", "/CN=OpenSSL CA",
                "-days", "10", "-out", "ca.pem", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=keyCertSign,cRLSign");
        OpenSslRunner.ok(dir, "genpkey", "-algorithm", "SM2", "-out", "leaf.key");
        OpenSslRunner.ok(dir, "req", "-new", "-key", "leaf.key", "-sm3", "-sigopt", DISTID, "-subj", "/CN=openssl leaf", "-out", "leaf.csr");
        OpenSslRunner.ok(dir, "x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-sm3", "-sigopt", DISTID,
                "-vfyopt", DISTID, "-days", "5", "-set_serial", "0x1234", "-out", "leaf.pem");
        X509CertificateHolder ca = Pkix.certificate(Files.readAllBytes(dir.resolve("ca.pem")));
        X509CertificateHolder leaf = Pkix.certificate(Files.readAllBytes(dir.resolve("leaf.pem")));
        assertThat(new ChainValidator(List.of(ca), List.of()).validate(leaf, List.of(), Instant.now())).hasSize(2);

        Files.writeString(dir.resolve("index.txt"), "");
        Files.writeString(dir.resolve("crlnumber"), "01\n");
        Files.writeString(dir.resolve("ca.cnf"), "[ca]\ndefault_ca = d\n[d]\ndatabase = index.txt\ncrlnumber = crlnumber\n"
                + "default_md = sm3\ndefault_crl_days = 7\n");
        OpenSslRunner.ok(dir, "ca", "-config", "ca.cnf", "-revoke", "leaf.pem", "-keyfile", "ca.key", "-cert", "ca.pem");
        OpenSslRunner.ok(dir, "ca", "-config", "ca.cnf", "-gencrl", "-keyfile", "ca.key", "-cert", "ca.pem", "-sigopt", DISTID,
                "-out", "crl.pem");
        X509CRLHolder crl = Pkix.crl(Files.readAllBytes(dir.resolve("crl.pem")));
        assertThatThrownBy(() -> new ChainValidator(List.of(ca), List.of(crl)).validate(leaf, List.of(), Instant.now().plusSeconds(2)))
                .isInstanceOf(CryptoException.class).hasMessageContaining("revoked");
        // a CRL whose signature was tampered with is itself refused
        byte[] der = crl.getEncoded();
        der[der.length - 3] ^= 1;
        X509CRLHolder bad = Pkix.crl(der);
        assertThatThrownBy(() -> new ChainValidator(List.of(ca), List.of(bad)).validate(leaf, List.of(), Instant.now()))
                .hasMessageContaining("bad signature");
    }

    @Test
    void profilesRejectNonsenseSans() {
        assertThatThrownBy(() -> intermediate.issue(Pkix.toPem(CsrBuilder.create(Sm2.generateKey(), "CN=x", List.of())).getBytes(),
                new CertificateProfile(Duration.ofDays(1), Set.of(), Set.of(), List.of("ftp:nope"))))
                .isInstanceOf(CryptoException.class).hasMessageContaining("subject alternative name");
    }
}
