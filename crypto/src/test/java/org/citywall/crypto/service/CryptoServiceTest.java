package org.citywall.crypto.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.citywall.crypto.KeyRing;
import org.citywall.crypto.KeyType;
import org.citywall.crypto.Sm2;
import org.citywall.crypto.Sm2PrivateKey;
import org.citywall.crypto.Sm2PublicKey;
import org.citywall.crypto.pki.CaLedger;
import org.citywall.crypto.pki.CertificateAuthority;
import org.citywall.crypto.pki.CsrBuilder;
import org.citywall.crypto.pki.Pkix;
import org.citywall.crypto.service.CryptoApi.*;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CryptoServiceTest {

    private static final Caller APP1 = new Caller("app1");
    private static final Caller APP2 = new Caller("app2");
    private static final String SECRET = "身份证 110101199003071234";

    private final List<AuditEvent> events = new ArrayList<>();
    private KeyRing ring;
    private CryptoService service;
    private CertificateAuthority ca;

    /** app1 owns keys named app1-*, app2 owns app2-*; everyone may hash; only "admin" creates keys. */
    private static final Authorizer PERMISSIONS = (caller, permission) -> {
        if (permission.equals("crypto:hash") || permission.equals("crypto:cms-verify") || permission.equals("crypto:list")) {
            return true;
        }
        if (caller.id().equals("admin")) {
            return true;
        }
        String[] p = permission.split(":");
        return p.length == 3 && p[2].startsWith(caller.id() + "-") && !p[1].startsWith("key-");
    };

    @BeforeEach
    void service() {
        ring = KeyRing.inMemory();
        ring.create("app1-sign", KeyType.SM2_SIGNING);
        ring.create("app1-data", KeyType.SM4_GCM);
        ring.create("app1-mac", KeyType.HMAC_SM3);
        ring.create("app2-sign", KeyType.SM2_SIGNING);
        ca = CertificateAuthority.createRoot("CN=Service CA", Sm2.generateKey(), Duration.ofDays(100), CaLedger.inMemory());
        service = new CryptoService(ring, PERMISSIONS, events::add, 1024, ca);
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static ErrorCode code(Runnable r) {
        try {
            r.run();
        } catch (ServiceException e) {
            return e.code();
        }
        throw new AssertionError("expected a ServiceException");
    }

    @Test
    void signAndVerifyWithTheCallersOwnKey() {
        SignResponse s = service.sign(APP1, new SignRequest("app1-sign", b64("invoice 42"), null));
        assertThat(s.signature()).startsWith("citywall:app1-sign:v1:");
        assertThat(service.verify(APP1, new VerifyRequest(b64("invoice 42"), s.signature())).valid()).isTrue();
        // the raw DER signature verifies with the exported public key (what OpenSSL would use)
        Sm2PublicKey pub = Sm2PublicKey.fromPem(service.publicKey(APP1, new PublicKeyRequest("app1-sign", null)).publicKeyPem());
        assertThat(pub.verify("invoice 42".getBytes(StandardCharsets.UTF_8), Base64.getDecoder().decode(s.rawSignature()))).isTrue();
        assertThat(code(() -> service.verify(APP1, new VerifyRequest(b64("invoice 43"), s.signature()))))
                .isEqualTo(ErrorCode.VERIFICATION_FAILED);
    }

    @Test
    void anApplicationCannotUseAnotherApplicationsKey() {
        assertThat(code(() -> service.sign(APP1, new SignRequest("app2-sign", b64("x"), null)))).isEqualTo(ErrorCode.FORBIDDEN);
        // forbidden even for keys that do not exist: no enumeration
        assertThat(code(() -> service.sign(APP1, new SignRequest("app2-nothing", b64("x"), null)))).isEqualTo(ErrorCode.FORBIDDEN);
        String theirs = service.sign(APP2, new SignRequest("app2-sign", b64("x"), null)).signature();
        assertThat(code(() -> service.verify(APP1, new VerifyRequest(b64("x"), theirs)))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(code(() -> service.createKey(APP1, new CreateKeyRequest("app1-new", "SM4_GCM")))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(events.get(events.size() - 1).outcome()).isEqualTo(AuditEvent.Outcome.DENIED);
        assertThat(service.refusedCounts()).containsEntry("forbidden", 4L);
    }

    @Test
    void platformKeysCanOnlyBeVerifiedWithWhateverTheGrant() {
        ring.create("audit-tree-heads", KeyType.SM2_SIGNING);
        ring.create("platform-data", KeyType.SM4_GCM);
        CryptoService guarded = new CryptoService(ring, Authorizer.permitAll(), events::add, 1024, ca,
                java.util.Set.of("audit-tree-heads", "platform-data"));
        assertThat(code(() -> guarded.sign(APP1, new SignRequest("audit-tree-heads", b64("forged head"), null))))
                .isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(code(() -> guarded.encrypt(APP1, new EncryptRequest("platform-data", b64("x"), null))))
                .isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(code(() -> guarded.rotateKey(APP1, "audit-tree-heads"))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(ring.currentVersion("audit-tree-heads")).isEqualTo(1);
        assertThat(events.get(events.size() - 1).outcome()).isEqualTo(AuditEvent.Outcome.DENIED);
        // what the platform signed stays verifiable by anyone allowed to verify
        String head = ring.sign("audit-tree-heads", "head".getBytes(StandardCharsets.UTF_8)).toText();
        assertThat(guarded.verify(APP1, new VerifyRequest(b64("head"), head)).valid()).isTrue();
        assertThat(guarded.publicKey(APP1, new PublicKeyRequest("audit-tree-heads", null)).publicKeyPem()).contains("PUBLIC KEY");
        // an application key beside them works as before
        assertThat(guarded.sign(APP1, new SignRequest("app1-sign", b64("x"), null)).signature()).startsWith("citywall:app1-sign:");
        assertThat(guarded.listKeys(APP1)).extracting(k -> k.name()).contains("audit-tree-heads", "app1-sign");
    }

    @Test
    void everyErrorCodeHasItsCase() {
        assertThat(code(() -> service.sign(APP1, new SignRequest("app1-sign", "not base64!!", null)))).isEqualTo(ErrorCode.MALFORMED_BASE64);
        assertThat(code(() -> service.sign(APP1, new SignRequest("app1-missing", b64("x"), null)))).isEqualTo(ErrorCode.UNKNOWN_KEY);
        assertThat(code(() -> service.sign(APP1, new SignRequest("app1-data", b64("x"), null)))).isEqualTo(ErrorCode.WRONG_KEY_TYPE);
        assertThat(code(() -> service.sign(APP1, new SignRequest("app1-sign", null, null)))).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(code(() -> service.sign(APP1, new SignRequest("app1-sign", b64("x".repeat(2000)), null))))
                .isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
        assertThat(code(() -> service.verify(APP1, new VerifyRequest(b64("x"), "citywall:app1-sign:vX:AAAA"))))
                .isEqualTo(ErrorCode.MALFORMED_INPUT);
        ring.rotate("app1-sign");
        String old = service.sign(APP1, new SignRequest("app1-sign", b64("x"), 1)).signature();
        ring.disable("app1-sign", 1);
        assertThat(code(() -> service.verify(APP1, new VerifyRequest(b64("x"), old)))).isEqualTo(ErrorCode.DISABLED_VERSION);
        assertThat(code(() -> service.issueCertificate(APP1, new IssueCertificateRequest("garbage", 10, null, null, null))))
                .isIn(ErrorCode.FORBIDDEN);
        CryptoService noCa = new CryptoService(ring, Authorizer.permitAll(), events::add, 1024, null);
        assertThat(code(() -> noCa.crl(APP1))).isEqualTo(ErrorCode.UNAVAILABLE);
        CryptoService failingAudit = new CryptoService(ring, Authorizer.permitAll(), e -> {
            throw new IllegalStateException("audit store down");
        }, 1024, null);
        assertThat(code(() -> failingAudit.hash(APP1, new HashRequest(b64("x"))))).isEqualTo(ErrorCode.UNAVAILABLE);
    }

    @Test
    void everyDecryptionFailureIsTheSameError() {
        EncryptResponse e = service.encrypt(APP1, new EncryptRequest("app1-data", b64(SECRET), b64("record-9")));
        assertThat(service.decrypt(APP1, new DecryptRequest(e.ciphertext(), b64("record-9"))).plaintext()).isEqualTo(b64(SECRET));
        String ct = e.ciphertext();
        byte[] payload = Base64.getDecoder().decode(ct.substring(ct.lastIndexOf(':') + 1));
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < payload.length; i += 5) {
            byte[] t = payload.clone();
            t[i] ^= 1;
            bad.add("citywall:app1-data:v1:" + Base64.getEncoder().encodeToString(t));
        }
        bad.add("citywall:app1-data:v1:" + Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(payload, 10)));
        bad.add("citywall:app1-data:v1:%%%");
        bad.add("citywall:app1-data:v1");
        bad.add("garbage");
        Set<String> messages = new java.util.HashSet<>();
        for (String b : bad) {
            ServiceException ex = org.assertj.core.api.Assertions.catchThrowableOfType(ServiceException.class,
                    () -> service.decrypt(APP1, new DecryptRequest(b, b64("record-9"))));
            assertThat(ex.code()).as(b).isEqualTo(ErrorCode.DECRYPTION_FAILED);
            messages.add(ex.getMessage());
        }
        ServiceException wrongAad = org.assertj.core.api.Assertions.catchThrowableOfType(ServiceException.class,
                () -> service.decrypt(APP1, new DecryptRequest(ct, b64("record-10"))));
        messages.add(wrongAad.getMessage());
        assertThat(wrongAad.code()).isEqualTo(ErrorCode.DECRYPTION_FAILED);
        assertThat(messages).containsExactly("decryption failed");
    }

    @Test
    void theAuditHookSeesEveryCallButNeverPlaintextOrKeys() {
        EncryptResponse e = service.encrypt(APP1, new EncryptRequest("app1-data", b64(SECRET), null));
        service.decrypt(APP1, new DecryptRequest(e.ciphertext(), null));
        service.hmac(APP1, new HmacRequest("app1-mac", b64(SECRET)));
        service.hash(APP2, new HashRequest(b64(SECRET)));
        DataKeyResponse dk = service.dataKey(APP1, new DataKeyRequest("app1-data", null, true));
        code(() -> service.sign(APP2, new SignRequest("app1-sign", b64(SECRET), null)));
        assertThat(events).hasSize(6);
        assertThat(events).extracting(AuditEvent::operation).containsExactly(Operation.ENCRYPT, Operation.DECRYPT, Operation.HMAC,
                Operation.HASH, Operation.DATA_KEY, Operation.SIGN);
        assertThat(events.get(0).inputSm3()).isEqualTo(org.bouncycastle.util.encoders.Hex.toHexString(
                org.citywall.crypto.Sm3.digest(SECRET.getBytes(StandardCharsets.UTF_8))));
        assertThat(events.get(1).key()).isEqualTo("app1-data");
        assertThat(events.get(1).version()).isEqualTo(1);
        assertThat(events.get(5).outcome()).isEqualTo(AuditEvent.Outcome.DENIED);
        assertThat(events.get(5).errorCode()).isEqualTo("forbidden");
        for (AuditEvent ev : events) {
            assertThat(ev.toString()).doesNotContain(SECRET).doesNotContain(b64(SECRET)).doesNotContain(dk.plaintext());
        }
    }

    @Test
    void dataKeysRewrapKeyListAndRotation() {
        DataKeyResponse dk = service.dataKey(APP1, new DataKeyRequest("app1-data", b64("obj"), false));
        assertThat(dk.plaintext()).isNull();
        assertThat(service.decrypt(APP1, new DecryptRequest(dk.wrappedKey(), b64("obj"))).plaintext()).isNotNull();
        Caller admin = new Caller("admin");
        KeyView rotated = service.rotateKey(admin, "app1-data");
        assertThat(rotated.primaryVersion()).isEqualTo(2);
        EncryptResponse re = service.rewrap(APP1, new RewrapRequest(dk.wrappedKey(), b64("obj")));
        assertThat(re.version()).isEqualTo(2);
        assertThat(service.listKeys(APP1)).as("only the caller's own keys")
                .extracting(KeyView::name).contains("app1-data", "app1-sign").doesNotContain("app2-sign");
        assertThat(service.listKeys(APP2)).extracting(KeyView::name).containsExactly("app2-sign");
        KeyView created = service.createKey(admin, new CreateKeyRequest("app1-new", "hmac_sm3"));
        assertThat(created.type()).isEqualTo("HMAC_SM3");
        assertThat(code(() -> service.createKey(admin, new CreateKeyRequest("app1-x", "RSA")))).isEqualTo(ErrorCode.INVALID_REQUEST);
        String mac = service.hmac(APP1, new HmacRequest("app1-mac", b64("m"))).mac();
        assertThat(service.verifyHmac(APP1, new HmacVerifyRequest(b64("m"), mac)).valid()).isTrue();
        assertThat(code(() -> service.verifyHmac(APP1, new HmacVerifyRequest(b64("n"), mac)))).isEqualTo(ErrorCode.VERIFICATION_FAILED);
    }

    @Test
    void anApplicationRevokesOnlyTheCertificatesIssuedToIt() {
        java.util.Set<String> grants = java.util.Set.of("billing:crypto:cert-issue", "billing:crypto:cert-revoke",
                "billing:crypto:cert-name:billing.gov.example",
                "payroll:crypto:cert-issue", "payroll:crypto:cert-revoke", "payroll:crypto:cert-name:payroll",
                "soc:crypto:cert-revoke", "soc:crypto:cert-revoke-any");
        CryptoService s = new CryptoService(ring, (caller, permission) -> grants.contains(caller.id() + ":" + permission),
                events::add, 1024, ca);
        Caller billing = new Caller("billing");
        Caller payroll = new Caller("payroll");
        String csr = Pkix.toPem(CsrBuilder.create(Sm2.generateKey(), "CN=billing.gov.example", List.of()));
        CertificateResponse mine = s.issueCertificate(billing, new IssueCertificateRequest(csr, 30, null, null, null));
        assertThat(code(() -> s.revokeCertificate(payroll, new RevokeRequest(mine.serial(), 1)))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(ca.crl(Duration.ofDays(1)).getRevokedCertificate(new java.math.BigInteger(mine.serial(), 16))).isNull();
        assertThat(s.revokeCertificate(billing, new RevokeRequest(mine.serial(), 1)).serial()).isEqualTo(mine.serial());
        // incident response may revoke anyone's
        CertificateResponse theirs = s.issueCertificate(payroll, new IssueCertificateRequest(
                Pkix.toPem(CsrBuilder.create(Sm2.generateKey(), "CN=payroll", List.of())), 30, null, null, null));
        assertThat(s.revokeCertificate(new Caller("soc"), new RevokeRequest(theirs.serial(), 1)).serial()).isEqualTo(theirs.serial());
    }

    @Test
    void anApplicationIsCertifiedOnlyUnderTheNamesItIsGranted() {
        // Shiro's wildcard permissions, as the console grants them to applications
        List<org.apache.shiro.authz.Permission> held = java.util.stream.Stream.of("crypto:cert-issue",
                "crypto:cert-name:billing.gov.example", "crypto:cert-name:*.billing.gov.example", "crypto:cert-name:billing",
                "crypto:cert-name:*@billing.gov.example", "crypto:cert-name:10.1.2.3", "crypto:cert-name:2001-db8--7",
                "crypto:cert-name:o=province", "crypto:cert-name:ou=billing office")
                .map(p -> (org.apache.shiro.authz.Permission) new org.apache.shiro.authz.permission.WildcardPermission(p, true)).toList();
        CryptoService s = new CryptoService(ring, (caller, permission) -> held.stream()
                .anyMatch(h -> h.implies(new org.apache.shiro.authz.permission.WildcardPermission(permission, true))), events::add, 1024, ca);
        Caller billing = new Caller("billing");
        java.util.function.BiFunction<String, List<String>, ErrorCode> issue = (subject, sans) -> {
            try {
                s.issueCertificate(billing, new IssueCertificateRequest(Pkix.toPem(CsrBuilder.create(Sm2.generateKey(), subject, sans)),
                        30, null, null, null));
                return null;
            } catch (ServiceException e) {
                return e.code();
            }
        };
        assertThat(issue.apply("CN=billing.gov.example,O=Province", List.of("dns:BILLING.gov.example", "dns:api.billing.gov.example",
                "dns:*.billing.gov.example", "dns:a.b.billing.gov.example", "email:ops@billing.gov.example",
                "uri:https://pay.billing.gov.example/x", "ip:10.1.2.3", "ip:2001:db8:0:0::7"))).isNull();
        assertThat(issue.apply("CN=billing", List.of())).isNull();
        assertThat(issue.apply("C=CN,ST=Shanxi,L=Taiyuan,O=Province,OU=Billing Office,CN=billing", List.of())).isNull();
        // the rest of the subject names the holder too: another organisation, an e-mail address, an identifier
        assertThat(issue.apply("CN=billing,O=Treasury", List.of())).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(issue.apply("CN=billing,OU=Payroll", List.of())).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(issue.apply("CN=billing,E=ceo@treasury.gov.example", List.of())).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(issue.apply("CN=billing,E=ops@billing.gov.example", List.of())).isNull();
        assertThat(issue.apply("O=Province,UID=root", List.of())).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(issue.apply("CN=billing,SERIALNUMBER=42", List.of())).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(issue.apply("C=CN,ST=Shanxi", List.of())).as("a certificate that names no one").isEqualTo(ErrorCode.INVALID_REQUEST);
        // Shiro trims a permission part, control characters too: a name that differs from its grant only there needs every name
        assertThat(CertificateNamePolicy.candidates(new org.citywall.crypto.pki.CertificateName(
                org.citywall.crypto.pki.CertificateName.Kind.COMMON_NAME, "billing\u0000"))).containsExactly("*");
        // another application's names, a parent domain, a look-alike suffix, a name hidden in a list, a bare IP range
        assertThat(issue.apply("CN=payroll.gov.example", List.of())).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(issue.apply("CN=billing", List.of("dns:gov.example"))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(issue.apply("CN=billing", List.of("dns:evilbilling.gov.example"))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(issue.apply("CN=billing", List.of("dns:*.gov.example"))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(issue.apply("CN=billing\\,payroll", List.of())).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(issue.apply("CN=billing", List.of("email:ops@payroll.gov.example"))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(issue.apply("CN=billing", List.of("uri:https://payroll.gov.example/"))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(issue.apply("CN=billing", List.of("uri:https://payroll.gov.example@pay.billing.gov.example/")))
                .as("user information before a granted host").isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(issue.apply("CN=billing", List.of("ip:10.1.2.4"))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(issue.apply("CN=billing", List.of("ip:2001:db8::8"))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(issue.apply("CN=billing,CN=payroll", List.of())).as("every common name counts").isEqualTo(ErrorCode.FORBIDDEN);
        // a refusal names what was refused, issues nothing, and is on the trail
        String csr = Pkix.toPem(CsrBuilder.create(Sm2.generateKey(), "CN=billing", List.of("dns:payroll.gov.example")));
        assertThatThrownBy(() -> s.issueCertificate(billing, new IssueCertificateRequest(csr, 30, null, null, null)))
                .hasMessageContaining("dns:payroll.gov.example").hasMessageContaining("crypto:cert-name:")
                .hasMessageNotContaining("cn:billing");
        assertThat(events.get(events.size() - 1).errorCode()).isEqualTo("forbidden");
        // the grant of every name
        CryptoService operator = new CryptoService(ring, (caller, permission) -> new org.apache.shiro.authz.permission.WildcardPermission(
                "crypto:*", true).implies(new org.apache.shiro.authz.permission.WildcardPermission(permission, true)), events::add, 1024, ca);
        assertThat(operator.issueCertificate(billing, new IssueCertificateRequest(Pkix.toPem(CsrBuilder.create(Sm2.generateKey(),
                "CN=Any Name: with\\, punctuation", List.of("dns:payroll.gov.example"))), 30, null, null, null)).certificatePem()).isNotBlank();
    }

    @Test
    void certificatesAndCmsThroughTheService() {
        Caller admin = new Caller("admin");
        Sm2PrivateKey appKey = Sm2.generateKey();
        String csr = Pkix.toPem(CsrBuilder.create(appKey, "CN=app1", List.of("dns:app1.gov.example")));
        CertificateResponse cert = service.issueCertificate(admin, new IssueCertificateRequest(csr, 30, List.of("digital_signature"),
                List.of("CLIENT_AUTH"), null));
        assertThat(cert.certificatePem()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(code(() -> service.issueCertificate(admin, new IssueCertificateRequest(csr.replace("M", "N"), 30, null, null, null))))
                .isIn(ErrorCode.MALFORMED_INPUT, ErrorCode.MALFORMED_BASE64, ErrorCode.VERIFICATION_FAILED);
        assertThat(service.revokeCertificate(admin, new RevokeRequest(cert.serial(), 4)).serial()).isEqualTo(cert.serial());
        assertThat(service.crl(admin).crlPem()).contains("BEGIN X509 CRL");
        assertThat(code(() -> service.revokeCertificate(admin, new RevokeRequest("abcdef", 0)))).isEqualTo(ErrorCode.UNKNOWN_KEY);

        // CMS with a key-ring key: a CSR signed by the ring key, a certificate for it, then cms-sign through the service
        String ringCsr = Pkix.toPem(CsrBuilder.create(ring.publicKey("app1-sign", 1),
                data -> ring.sign("app1-sign", 1, data).payload(), "CN=app1 signing", List.of()));
        CertificateResponse ringCert = service.issueCertificate(admin, new IssueCertificateRequest(ringCsr, 30, null, null, null));
        CmsSignResponse signed = service.cmsSign(APP1, new CmsSignRequest("app1-sign", b64("licence"), true, ringCert.certificatePem()));
        CmsVerifyResponse ok = service.cmsVerify(APP2, new CmsVerifyRequest(signed.cms(), b64("licence")));
        assertThat(ok.trusted()).isTrue();
        assertThat(ok.signerSubject()).isEqualTo("CN=app1 signing");
        assertThat(code(() -> service.cmsVerify(APP2, new CmsVerifyRequest(signed.cms(), b64("licencE"))))).isEqualTo(ErrorCode.VERIFICATION_FAILED);
        // once the signer's certificate is revoked, its signatures are no longer trusted
        service.revokeCertificate(admin, new RevokeRequest(ringCert.serial(), 1));
        assertThat(code(() -> service.cmsVerify(APP2, new CmsVerifyRequest(signed.cms(), b64("licence"))))).isEqualTo(ErrorCode.VERIFICATION_FAILED);
        Sm2PrivateKey signer = Sm2.generateKey();
        CertificateResponse signerCert = service.issueCertificate(admin, new IssueCertificateRequest(
                Pkix.toPem(CsrBuilder.create(signer, "CN=Licence Office", List.of())), 30, null, null, null));
        // a certificate that does not hold the ring key's public key is refused
        assertThat(code(() -> service.cmsSign(APP1, new CmsSignRequest("app1-sign", b64("licence"), false, signerCert.certificatePem()))))
                .isEqualTo(ErrorCode.INVALID_REQUEST);
        byte[] cms = org.citywall.crypto.pki.Cms.sign("licence".getBytes(StandardCharsets.UTF_8), signer,
                Pkix.certificate(signerCert.certificatePem().getBytes(StandardCharsets.US_ASCII)), false);
        CmsVerifyResponse v = service.cmsVerify(APP2, new CmsVerifyRequest(Base64.getEncoder().encodeToString(cms), null));
        assertThat(v.trusted()).isTrue();
        assertThat(v.content()).isEqualTo(b64("licence"));
        assertThat(v.signerSubject()).isEqualTo("CN=Licence Office");
    }

    @Test
    void errorCodesAreStableStrings() {
        assertThat(Map.of(ErrorCode.DECRYPTION_FAILED.code(), ErrorCode.DECRYPTION_FAILED.httpStatus(),
                ErrorCode.FORBIDDEN.code(), ErrorCode.FORBIDDEN.httpStatus()))
                .containsEntry("decryption_failed", 400).containsEntry("forbidden", 403);
        assertThat(Operation.SIGN.permission("app1-sign")).isEqualTo("crypto:sign:app1-sign");
        assertThat(Operation.HASH.permission(null)).isEqualTo("crypto:hash");
    }
}
