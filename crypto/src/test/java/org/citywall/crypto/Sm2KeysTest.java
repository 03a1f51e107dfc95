package org.citywall.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.util.Arrays;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.Test;

class Sm2KeysTest {

    private static final byte[] MSG = "electronic licence 2026-0001".getBytes(StandardCharsets.UTF_8);

    @Test
    void aSignatureVerifiesUnderItsKeyAndNotUnderAnother() {
        Sm2PrivateKey k = Sm2.generateKey();
        byte[] sig = k.sign(MSG);
        assertThat(k.publicKey().verify(MSG, sig)).isTrue();
        assertThat(Sm2.generateKey().publicKey().verify(MSG, sig)).isFalse();
        assertThat(k.publicKey().verify("other".getBytes(StandardCharsets.UTF_8), sig)).isFalse();
    }

    @Test
    void signersAreReusedAcrossManySignatures() {
        Sm2PrivateKey k = Sm2.generateKey();
        for (int i = 0; i < 20; i++) {
            byte[] m = ("message " + i).getBytes(StandardCharsets.UTF_8);
            assertThat(k.publicKey().verify(m, k.sign(m))).isTrue();
            assertThat(k.publicKey().verify(m, k.sign(m, SignatureFormat.RAW), SignatureFormat.RAW)).isTrue();
        }
    }

    @Test
    void theUserIdIsPartOfTheSignature() {
        Sm2PrivateKey k = Sm2.generateKey();
        byte[] alice = "ALICE123@YAHOO.COM".getBytes(StandardCharsets.US_ASCII);
        byte[] sig = k.sign(MSG, alice, SignatureFormat.DER);
        assertThat(k.publicKey().verify(MSG, sig, alice, SignatureFormat.DER)).isTrue();
        assertThat(k.publicKey().verify(MSG, sig)).isFalse();
    }

    @Test
    void rawSignaturesAreSixtyFourBytesAndDerIsCanonical() {
        Sm2PrivateKey k = Sm2.generateKey();
        assertThat(k.sign(MSG, SignatureFormat.RAW)).hasSize(64);
        byte[] der = k.sign(MSG);
        assertThat(der[0]).isEqualTo((byte) 0x30);
        // a DER signature is not accepted as raw and vice versa
        assertThat(k.publicKey().verify(MSG, der, SignatureFormat.RAW)).isFalse();
        assertThat(k.publicKey().verify(MSG, k.sign(MSG, SignatureFormat.RAW), SignatureFormat.DER)).isFalse();
    }

    @Test
    void rOrSOutOfRangeIsInvalid() throws Exception {
        Sm2PrivateKey k = Sm2.generateKey();
        byte[] raw = k.sign(MSG, SignatureFormat.RAW);
        BigInteger r = BigIntegers.fromUnsignedByteArray(raw, 0, 32);
        BigInteger s = BigIntegers.fromUnsignedByteArray(raw, 32, 32);
        var der = Sm2Core.encoding(SignatureFormat.DER);
        assertThat(k.publicKey().verify(MSG, der.encode(Sm2.N, r, s))).isTrue();
        assertThat(k.publicKey().verify(MSG, derUnchecked(r.add(Sm2.N), s))).isFalse();
        assertThat(k.publicKey().verify(MSG, derUnchecked(r, s.add(Sm2.N)))).isFalse();
        assertThat(k.publicKey().verify(MSG, derUnchecked(BigInteger.ZERO, s))).isFalse();
        assertThat(k.publicKey().verify(MSG, derUnchecked(r, BigInteger.ZERO))).isFalse();
        assertThat(k.publicKey().verify(MSG, derUnchecked(r.negate(), s))).isFalse();
        byte[] rawN = Arrays.concatenate(BigIntegers.asUnsignedByteArray(32, Sm2.N), BigIntegers.asUnsignedByteArray(32, s));
        assertThat(k.publicKey().verify(MSG, rawN, SignatureFormat.RAW)).isFalse();
        assertThat(k.publicKey().verify(MSG, Arrays.copyOf(raw, 63), SignatureFormat.RAW)).isFalse();
        assertThat(k.publicKey().verify(MSG, new byte[0])).isFalse();
        assertThat(k.publicKey().verify(MSG, null)).isFalse();
    }

    private static byte[] derUnchecked(BigInteger r, BigInteger s) {
        try {
            return new org.bouncycastle.asn1.DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
                    new org.bouncycastle.asn1.ASN1Integer(r), new org.bouncycastle.asn1.ASN1Integer(s)}).getEncoded();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void nonCanonicalDerSignaturesAreInvalid() {
        Sm2PrivateKey k = Sm2.generateKey();
        byte[] der = k.sign(MSG);
        byte[] trailing = Arrays.append(der, (byte) 0);
        assertThat(k.publicKey().verify(MSG, trailing)).isFalse();
        byte[] longForm = Arrays.concatenate(new byte[] {0x30, (byte) 0x81, der[1]}, Arrays.copyOfRange(der, 2, der.length));
        assertThat(k.publicKey().verify(MSG, longForm)).isFalse();
    }

    @Test
    void pemRoundTripsForPrivateAndPublicKeys() {
        Sm2PrivateKey k = Sm2.generateKey();
        String pem = k.toPem();
        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----");
        Sm2PrivateKey back = Sm2PrivateKey.fromPem(pem);
        assertThat(back.publicKey()).isEqualTo(k.publicKey());
        assertThat(back.publicKey().verify(MSG, k.sign(MSG))).isTrue();
        String pub = k.publicKey().toPem();
        assertThat(pub).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(Sm2PublicKey.fromPem(pub)).isEqualTo(k.publicKey());
        assertThat(Sm2PublicKey.fromPoint(k.publicKey().point())).isEqualTo(k.publicKey());
        assertThat(k.toString()).doesNotContain(k.parameters().getD().toString(16));
    }

    @Test
    void pointsOffTheCurveAndInfinityAreRejected() {
        byte[] p = Sm2.generateKey().publicKey().point();
        byte[] off = p.clone();
        off[64] ^= 1;
        assertThatThrownBy(() -> Sm2PublicKey.fromPoint(off))
                .isInstanceOf(CryptoException.class).extracting("reason").isEqualTo(CryptoException.Reason.MALFORMED_INPUT);
        assertThatThrownBy(() -> Sm2PublicKey.fromPoint(new byte[] {0}))
                .isInstanceOf(CryptoException.class).extracting("reason").isEqualTo(CryptoException.Reason.MALFORMED_INPUT);
        assertThatThrownBy(() -> Sm2PublicKey.fromPoint(Arrays.copyOf(p, 64)))
                .isInstanceOf(CryptoException.class);
        assertThatThrownBy(() -> Sm2PublicKey.fromPoint(Arrays.append(p, (byte) 0)))
                .isInstanceOf(CryptoException.class);
        assertThatThrownBy(() -> Sm2PublicKey.fromPoint(new byte[65]))
                .isInstanceOf(CryptoException.class);
    }

    @Test
    void privateScalarsOutsideOneToNMinusTwoAreRejected() {
        for (BigInteger d : new BigInteger[] {BigInteger.ZERO, Sm2.N.subtract(BigInteger.ONE), Sm2.N}) {
            assertThatThrownBy(() -> Sm2PrivateKey.fromScalar(BigIntegers.asUnsignedByteArray(32, d)))
                    .isInstanceOf(CryptoException.class).hasMessageContaining("out of range");
        }
        assertThatThrownBy(() -> Sm2PrivateKey.fromScalar(new byte[31])).isInstanceOf(CryptoException.class);
    }

    @Test
    void garbageAndOtherCurvesAreClearErrors() {
        assertThatThrownBy(() -> Sm2PrivateKey.fromPem("hello")).isInstanceOf(CryptoException.class);
        assertThatThrownBy(() -> Sm2PrivateKey.fromDer(new byte[] {1, 2, 3})).isInstanceOf(CryptoException.class);
        assertThatThrownBy(() -> Sm2PublicKey.fromDer(new byte[] {0x30, 0})).isInstanceOf(CryptoException.class);
        assertThatThrownBy(() -> Sm2PrivateKey.fromPem(Sm2.generateKey().publicKey().toPem()))
                .isInstanceOf(CryptoException.class).hasMessageContaining("PUBLIC KEY");
    }

    @Test
    void sm2EncryptionRoundTripsInBothFormatsAndEveryFailureLooksTheSame() {
        Sm2PrivateKey k = Sm2.generateKey();
        byte[] ct = k.publicKey().encrypt(MSG);
        assertThat(k.decrypt(ct)).isEqualTo(MSG);
        byte[] raw = k.publicKey().encrypt(MSG, CiphertextFormat.RAW_C1C3C2);
        assertThat(raw).hasSize(65 + 32 + MSG.length);
        assertThat(k.decrypt(raw, CiphertextFormat.RAW_C1C3C2)).isEqualTo(MSG);
        for (int i = 0; i < raw.length; i += 7) {
            byte[] t = raw.clone();
            t[i] ^= 0x40;
            assertThatThrownBy(() -> k.decrypt(t, CiphertextFormat.RAW_C1C3C2))
                    .isInstanceOf(CryptoException.class).hasMessage("decryption failed");
        }
        byte[] t = ct.clone();
        t[t.length - 1] ^= 1;
        assertThatThrownBy(() -> k.decrypt(t)).hasMessage("decryption failed");
        assertThatThrownBy(() -> Sm2.generateKey().decrypt(ct)).hasMessage("decryption failed");
        assertThatThrownBy(() -> k.decrypt(Arrays.copyOf(ct, ct.length - 1))).hasMessage("decryption failed");
        assertThatThrownBy(() -> k.decrypt(new byte[0])).hasMessage("decryption failed");
    }
}
