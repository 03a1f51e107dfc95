package org.citywall.crypto.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.citywall.crypto.KeyRing;
import org.citywall.crypto.KeyType;
import org.citywall.crypto.Sm2;
import org.citywall.crypto.Sm2PrivateKey;
import org.citywall.crypto.pki.CaLedger;
import org.citywall.crypto.pki.CertificateAuthority;
import org.citywall.crypto.pki.Cms;
import org.citywall.crypto.pki.CsrBuilder;
import org.citywall.crypto.pki.Pkix;
import org.citywall.crypto.service.CryptoApi.*;
import org.junit.jupiter.api.Test;

/** How chain-validation and parsing failures reach a caller: a stable code and a plain sentence, never internals. */
class CryptoServiceChainErrorsTest {

    private static final Caller APP = new Caller("app");

    private final KeyRing ring = KeyRing.inMemory();
    private final List<AuditEvent> events = new ArrayList<>();
    private final CryptoService service = new CryptoService(ring, Authorizer.permitAll(), events::add, 1 << 16,
            CertificateAuthority.createRoot("CN=Service CA", Sm2.generateKey(), Duration.ofDays(100), CaLedger.inMemory()));

    private static ServiceException failure(Runnable r) {
        try {
            r.run();
        } catch (ServiceException e) {
            return e;
        }
        throw new AssertionError("expected a ServiceException");
    }

    private String cmsSignedUnder(List<String> keyUsages) {
        Sm2PrivateKey key = Sm2.generateKey();
        String pem = service.issueCertificate(APP, new IssueCertificateRequest(Pkix.toPem(CsrBuilder.create(key, "CN=Licence Office",
                List.of())), 30, keyUsages, null, null)).certificatePem();
        byte[] cms = Cms.sign("licence".getBytes(StandardCharsets.UTF_8), key, Pkix.certificate(pem.getBytes(StandardCharsets.US_ASCII)), false);
        return Base64.getEncoder().encodeToString(cms);
    }

    @Test
    void aSignerWhoseCertificateIsNotForSigningIsAVerificationFailureSayingWhy() {
        assertThat(service.cmsVerify(APP, new CmsVerifyRequest(cmsSignedUnder(List.of("digital_signature")), null)).trusted()).isTrue();
        ServiceException e = failure(() -> service.cmsVerify(APP, new CmsVerifyRequest(cmsSignedUnder(List.of("key_agreement")), null)));
        assertThat(e.code()).isEqualTo(ErrorCode.VERIFICATION_FAILED);
        assertThat(e.getMessage()).contains("CN=Licence Office").contains("may not be used for signing");
        assertThat(events.get(events.size() - 1).errorCode()).isEqualTo("verification_failed");
    }

    @Test
    void malformedInputsAreAnsweredWithoutExceptionNamesOrStackTraces() {
        ring.create("signer", KeyType.SM2_SIGNING);
        String junkDer = Base64.getEncoder().encodeToString(new byte[] {0x30, (byte) 0x82, 0x7f, 0x7f, 0x02, 0x01});
        // well-formed DER of the wrong shape: a certificate whose to-be-signed part is an INTEGER
        String wrongShape = Base64.getEncoder().encodeToString(new byte[] {0x30, 0x08, 0x02, 0x01, 0x01, 0x30, 0x00, 0x03, 0x01, 0x00});
        List<ServiceException> failures = List.of(
                failure(() -> service.cmsVerify(APP, new CmsVerifyRequest(junkDer, null))),
                failure(() -> service.cmsSign(APP, new CmsSignRequest("signer", "aGk=", false, junkDer))),
                failure(() -> service.cmsSign(APP, new CmsSignRequest("signer", "aGk=", false, wrongShape))),
                failure(() -> service.issueCertificate(APP, new IssueCertificateRequest(wrongShape, 30, null, null, null))),
                failure(() -> service.cmsSign(APP, new CmsSignRequest("signer", "aGk=", false,
                        "-----BEGIN CERTIFICATE-----\nMIIB!!!\n-----END CERTIFICATE-----\n"))),
                failure(() -> service.issueCertificate(APP, new IssueCertificateRequest(junkDer, 30, null, null, null))),
                failure(() -> service.verify(APP, new VerifyRequest("aGk=", "citywall:signer:v1:" + junkDer))));
        for (ServiceException e : failures) {
            assertThat(e.code()).isIn(ErrorCode.MALFORMED_INPUT, ErrorCode.MALFORMED_BASE64, ErrorCode.VERIFICATION_FAILED);
            assertThat(e.getMessage()).doesNotContainPattern("(?i)exception|org\\.bouncycastle|java\\.|\\tat ");
        }
    }
}
