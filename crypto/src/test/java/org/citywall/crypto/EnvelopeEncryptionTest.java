package org.citywall.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.bouncycastle.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EnvelopeEncryptionTest {

    private static final byte[] AAD = "archive/2026/11/27/part-0001".getBytes(StandardCharsets.UTF_8);

    private KeyRing ring;
    private EnvelopeEncryption envelopes;

    @BeforeEach
    void kek() {
        ring = KeyRing.inMemory();
        ring.create("archive-kek", KeyType.SM4_GCM);
        envelopes = new EnvelopeEncryption(ring, "archive-kek");
    }

    @Test
    void objectsRoundTripAndEachHasItsOwnDataKey() {
        byte[] data = "audit batch".getBytes(StandardCharsets.UTF_8);
        byte[] a = envelopes.encrypt(data, AAD);
        byte[] b = envelopes.encrypt(data, AAD);
        assertThat(envelopes.decrypt(a, AAD)).isEqualTo(data);
        assertThat(Arrays.areEqual(a, b)).isFalse();
        assertThat(envelopes.wrappedKeyOf(a).payload()).isNotEqualTo(envelopes.wrappedKeyOf(b).payload());
        assertThat(envelopes.wrappedKeyOf(a).key()).isEqualTo("archive-kek");
    }

    @Test
    void everyTamperedByteAndOtherAssociatedDataFailsTheSameWay() {
        byte[] obj = envelopes.encrypt("x".repeat(40).getBytes(StandardCharsets.UTF_8), AAD);
        for (int i = 0; i < obj.length; i++) {
            byte[] t = obj.clone();
            t[i] ^= 0x10;
            assertThatThrownBy(() -> envelopes.decrypt(t, AAD)).isInstanceOf(CryptoException.class)
                    .satisfies(e -> assertThat(((CryptoException) e).reason()).isIn(
                            CryptoException.Reason.DECRYPTION_FAILED, CryptoException.Reason.UNKNOWN_KEY));
        }
        assertThatThrownBy(() -> envelopes.decrypt(obj, "other".getBytes(StandardCharsets.UTF_8))).hasMessage("decryption failed");
        assertThatThrownBy(() -> envelopes.decrypt(Arrays.copyOf(obj, obj.length - 1), AAD)).hasMessage("decryption failed");
        assertThatThrownBy(() -> envelopes.decrypt(new byte[3], AAD)).hasMessage("decryption failed");
    }

    @Test
    void kekRotationKeepsOldObjectsAndRewrapMovesThemToTheNewVersion() {
        byte[] data = "old".getBytes(StandardCharsets.UTF_8);
        byte[] old = envelopes.encrypt(data, AAD);
        ring.rotate("archive-kek");
        assertThat(envelopes.decrypt(old, AAD)).isEqualTo(data);
        byte[] moved = envelopes.rewrapKey(old, AAD);
        assertThat(envelopes.wrappedKeyOf(moved).version()).isEqualTo(2);
        ring.setMinDecryptionVersion("archive-kek", 2);
        assertThat(envelopes.decrypt(moved, AAD)).isEqualTo(data);
        assertThatThrownBy(() -> envelopes.decrypt(old, AAD)).extracting("reason").isEqualTo(CryptoException.Reason.DISABLED_VERSION);
    }

    @Test
    void dataKeysUnwrapOnlyWithTheirAssociatedData() {
        try (DataKey dk = envelopes.newDataKey(AAD)) {
            assertThat(envelopes.unwrap(dk.wrapped(), AAD)).isEqualTo(dk.plaintext());
            assertThatThrownBy(() -> envelopes.unwrap(dk.wrapped(), null)).hasMessage("decryption failed");
            assertThat(dk.toString()).doesNotContain(org.bouncycastle.util.encoders.Hex.toHexString(dk.plaintext()));
        }
    }

    // ------------------------------------------------------------------ streaming

    private byte[] encryptStream(byte[] data, int segment) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = StreamingAead.encrypting(sink, envelopes.newDataKey(AAD), AAD, segment)) {
            // odd write sizes to cross segment boundaries
            int pos = 0;
            Random r = new Random(1);
            while (pos < data.length) {
                int n = Math.min(data.length - pos, 1 + r.nextInt(3 * segment));
                out.write(data, pos, n);
                pos += n;
            }
        }
        return sink.toByteArray();
    }

    private byte[] decryptStream(byte[] ct) throws IOException {
        try (InputStream in = envelopes.decryptingStream(new ByteArrayInputStream(ct), AAD)) {
            return in.readAllBytes();
        }
    }

    @Test
    void streamsRoundTripAtEverySizeAroundSegmentBoundaries() throws IOException {
        int seg = 64;
        for (int size : new int[] {0, 1, 63, 64, 65, 127, 128, 129, 1000}) {
            byte[] data = new byte[size];
            new Random(size).nextBytes(data);
            assertThat(decryptStream(encryptStream(data, seg))).as("size %d", size).isEqualTo(data);
        }
        byte[] big = new byte[300_000];
        new Random(9).nextBytes(big);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = envelopes.encryptingStream(sink, AAD)) {
            out.write(big);
        }
        assertThat(decryptStream(sink.toByteArray())).isEqualTo(big);
    }

    /** Header length of a stream: 4 magic + 4 segment size + 2 + wrapped key + 7 prefix. */
    private static int headerLength(byte[] ct) {
        int wl = ((ct[8] & 0xff) << 8) | (ct[9] & 0xff);
        return 10 + wl + 7;
    }

    @Test
    void truncatedReorderedSwappedAndExtendedStreamsFail() throws IOException {
        int seg = 64, cseg = seg + 16;
        byte[] data = new byte[seg * 4 + 10];
        new Random(3).nextBytes(data);
        byte[] ct = encryptStream(data, seg);
        int h = headerLength(ct);
        assertThat(ct.length).isEqualTo(h + 4 * cseg + 10 + 16);

        // truncation at a segment boundary: the new last segment was not sealed as last
        byte[] truncated = Arrays.copyOf(ct, h + 2 * cseg);
        assertThatThrownBy(() -> decryptStream(truncated)).hasMessage("decryption failed");
        // truncation inside a segment, and of the header
        assertThatThrownBy(() -> decryptStream(Arrays.copyOf(ct, ct.length - 1))).hasMessage("decryption failed");
        assertThatThrownBy(() -> decryptStream(Arrays.copyOf(ct, h - 1))).isInstanceOf(RuntimeException.class);
        // reordering two segments
        byte[] swapped = ct.clone();
        System.arraycopy(ct, h, swapped, h + cseg, cseg);
        System.arraycopy(ct, h + cseg, swapped, h, cseg);
        assertThatThrownBy(() -> decryptStream(swapped)).hasMessage("decryption failed");
        // a segment from another stream of the same data under another data key
        byte[] other = encryptStream(data, seg);
        byte[] spliced = ct.clone();
        System.arraycopy(other, headerLength(other) + cseg, spliced, h + cseg, cseg);
        assertThatThrownBy(() -> decryptStream(spliced)).hasMessage("decryption failed");
        // appending after the last segment
        assertThatThrownBy(() -> decryptStream(Arrays.concatenate(ct, new byte[cseg]))).hasMessage("decryption failed");
        // dropping the whole last segment
        assertThatThrownBy(() -> decryptStream(Arrays.copyOf(ct, h + 4 * cseg))).hasMessage("decryption failed");
        // other associated data
        assertThatThrownBy(() -> {
            try (InputStream in = envelopes.decryptingStream(new ByteArrayInputStream(ct), "x".getBytes(StandardCharsets.UTF_8))) {
                in.readAllBytes();
            }
        }).hasMessage("decryption failed");
    }

    @Test
    void plaintextIsReleasedOnlyAfterItsSegmentAuthenticates() throws IOException {
        int seg = 64;
        byte[] data = new byte[seg * 3];
        byte[] ct = encryptStream(data, seg);
        int h = headerLength(ct);
        ct[h + 2 * (seg + 16) + 3] ^= 1; // damage the third segment
        try (InputStream in = envelopes.decryptingStream(new ByteArrayInputStream(ct), AAD)) {
            assertThat(in.readNBytes(2 * seg)).hasSize(2 * seg);
            assertThatThrownBy(in::read).hasMessage("decryption failed");
        }
    }
}
