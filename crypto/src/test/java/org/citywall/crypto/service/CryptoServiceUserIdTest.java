package org.citywall.crypto.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.bouncycastle.util.encoders.Hex;
import org.citywall.crypto.KeyRing;
import org.citywall.crypto.KeyType;
import org.citywall.crypto.Sm2;
import org.citywall.crypto.Sm3;
import org.citywall.crypto.service.CryptoApi.SignRequest;
import org.citywall.crypto.service.CryptoApi.VerifyRequest;
import org.junit.jupiter.api.Test;

/**
 * The SM2 signer identity (user id, GM/T 0003's distinguishing identifier) through the service:
 * a signature binds the id in its Z value, the verifier states the id it expects, and the audit
 * trail learns that a non-default id was used without learning the id or the message.
 */
class CryptoServiceUserIdTest {

    private static final Caller APP = new Caller("app1");
    private static final String ALICE = "alice@example.gov.cn";
    private static final String MESSAGE = "营业执照 BL-2026-000123";

    private final List<AuditEvent> events = new ArrayList<>();
    private final CryptoService service;

    CryptoServiceUserIdTest() {
        KeyRing ring = KeyRing.inMemory();
        ring.create("app1-sign", KeyType.SM2_SIGNING);
        service = new CryptoService(ring, (caller, permission) -> true, events::add, 4096, null);
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private String sign(String message, String userId) {
        return service.sign(APP, new SignRequest("app1-sign", b64(message), null, userId)).signature();
    }

    private ErrorCode verifyError(String message, String signature, String userId) {
        try {
            service.verify(APP, new VerifyRequest(b64(message), signature, userId));
            return null;
        } catch (ServiceException e) {
            return e.code();
        }
    }

    private ErrorCode signError(String userId) {
        try {
            sign(MESSAGE, userId);
            return null;
        } catch (ServiceException e) {
            return e.code();
        }
    }

    @Test
    void aSignatureForAliceVerifiesForAliceOnly() {
        String sig = sign(MESSAGE, ALICE);
        assertThat(verifyError(MESSAGE, sig, ALICE)).isNull();
        assertThat(verifyError(MESSAGE, sig, null)).as("the default id").isEqualTo(ErrorCode.VERIFICATION_FAILED);
        assertThat(verifyError(MESSAGE, sig, Sm2.DEFAULT_USER_ID)).isEqualTo(ErrorCode.VERIFICATION_FAILED);
        assertThat(verifyError(MESSAGE, sig, "bob@example.gov.cn")).isEqualTo(ErrorCode.VERIFICATION_FAILED);
        assertThat(verifyError(MESSAGE + ".", sig, ALICE)).isEqualTo(ErrorCode.VERIFICATION_FAILED);
    }

    @Test
    void noIdAndTheDefaultIdAreTheSameSigner() {
        assertThat(verifyError(MESSAGE, sign(MESSAGE, Sm2.DEFAULT_USER_ID), null)).isNull();
        assertThat(verifyError(MESSAGE, sign(MESSAGE, null), Sm2.DEFAULT_USER_ID)).isNull();
        assertThat(verifyError(MESSAGE, sign(MESSAGE, null), ALICE)).isEqualTo(ErrorCode.VERIFICATION_FAILED);
    }

    @Test
    void theEnvelopeDoesNotCarryTheId() {
        String sig = sign(MESSAGE, ALICE);
        assertThat(sig).startsWith("citywall:app1-sign:v1:").doesNotContain(ALICE).doesNotContain(b64(ALICE));
    }

    @Test
    void idsAreOneTo1024BytesOfUnicodeText() {
        String longest = "é".repeat(CryptoService.MAX_USER_ID_BYTES / 2); // two bytes each in UTF-8
        assertThat(verifyError(MESSAGE, sign(MESSAGE, longest), longest)).isNull();
        assertThat(signError(longest + "x")).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(signError("")).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(signError("alice\uD800")).as("a lone surrogate").isEqualTo(ErrorCode.INVALID_REQUEST);
        String sig = sign(MESSAGE, ALICE);
        assertThat(verifyError(MESSAGE, sig, "x".repeat(CryptoService.MAX_USER_ID_BYTES + 1))).isEqualTo(ErrorCode.INVALID_REQUEST);
    }

    @Test
    void theAuditEventNotesTheSm3OfANonDefaultIdAndNeverTheMessage() {
        sign(MESSAGE, ALICE);
        verifyError(MESSAGE, sign(MESSAGE, ALICE), null);
        sign(MESSAGE, Sm2.DEFAULT_USER_ID);
        String aliceSm3 = Hex.toHexString(Sm3.digest(ALICE.getBytes(StandardCharsets.UTF_8)));
        assertThat(events).extracting(AuditEvent::operation, AuditEvent::userIdSm3).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Operation.SIGN, aliceSm3),
                org.assertj.core.groups.Tuple.tuple(Operation.SIGN, aliceSm3),
                org.assertj.core.groups.Tuple.tuple(Operation.VERIFY, null),
                org.assertj.core.groups.Tuple.tuple(Operation.SIGN, null));
        assertThat(events).allSatisfy(e -> assertThat(e.toString()).doesNotContain(ALICE).doesNotContain(MESSAGE));
        assertThat(events.get(0).inputSm3()).isEqualTo(Hex.toHexString(Sm3.digest(MESSAGE.getBytes(StandardCharsets.UTF_8))));
    }

    @Property(tries = 60)
    void anyIdRoundTripsAndNoOtherIdVerifies(@ForAll("userIds") String id) {
        Assume.that(!id.equals(Sm2.DEFAULT_USER_ID));
        String sig = sign(MESSAGE, id);
        assertThat(verifyError(MESSAGE, sig, id)).isNull();
        assertThat(verifyError(MESSAGE, sig, null)).isEqualTo(ErrorCode.VERIFICATION_FAILED);
        assertThat(verifyError(MESSAGE, sig, id + "\u0000")).isEqualTo(ErrorCode.VERIFICATION_FAILED);
    }

    /** 1 to 256 Unicode code points, any plane: at most 1024 bytes of UTF-8. */
    @Provide
    Arbitrary<String> userIds() {
        return Arbitraries.integers().between(1, Character.MAX_CODE_POINT)
                .filter(cp -> cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE)
                .list().ofMinSize(1).ofMaxSize(256)
                .map(cps -> cps.stream().collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString());
    }
}
