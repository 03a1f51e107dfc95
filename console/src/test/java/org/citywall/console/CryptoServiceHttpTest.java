package org.citywall.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.citywall.audit.AuditLog;
import org.citywall.audit.AuditQuery;
import org.citywall.audit.AuditRecord;
import org.citywall.audit.AuditResult;
import org.citywall.crypto.KeyRing;
import org.citywall.crypto.KeyType;
import org.citywall.embedded.elasticsearch.EmbeddedElasticsearch;
import org.citywall.event.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crypto service over real HTTP: API-key authentication, per-key authorisation (an
 * application cannot use another's key), every error code, payload limits, and one audit record
 * per call that never holds the plaintext.
 */
class CryptoServiceHttpTest {
    @TempDir
    static Path dir;
    static EmbeddedElasticsearch es;
    static AuditLog audit;
    static KeyRing ring;
    static ConsoleServer console;
    static String billingKey;
    static String hrKey;

    @BeforeAll
    static void start() {
        es = EmbeddedElasticsearch.start(dir.resolve("es"));
        audit = TestAudit.open(dir.resolve("audit"));
        ring = KeyRing.inMemory();
        ring.create("billing-sign", KeyType.SM2_SIGNING);
        ring.create("billing-enc", KeyType.SM4_GCM);
        ring.create("hr-sign", KeyType.SM2_SIGNING);
        ring.create("billing-old", KeyType.SM2_SIGNING);
        ring.rotate("billing-old");
        ring.disable("billing-old", 1);
        console = ConsoleServer.builder().dataDirectory(dir.resolve("data")).elasticsearch(es.url()).auditLog(audit)
                .keyRing(ring).maxCryptoPayload(4096).onFirstAdministrator((u, pw) -> { })
                .certificateAuthority(org.citywall.crypto.pki.CertificateAuthority.createRoot("CN=Service CA",
                        org.citywall.crypto.Sm2.generateKey(), java.time.Duration.ofDays(30), org.citywall.crypto.pki.CaLedger.inMemory()))
                .build().start();
        billingKey = console.apps().create("billing", List.of("crypto:sign:billing-sign,billing-enc,billing-old,billing-missing", "crypto:verify:*",
                "crypto:encrypt:billing-enc", "crypto:decrypt:billing-enc", "crypto:hash", "crypto:cert-issue",
                "crypto:cert-name:*.Billing.Gov.Example")); // certificate names know no case, nor do their grants
        hrKey = console.apps().create("hr", List.of("crypto:sign:hr-sign"));
    }

    @AfterAll
    static void stop() throws Exception {
        TestResources.closeAll(console, audit, es);
    }

    static ApiClient.Answer call(String key, String path, Object body) {
        ApiClient c = new ApiClient(console.url());
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(console.url() + "/api/v1/crypto" + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : Json.write(body)));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return c.send(b);
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void an_application_signs_with_its_key_and_the_signature_verifies() {
        ApiClient.Answer signed = call(billingKey, "/sign", Map.of("key", "billing-sign", "message", b64("invoice 42")));
        assertThat(signed.status()).isEqualTo(200);
        String signature = (String) signed.json().get("signature");
        assertThat(signature).startsWith("citywall:billing-sign:v1:");
        assertThat(call(billingKey, "/verify", Map.of("message", b64("invoice 42"), "signature", signature)).json())
                .containsEntry("valid", true);
        ApiClient.Answer forged = call(billingKey, "/verify", Map.of("message", b64("invoice 43"), "signature", signature));
        assertThat(forged.status()).isEqualTo(400);
        assertThat(forged.errorCode()).isEqualTo("verification_failed");
    }

    @Test
    void an_application_retires_an_old_key_version_rewrapping_its_data_first() {
        ring.create("ledger-enc", KeyType.SM4_GCM);
        String keeper = console.apps().create("keeper", java.util.stream.Stream.of("encrypt", "decrypt", "rewrap", "key-rotate",
                "key-disable", "key-enable", "key-config").map(op -> "crypto:" + op + ":ledger-enc").toList());
        String v1 = (String) call(keeper, "/encrypt", Map.of("key", "ledger-enc", "plaintext", b64("balance 100"))).json().get("ciphertext");
        assertThat(call(keeper, "/keys/ledger-enc/rotate", Map.of()).status()).isEqualTo(200);

        ApiClient.Answer rewrapped = call(keeper, "/rewrap", Map.of("ciphertext", v1));
        assertThat(rewrapped.status()).isEqualTo(200);
        assertThat(rewrapped.json()).containsEntry("version", 2L).doesNotContainKey("plaintext");
        String v2 = (String) rewrapped.json().get("ciphertext");

        assertThat(call(keeper, "/keys/ledger-enc/versions/1/disable", Map.of()).json().toString()).contains("DISABLED");
        assertThat(call(keeper, "/decrypt", Map.of("ciphertext", v1)).errorCode()).isEqualTo("disabled_version");
        assertThat(call(keeper, "/keys/ledger-enc/versions/1/enable", Map.of()).status()).isEqualTo(200);
        assertThat(call(keeper, "/decrypt", Map.of("ciphertext", v1)).status()).isEqualTo(200);
        assertThat(call(keeper, "/keys/ledger-enc/versions/2/disable", Map.of()).errorCode()).isEqualTo("invalid_request");
        assertThat(call(keeper, "/keys/ledger-enc/versions/two/disable", Map.of()).errorCode()).isEqualTo("invalid_request");

        ApiClient.Answer configured = call(keeper, "/keys/ledger-enc/config", Map.of("minDecryptionVersion", 2));
        assertThat(configured.json()).containsEntry("minDecryptionVersion", 2L);
        assertThat(call(keeper, "/decrypt", Map.of("ciphertext", v1)).errorCode()).isEqualTo("disabled_version");
        assertThat(call(keeper, "/decrypt", Map.of("ciphertext", v2)).json()).containsEntry("plaintext", b64("balance 100"));

        // another application may not retire someone else's key versions
        assertThat(call(hrKey, "/keys/ledger-enc/versions/2/enable", Map.of()).errorCode()).isEqualTo("forbidden");
        assertThat(call(hrKey, "/keys/ledger-enc/config", Map.of("minDecryptionVersion", 1)).errorCode()).isEqualTo("forbidden");
        assertThat(audit.query(AuditQuery.builder().subject("keeper").action("crypto.key-disable").build()))
                .extracting(r -> String.valueOf(r.details().get("version"))).contains("1", "2");
        assertThat(audit.query(AuditQuery.builder().subject("hr").action("crypto.key-config").build()))
                .extracting(AuditRecord::result).containsExactly(AuditResult.DENIED);
    }

    @Test
    void a_signature_for_a_signer_user_id_verifies_with_that_id_only_and_the_trail_holds_its_digest() {
        ring.create("notary-sign", KeyType.SM2_SIGNING);
        String notary = console.apps().create("notary", List.of("crypto:sign:notary-sign", "crypto:verify:notary-sign"));
        String alice = "alice@example.gov.cn";
        ApiClient.Answer signed = call(notary, "/sign", Map.of("key", "notary-sign", "message", b64("deed 9"), "userId", alice));
        assertThat(signed.status()).isEqualTo(200);
        String signature = (String) signed.json().get("signature");
        assertThat(call(notary, "/verify", Map.of("message", b64("deed 9"), "signature", signature, "userId", alice)).json())
                .containsEntry("valid", true);
        ApiClient.Answer asDefault = call(notary, "/verify", Map.of("message", b64("deed 9"), "signature", signature));
        assertThat(asDefault.status()).isEqualTo(400);
        assertThat(asDefault.errorCode()).isEqualTo("verification_failed");
        assertThat(call(notary, "/sign", Map.of("key", "notary-sign", "message", b64("deed 9"), "userId", "a".repeat(1025))).errorCode())
                .isEqualTo("invalid_request");

        List<AuditRecord> signs = audit.query(AuditQuery.builder().subject("notary").action("crypto.sign").build());
        String aliceSm3 = org.bouncycastle.util.encoders.Hex.toHexString(org.citywall.crypto.Sm3.digest(alice.getBytes(StandardCharsets.UTF_8)));
        assertThat(signs).extracting(r -> r.details().get("user_id_sm3")).contains(aliceSm3);
        assertThat(audit.query(AuditQuery.builder().subject("notary").action("crypto.verify").build()))
                .extracting(r -> r.details().get("user_id_sm3")).containsExactlyInAnyOrder(aliceSm3, null);
        assertThat(signs).allSatisfy(r -> assertThat(r.toJson()).doesNotContain(alice).doesNotContain(b64("deed 9")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void answers_carry_the_members_the_openapi_document_gives_them() {
        Map<String, Object> schemas = (Map<String, Object>) ((Map<String, Object>) new ApiClient(console.url())
                .get("/api/v1/openapi.json").json().get("components")).get("schemas");
        java.util.function.Function<String, java.util.Set<String>> members = name ->
                ((Map<String, Object>) ((Map<String, Object>) schemas.get(name)).get("properties")).keySet();
        ApiClient.Answer signed = call(billingKey, "/sign", Map.of("key", "billing-sign", "message", b64("invoice 8")));
        assertThat(signed.json().keySet()).isEqualTo(members.apply("SignResponse"));
        ApiClient.Answer verified = call(billingKey, "/verify", Map.of("message", b64("invoice 8"), "signature", signed.json().get("signature")));
        assertThat(verified.json().keySet()).isEqualTo(members.apply("VerifyResponse"));
        assertThat(call(billingKey, "/hash", Map.of("data", b64("x"))).json().keySet()).isEqualTo(members.apply("HashResponse"));
    }

    @Test
    void an_answer_is_json_of_its_declared_length_with_the_consoles_security_headers() {
        ApiClient.Answer signed = call(billingKey, "/sign", Map.of("key", "billing-sign", "message", b64("invoice 7")));
        assertThat(signed.status()).isEqualTo(200);
        assertThat(signed.header("Content-Type")).startsWith("application/json");
        assertThat(Long.parseLong(signed.header("Content-Length"))).isEqualTo(signed.body().getBytes(StandardCharsets.UTF_8).length);
        assertThat(signed.json()).containsKeys("signature", "key", "version");
        assertThat(signed.header("Cache-Control")).isEqualTo("no-store");
        assertThat(signed.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(signed.header("X-Request-Id")).isNotBlank();
        // the request id of the answer is the one on the audit record
        assertThat(audit.query(AuditQuery.builder().subject("billing").build()))
                .anySatisfy(r -> assertThat(r.requestId()).isEqualTo(signed.header("X-Request-Id")));
    }

    @Test
    void without_or_with_a_wrong_api_key_nothing_happens() {
        for (String key : new String[] {null, "cwk_billing_wrong", billingKey.substring(0, billingKey.length() - 2) + "xx", "Basic abc"}) {
            ApiClient.Answer a = call(key, "/sign", Map.of("key", "billing-sign", "message", b64("x")));
            assertThat(a.status()).isEqualTo(401);
            assertThat(a.errorCode()).isEqualTo("unauthenticated");
            assertThat(a.header("WWW-Authenticate")).startsWith("Bearer");
        }
    }

    @Test
    void an_application_cannot_use_another_applications_key() {
        ApiClient.Answer a = call(hrKey, "/sign", Map.of("key", "billing-sign", "message", b64("x")));
        assertThat(a.status()).isEqualTo(403);
        assertThat(a.errorCode()).isEqualTo("forbidden");
        assertThat(call(billingKey, "/sign", Map.of("key", "hr-sign", "message", b64("x"))).errorCode()).isEqualTo("forbidden");
        // an unknown key outside the caller's permissions is also just forbidden: no key enumeration
        assertThat(call(hrKey, "/sign", Map.of("key", "no-such-key", "message", b64("x"))).errorCode()).isEqualTo("forbidden");
        assertThat(call(hrKey, "/sign", Map.of("key", "hr-sign", "message", b64("x"))).status()).isEqualTo(200);
    }

    @Test
    void an_application_gets_certificates_for_its_own_names_and_not_for_anothers() {
        java.util.function.Function<String, ApiClient.Answer> issue = name -> call(billingKey, "/certificates", Map.of(
                "csr", org.citywall.crypto.pki.Pkix.toPem(org.citywall.crypto.pki.CsrBuilder.create(org.citywall.crypto.Sm2.generateKey(),
                        "CN=" + name, List.of("dns:" + name))), "validityDays", 30));
        ApiClient.Answer mine = issue.apply("api.billing.gov.example");
        assertThat(mine.status()).isEqualTo(200);
        assertThat((String) mine.json().get("certificatePem")).startsWith("-----BEGIN CERTIFICATE-----");
        ApiClient.Answer theirs = issue.apply("api.hr.gov.example");
        assertThat(theirs.status()).isEqualTo(403);
        assertThat(theirs.errorCode()).isEqualTo("forbidden");
        assertThat(theirs.body()).contains("dns:api.hr.gov.example").contains("cn:api.hr.gov.example");
        assertThat(issue.apply("billing.gov.example").status()).as("*.domain covers names below it, not the domain").isEqualTo(403);
    }

    @Test
    void every_error_has_its_stable_code() {
        assertThat(call(billingKey, "/sign", Map.of("key", "billing-sign", "message", "***not base64***")).errorCode())
                .isEqualTo("malformed_base64");
        assertThat(call(billingKey, "/sign", Map.of("key", "billing-missing", "message", b64("x"))).errorCode())
                .isEqualTo("unknown_key");
        ApiClient.Answer wrongType = call(billingKey, "/sign", Map.of("key", "billing-enc", "message", b64("x")));
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.errorCode()).isEqualTo("wrong_key_type");
        assertThat(call(billingKey, "/sign", Map.of("key", "billing-old", "message", b64("x"), "version", 1)).errorCode())
                .isEqualTo("disabled_version");
        ApiClient.Answer big = call(billingKey, "/sign", Map.of("key", "billing-sign", "message",
                Base64.getEncoder().encodeToString(new byte[5000])));
        assertThat(big.status()).isEqualTo(413);
        assertThat(big.errorCode()).isEqualTo("payload_too_large");
        assertThat(call(billingKey, "/sign", "{not json").errorCode()).isEqualTo("malformed_json");
        assertThat(call(billingKey, "/sign", Map.of("message", b64("x"))).status()).isEqualTo(400);
    }

    @Test
    void every_decryption_failure_looks_the_same() {
        String ct = (String) call(billingKey, "/encrypt", Map.of("key", "billing-enc", "plaintext", b64("salary 1000"),
                "associatedData", b64("row-7"))).json().get("ciphertext");
        assertThat(call(billingKey, "/decrypt", Map.of("ciphertext", ct, "associatedData", b64("row-7"))).json())
                .containsEntry("plaintext", b64("salary 1000"));
        String tampered = ct.substring(0, ct.length() - 4) + (ct.endsWith("AAAA") ? "BBBB" : "AAAA");
        ApiClient.Answer t = call(billingKey, "/decrypt", Map.of("ciphertext", tampered, "associatedData", b64("row-7")));
        ApiClient.Answer aad = call(billingKey, "/decrypt", Map.of("ciphertext", ct, "associatedData", b64("row-8")));
        assertThat(t.status()).isEqualTo(400);
        assertThat(t.errorCode()).isEqualTo("decryption_failed");
        assertThat(aad.body()).isEqualTo(t.body());
    }

    @Test
    void each_call_is_recorded_once_with_a_digest_never_the_plaintext() {
        call(billingKey, "/hash", Map.of("data", b64("top secret payroll")));
        List<AuditRecord> r = audit.query(AuditQuery.builder().subject("billing").action("crypto.hash").build());
        assertThat(r).hasSize(1);
        assertThat(r.get(0).details()).containsKey("input_sm3");
        assertThat(r.get(0).toJson()).doesNotContain("top secret").doesNotContain(b64("top secret payroll"));
        call(hrKey, "/sign", Map.of("key", "billing-sign", "message", b64("x")));
        assertThat(audit.query(AuditQuery.builder().subject("hr").action("crypto.sign").build()))
                .extracting(x -> x.result().wireName()).contains("denied");
    }
}
