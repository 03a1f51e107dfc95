package org.citywall.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.citywall.crypto.pki.Cms;
import org.citywall.crypto.pki.Pkix;

/** Round trips and fuzzing of every encoding the library parses: nothing but a CryptoException may escape. */
class EncodingPropertiesTest {

    private static final Sm2PrivateKey KEY = Sm2.generateKey();
    private static final KeyRing RING = KeyRing.inMemory();
    private static final EnvelopeEncryption ENVELOPES;

    static {
        RING.create("kek", KeyType.SM4_GCM);
        ENVELOPES = new EnvelopeEncryption(RING, "kek");
    }

    @Provide
    Arbitrary<String> keyNames() {
        return Arbitraries.strings().withChars("abcXYZ019._-").ofMinLength(1).ofMaxLength(64)
                .filter(Envelope::isValidName);
    }

    @Property
    void envelopesRoundTripInTextAndBinary(@ForAll("keyNames") String name, @ForAll @IntRange(min = 1) int version,
                                           @ForAll @Size(min = 1, max = 200) byte[] payload) {
        Envelope e = new Envelope(name, version, payload);
        assertThat(Envelope.parse(e.toText())).isEqualTo(e);
        assertThat(Envelope.parseBytes(e.toBytes())).isEqualTo(e);
    }

    @Property(tries = 2000)
    void envelopeParsingOfArbitraryTextOnlyThrowsMalformedEnvelope(@ForAll String text) {
        try {
            Envelope.parse(text);
        } catch (CryptoException e) {
            assertThat(e.reason()).isEqualTo(CryptoException.Reason.MALFORMED_ENVELOPE);
        }
    }

    @Property(tries = 2000)
    void envelopeParsingOfArbitraryBytesOnlyThrowsMalformedEnvelope(@ForAll byte[] bytes) {
        try {
            Envelope.parseBytes(bytes);
        } catch (CryptoException e) {
            assertThat(e.reason()).isEqualTo(CryptoException.Reason.MALFORMED_ENVELOPE);
        }
    }

    @Property(tries = 500)
    void sm4GcmRoundTripsAndDetectsAnySingleBitFlip(@ForAll byte[] plaintext, @ForAll byte[] aad,
                                                    @ForAll @IntRange(min = 0, max = 100_000) int flipAt) {
        byte[] key = Sm4Gcm.generateKey();
        byte[] ct = Sm4Gcm.encrypt(key, plaintext, aad);
        assertThat(Sm4Gcm.decrypt(key, ct, aad)).isEqualTo(plaintext);
        int bit = flipAt % (ct.length * 8);
        ct[bit / 8] ^= (byte) (1 << (bit % 8));
        assertThatThrownBy(() -> Sm4Gcm.decrypt(key, ct, aad)).isInstanceOf(CryptoException.class).hasMessage("decryption failed");
    }

    @Property(tries = 300)
    void sm4CbcWithPaddingRoundTrips(@ForAll byte[] plaintext) {
        byte[] key = Sm4Gcm.generateKey();
        byte[] iv = Sm4Gcm.generateKey();
        assertThat(Sm4.decrypt(Sm4.Mode.CBC, key, iv, Sm4.encrypt(Sm4.Mode.CBC, key, iv, plaintext, true), true)).isEqualTo(plaintext);
        assertThat(Sm4.decrypt(Sm4.Mode.CTR, key, iv, Sm4.encrypt(Sm4.Mode.CTR, key, iv, plaintext, false), false)).isEqualTo(plaintext);
    }

    @Property(tries = 100)
    void sm2SignaturesRoundTripAndRandomSignaturesNeverVerify(@ForAll byte[] message, @ForAll @Size(max = 80) byte[] junk) {
        assertThat(KEY.publicKey().verify(message, KEY.sign(message))).isTrue();
        assertThat(KEY.publicKey().verify(message, junk)).isFalse();
        assertThat(KEY.publicKey().verify(message, junk, SignatureFormat.RAW)).isFalse();
    }

    @Property(tries = 60)
    void sm2CiphertextsRoundTripAndFuzzedOnesAllFailAlike(@ForAll @Size(min = 1, max = 300) byte[] plaintext,
                                                         @ForAll @IntRange(min = 0, max = 10_000) int at) {
        byte[] ct = KEY.publicKey().encrypt(plaintext);
        assertThat(KEY.decrypt(ct)).isEqualTo(plaintext);
        ct[at % ct.length] ^= 0x01;
        try {
            byte[] out = KEY.decrypt(ct);
            // a flip in an INTEGER's leading sign byte may still denote the same point only if DER stays canonical: impossible
            assertThat(out).isNotEqualTo(plaintext);
        } catch (CryptoException e) {
            assertThat(e.reason()).isEqualTo(CryptoException.Reason.DECRYPTION_FAILED);
            assertThat(e.getMessage()).isEqualTo("decryption failed");
        }
    }

    @Property(tries = 1000)
    void arbitraryBytesAsSm2CiphertextFailOnlyAsDecryptionFailed(@ForAll byte[] junk) {
        for (CiphertextFormat f : CiphertextFormat.values()) {
            assertThatThrownBy(() -> KEY.decrypt(junk, f)).isInstanceOf(CryptoException.class).hasMessage("decryption failed");
        }
    }

    @Property(tries = 1000)
    void arbitraryBytesAsKeysAreMalformedInput(@ForAll byte[] junk) {
        for (Runnable r : new Runnable[] {() -> Sm2PublicKey.fromDer(junk), () -> Sm2PublicKey.fromPoint(junk),
                () -> Sm2PrivateKey.fromDer(junk)}) {
            try {
                r.run();
            } catch (CryptoException e) {
                assertThat(e.reason()).isEqualTo(CryptoException.Reason.MALFORMED_INPUT);
            }
        }
    }

    @Property(tries = 300)
    void mutatedKeyEncodingsAreRejectedOrStillTheSameValidKey(@ForAll @IntRange(min = 0, max = 10_000) int at, @ForAll byte value) {
        byte[] der = KEY.publicKey().toDer();
        der[at % der.length] = value;
        try {
            Sm2PublicKey k = Sm2PublicKey.fromDer(der);
            // whatever parses must be a valid point on the curve
            assertThat(Sm2PublicKey.fromPoint(k.point())).isEqualTo(k);
        } catch (CryptoException e) {
            assertThat(e.reason()).isEqualTo(CryptoException.Reason.MALFORMED_INPUT);
        }
    }

    @Property(tries = 1000)
    void arbitraryBytesAsPkixStructuresAreCleanErrors(@ForAll byte[] junk) {
        for (Runnable r : new Runnable[] {() -> Pkix.certificate(junk), () -> Pkix.csr(junk), () -> Pkix.crl(junk),
                () -> Cms.verify(junk, null), () -> Cms.verify(junk, new byte[1])}) {
            try {
                r.run();
            } catch (CryptoException e) {
                assertThat(e.reason()).isIn(CryptoException.Reason.MALFORMED_INPUT, CryptoException.Reason.VALIDATION_FAILED,
                        CryptoException.Reason.INVALID_REQUEST);
            }
        }
    }

    @Property(tries = 100)
    void envelopeObjectsRoundTripAndFuzzedOnesFail(@ForAll byte[] data, @ForAll byte[] aad, @ForAll @IntRange(min = 0, max = 100_000) int at) {
        byte[] obj = ENVELOPES.encrypt(data, aad);
        assertThat(ENVELOPES.decrypt(obj, aad)).isEqualTo(data);
        obj[at % obj.length] ^= 0x20;
        assertThatThrownBy(() -> ENVELOPES.decrypt(obj, aad)).isInstanceOf(CryptoException.class);
    }

    @Property(tries = 60)
    void streamsRoundTripForAnySizeAndSegment(@ForAll @Size(max = 5000) byte[] data, @ForAll @IntRange(min = 16, max = 700) int segment)
            throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = StreamingAead.encrypting(sink, ENVELOPES.newDataKey(null), null, segment)) {
            out.write(data);
        }
        try (InputStream in = ENVELOPES.decryptingStream(new ByteArrayInputStream(sink.toByteArray()), null)) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }

    @Property(tries = 100)
    void fuzzedStreamsNeverReleaseWrongPlaintext(@ForAll @Size(min = 1, max = 2000) byte[] data,
                                                 @ForAll @IntRange(min = 0, max = 100_000) int at, @ForAll byte xor) throws Exception {
        Assume.that(xor != 0);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = StreamingAead.encrypting(sink, ENVELOPES.newDataKey(null), null, 100)) {
            out.write(data);
        }
        byte[] ct = sink.toByteArray();
        ct[at % ct.length] ^= xor;
        try (InputStream in = ENVELOPES.decryptingStream(new ByteArrayInputStream(ct), null)) {
            in.readAllBytes();
            throw new AssertionError("a damaged stream decrypted");
        } catch (CryptoException e) {
            assertThat(e.reason()).isIn(CryptoException.Reason.DECRYPTION_FAILED, CryptoException.Reason.UNKNOWN_KEY);
        }
    }
}
