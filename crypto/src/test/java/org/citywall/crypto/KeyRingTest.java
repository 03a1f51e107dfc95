package org.citywall.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyRingTest {

    private static final byte[] MSG = "tree head 42".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CTX = "object-7".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private static CryptoException.Reason reason(Runnable r) {
        try {
            r.run();
        } catch (CryptoException e) {
            return e.reason();
        }
        throw new AssertionError("expected a CryptoException");
    }

    @Test
    void aSigningKeyStartsAtVersionOneAndSignsWithItsPrimary() {
        KeyRing ring = KeyRing.inMemory();
        KeyInfo info = ring.create("audit-heads", KeyType.SM2_SIGNING);
        assertThat(info.primaryVersion()).isEqualTo(1);
        assertThat(ring.currentVersion("audit-heads")).isEqualTo(1);
        Envelope sig = ring.sign("audit-heads", MSG);
        assertThat(sig.key()).isEqualTo("audit-heads");
        assertThat(sig.version()).isEqualTo(1);
        assertThat(sig.toText()).startsWith("citywall:audit-heads:v1:");
        assertThat(ring.verify(sig, MSG)).isTrue();
        assertThat(ring.verify(Envelope.parse(sig.toText()), MSG)).isTrue();
        assertThat(ring.publicKey("audit-heads", 1).verify(MSG, sig.payload())).isTrue();
    }

    @Test
    void rotationKeepsOldSignaturesVerifiable() {
        KeyRing ring = KeyRing.inMemory();
        ring.create("k", KeyType.SM2_SIGNING);
        Envelope v1 = ring.sign("k", MSG);
        assertThat(ring.rotate("k")).isEqualTo(2);
        Envelope v2 = ring.sign("k", MSG);
        assertThat(v2.version()).isEqualTo(2);
        assertThat(ring.verify(v1, MSG)).isTrue();
        assertThat(ring.verify(v2, MSG)).isTrue();
        assertThat(ring.sign("k", 1, MSG).version()).isEqualTo(1);
        assertThat(ring.publicKeys("k")).containsOnlyKeys(1, 2);
        assertThat(ring.publicKey("k", 1)).isNotEqualTo(ring.publicKey("k", 2));
        // a signature relabelled to another version fails
        Envelope relabelled = new Envelope("k", 2, v1.payload());
        assertThat(ring.verify(relabelled, MSG)).isFalse();
    }

    @Test
    void disabledDestroyedAndBelowMinimumVersionsAreRefused() {
        KeyRing ring = KeyRing.inMemory();
        ring.create("k", KeyType.SM4_GCM);
        Envelope v1 = ring.encrypt("k", MSG, CTX);
        ring.rotate("k");
        assertThat(reason(() -> ring.disable("k", 2))).isEqualTo(CryptoException.Reason.INVALID_REQUEST);
        ring.disable("k", 1);
        assertThat(reason(() -> ring.decrypt(v1, CTX))).isEqualTo(CryptoException.Reason.DISABLED_VERSION);
        ring.enable("k", 1);
        assertThat(ring.decrypt(v1, CTX)).isEqualTo(MSG);
        ring.setMinDecryptionVersion("k", 2);
        assertThat(reason(() -> ring.decrypt(v1, CTX))).isEqualTo(CryptoException.Reason.DISABLED_VERSION);
        ring.setMinDecryptionVersion("k", 1);
        ring.destroy("k", 1);
        assertThat(reason(() -> ring.decrypt(v1, CTX))).isEqualTo(CryptoException.Reason.DISABLED_VERSION);
        assertThat(reason(() -> ring.enable("k", 1))).isEqualTo(CryptoException.Reason.DISABLED_VERSION);
        assertThat(ring.info("k").versions()).extracting(KeyVersionInfo::state)
                .containsExactly(VersionState.DESTROYED, VersionState.ENABLED);
    }

    @Test
    void aDestroyedSigningVersionKeepsItsPublicKey() {
        KeyRing ring = KeyRing.inMemory();
        ring.create("k", KeyType.SM2_SIGNING);
        Envelope old = ring.sign("k", MSG);
        ring.rotate("k");
        ring.destroy("k", 1);
        assertThat(reason(() -> ring.sign("k", 1, MSG))).isEqualTo(CryptoException.Reason.DISABLED_VERSION);
        assertThat(ring.publicKey("k", 1).verify(MSG, old.payload())).isTrue();
    }

    @Test
    void unknownKeysVersionsAndWrongTypesHaveTheirOwnReasons() {
        KeyRing ring = KeyRing.inMemory();
        ring.create("mac", KeyType.HMAC_SM3);
        assertThat(reason(() -> ring.sign("nope", MSG))).isEqualTo(CryptoException.Reason.UNKNOWN_KEY);
        assertThat(reason(() -> ring.sign("mac", MSG))).isEqualTo(CryptoException.Reason.WRONG_KEY_TYPE);
        assertThat(reason(() -> ring.encrypt("mac", MSG, null))).isEqualTo(CryptoException.Reason.WRONG_KEY_TYPE);
        assertThat(reason(() -> ring.publicKey("mac", 1))).isEqualTo(CryptoException.Reason.WRONG_KEY_TYPE);
        assertThat(reason(() -> ring.verifyMac(new Envelope("mac", 9, new byte[32]), MSG)))
                .isEqualTo(CryptoException.Reason.UNKNOWN_KEY);
        assertThat(reason(() -> ring.create("mac", KeyType.HMAC_SM3))).isEqualTo(CryptoException.Reason.INVALID_REQUEST);
        assertThat(reason(() -> ring.create("bad:name", KeyType.HMAC_SM3))).isEqualTo(CryptoException.Reason.INVALID_REQUEST);
    }

    @Test
    void sm4GcmEnvelopesBindTheirLabelAndContext() {
        KeyRing ring = KeyRing.inMemory();
        ring.create("data", KeyType.SM4_GCM);
        ring.create("other", KeyType.SM4_GCM);
        Envelope ct = ring.encrypt("data", MSG, CTX);
        assertThat(ring.decrypt(ct, CTX)).isEqualTo(MSG);
        assertThat(reason(() -> ring.decrypt(ct, "object-8".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(CryptoException.Reason.DECRYPTION_FAILED);
        ring.rotate("data");
        assertThat(reason(() -> ring.decrypt(new Envelope("data", 2, ct.payload()), CTX)))
                .isEqualTo(CryptoException.Reason.DECRYPTION_FAILED);
        assertThat(reason(() -> ring.decrypt(new Envelope("other", 1, ct.payload()), CTX)))
                .isEqualTo(CryptoException.Reason.DECRYPTION_FAILED);
        byte[] p = ct.payload();
        for (int i = 0; i < p.length; i++) {
            byte[] t = p.clone();
            t[i] ^= 1;
            assertThat(reason(() -> ring.decrypt(new Envelope("data", 1, t), CTX)))
                    .isEqualTo(CryptoException.Reason.DECRYPTION_FAILED);
        }
        Envelope rewrapped = ring.rewrap(ct, CTX);
        assertThat(rewrapped.version()).isEqualTo(2);
        assertThat(ring.decrypt(rewrapped, CTX)).isEqualTo(MSG);
    }

    @Test
    void sm2EncryptionKeysAndMacKeysWorkThroughTheRing() {
        KeyRing ring = KeyRing.inMemory();
        ring.create("box", KeyType.SM2_ENCRYPTION);
        Envelope ct = ring.encrypt("box", MSG, null);
        assertThat(ring.decrypt(ct, null)).isEqualTo(MSG);
        assertThat(ring.publicKey("box", 1).encrypt(MSG)).isNotEmpty();
        ring.create("mac", KeyType.HMAC_SM3);
        Envelope tag = ring.mac("mac", MSG);
        assertThat(ring.verifyMac(tag, MSG)).isTrue();
        assertThat(ring.verifyMac(tag, CTX)).isFalse();
    }

    @Test
    void aFileBackedRingSurvivesReopeningAndRefusesAWrongMasterKey() throws Exception {
        Path file = dir.resolve("keyring.cw");
        MasterKey master = MasterKey.generate();
        KeyRing ring = KeyRing.create(file, master);
        ring.create("sign", KeyType.SM2_SIGNING);
        ring.create("data", KeyType.SM4_GCM);
        ring.rotate("sign");
        ring.destroy("sign", 1);
        Envelope sig = ring.sign("sign", MSG);
        Envelope ct = ring.encrypt("data", MSG, CTX);

        KeyRing again = KeyRing.open(file, master);
        assertThat(again.list()).extracting(KeyInfo::name).containsExactly("data", "sign");
        assertThat(again.verify(sig, MSG)).isTrue();
        assertThat(again.decrypt(ct, CTX)).isEqualTo(MSG);
        assertThat(again.info("sign").versions().get(0).state()).isEqualTo(VersionState.DESTROYED);
        assertThat(again.publicKey("sign", 1)).isEqualTo(ring.publicKey("sign", 1));

        assertThatThrownBy(() -> KeyRing.open(file, MasterKey.generate()))
                .isInstanceOf(CryptoException.class).hasMessageContaining("wrong master key");
        assertThatThrownBy(() -> KeyRing.open(dir.resolve("missing"), master))
                .isInstanceOf(CryptoException.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> KeyRing.create(file, master)).hasMessageContaining("already exists");

        byte[] bytes = Files.readAllBytes(file);
        assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).doesNotContain("sign").doesNotContain("SM2");
        bytes[bytes.length - 3] ^= 1;
        Files.write(file, bytes);
        assertThatThrownBy(() -> KeyRing.open(file, master))
                .isInstanceOf(CryptoException.class).hasMessageContaining("damaged or was altered");
    }

    @Test
    void masterKeysAreReadFromFilesAsHexBase64OrRawBytes() throws Exception {
        MasterKey m = MasterKey.generate();
        Path hex = Files.writeString(dir.resolve("hex"), m.toHex() + "\n");
        Path b64 = Files.writeString(dir.resolve("b64"),
                java.util.Base64.getEncoder().encodeToString(org.bouncycastle.util.encoders.Hex.decode(m.toHex())));
        Path raw = Files.write(dir.resolve("raw"), org.bouncycastle.util.encoders.Hex.decode(m.toHex()));
        for (Path p : new Path[] {hex, b64, raw}) {
            assertThat(MasterKey.fromFile(p).toHex()).isEqualTo(m.toHex());
        }
        Path bad = Files.writeString(dir.resolve("bad"), "not a key");
        assertThatThrownBy(() -> MasterKey.fromFile(bad)).hasMessageContaining("does not hold a master key");
        assertThatThrownBy(() -> MasterKey.fromFile(dir.resolve("none"))).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> MasterKey.fromEnvironment("CITYWALL_TEST_UNSET_VARIABLE"))
                .hasMessageContaining("is not set");
        assertThat(m.toString()).doesNotContain(m.toHex());
    }
}
