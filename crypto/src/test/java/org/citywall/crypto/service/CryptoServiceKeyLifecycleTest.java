package org.citywall.crypto.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.apache.shiro.authz.permission.WildcardPermission;
import org.citywall.crypto.KeyRing;
import org.citywall.crypto.KeyType;
import org.citywall.crypto.service.CryptoApi.*;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Applications retire old key versions: disable and enable a version, a minimum decryption version, rewrap to the primary. */
class CryptoServiceKeyLifecycleTest {

    private static final Caller OWNER = new Caller("owner");
    private static final Caller USER = new Caller("user");

    private final KeyRing ring = KeyRing.inMemory();
    private final List<AuditEvent> events = new ArrayList<>();
    private final CryptoService service = new CryptoService(ring, (caller, permission) -> new WildcardPermission(
            caller.equals(OWNER) ? "crypto:*:data,platform" : "crypto:encrypt,decrypt:data", true).implies(new WildcardPermission(permission, true)),
            events::add, 1024, null, Set.of("platform"));
    private String v1;

    @BeforeEach
    void twoVersions() {
        ring.create("data", KeyType.SM4_GCM);
        ring.create("platform", KeyType.SM4_GCM);
        ring.rotate("platform");
        v1 = service.encrypt(OWNER, new EncryptRequest("data", b64("salary"), null)).ciphertext();
        service.rotateKey(OWNER, "data");
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

    private String decrypt(String ciphertext) {
        return service.decrypt(USER, new DecryptRequest(ciphertext, null)).plaintext();
    }

    @Test
    void aDisabledVersionIsRefusedUntilEnabledAgainAndThePrimaryCannotBeDisabled() {
        KeyView disabled = service.disableKeyVersion(OWNER, "data", 1);
        assertThat(disabled.versions()).extracting(KeyVersionView::state).containsExactly("DISABLED", "ENABLED");
        assertThat(code(() -> decrypt(v1))).isEqualTo(ErrorCode.DISABLED_VERSION);
        service.enableKeyVersion(OWNER, "data", 1);
        assertThat(decrypt(v1)).isEqualTo(b64("salary"));
        assertThat(code(() -> service.disableKeyVersion(OWNER, "data", 2))).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(code(() -> service.disableKeyVersion(OWNER, "data", 7))).isEqualTo(ErrorCode.UNKNOWN_KEY);
    }

    @Test
    void rewrapMovesOldCiphertextToThePrimaryBeforeTheMinimumVersionRetiresTheOldOne() {
        EncryptResponse rewrapped = service.rewrap(OWNER, new RewrapRequest(v1, null));
        assertThat(rewrapped.version()).isEqualTo(2);
        assertThat(rewrapped.ciphertext()).startsWith("citywall:data:v2:").doesNotContain(b64("salary"));
        KeyView configured = service.configureKey(OWNER, "data", new KeyConfigRequest(2));
        assertThat(configured.minDecryptionVersion()).isEqualTo(2);
        assertThat(code(() -> decrypt(v1))).isEqualTo(ErrorCode.DISABLED_VERSION);
        assertThat(code(() -> service.rewrap(OWNER, new RewrapRequest(v1, null)))).isEqualTo(ErrorCode.DISABLED_VERSION);
        assertThat(decrypt(rewrapped.ciphertext())).isEqualTo(b64("salary"));
        assertThat(code(() -> service.configureKey(OWNER, "data", new KeyConfigRequest(3)))).isEqualTo(ErrorCode.INVALID_REQUEST);
    }

    @Test
    void lifecycleCallsNeedTheirOwnPermissionsAreAuditedAndNeverTouchPlatformKeys() {
        assertThat(code(() -> service.disableKeyVersion(USER, "data", 1))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(code(() -> service.configureKey(USER, "data", new KeyConfigRequest(2)))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(ring.info("data").minDecryptionVersion()).isEqualTo(1);
        // even a grant naming it does not let an application retire a key the platform signs or encrypts with
        assertThat(code(() -> service.disableKeyVersion(OWNER, "platform", 1))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(code(() -> service.configureKey(OWNER, "platform", new KeyConfigRequest(2)))).isEqualTo(ErrorCode.FORBIDDEN);

        service.disableKeyVersion(OWNER, "data", 1);
        AuditEvent last = events.get(events.size() - 1);
        assertThat(last.operation()).isEqualTo(Operation.KEY_DISABLE);
        assertThat(last.key()).isEqualTo("data");
        assertThat(last.version()).isEqualTo(1);
        assertThat(last.outcome()).isEqualTo(AuditEvent.Outcome.OK);
        assertThat(events).filteredOn(e -> e.operation() == Operation.KEY_CONFIG)
                .extracting(AuditEvent::outcome).containsExactly(AuditEvent.Outcome.DENIED, AuditEvent.Outcome.DENIED);
    }
}
