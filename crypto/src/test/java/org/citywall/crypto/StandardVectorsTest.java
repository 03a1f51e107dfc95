package org.citywall.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.util.Arrays;
import org.bouncycastle.util.BigIntegers;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;

/** Every vector of ../shared/data/crypto/vectors.json (GB/T 32905, 32907, 32918, GM/T 0003, RFC 8998, draft-ribose-cfrg-sm4). */
class StandardVectorsTest {

    @Test
    void theVectorFileHasTheExpectedTwentyTwoVectors() {
        assertThat(TestData.vectors()).hasSize(22);
    }

    @Test
    void sm3DigestsMatchGbT32905() {
        List<JsonNode> vs = TestData.vectors("SM3");
        assertThat(vs).hasSize(2);
        for (JsonNode v : vs) {
            byte[] msg = TestData.hex(v.path("inputs"), "message_hex");
            byte[] expected = TestData.hex(v.path("expected"), "digest_hex");
            assertThat(Sm3.digest(msg)).as(v.path("source").asText()).isEqualTo(expected);
            Sm3 h = Sm3.newHasher();
            for (byte b : msg) {
                h.update(b);
            }
            assertThat(h.digest()).isEqualTo(expected);
        }
    }

    @Test
    void sm4SingleBlocksAndMillionIterations() {
        int seen = 0;
        for (JsonNode v : TestData.vectors("SM4 (")) {
            JsonNode in = v.path("inputs");
            byte[] key = TestData.hex(in, "key_hex");
            byte[] block = TestData.hex(in, "plaintext_hex");
            int iterations = in.path("iterations").asInt(1);
            for (int i = 0; i < iterations; i++) {
                block = Sm4.encryptBlock(key, block);
            }
            assertThat(block).as(v.path("source").asText()).isEqualTo(TestData.hex(v.path("expected"), "ciphertext_hex"));
            seen++;
        }
        assertThat(seen).isEqualTo(4);
    }

    @Test
    void sm4ModesMatchDraftRibose() {
        int seen = 0;
        for (String mode : List.of("ECB", "CBC", "OFB", "CFB", "CTR")) {
            for (JsonNode v : TestData.vectors("SM4-" + mode)) {
                JsonNode in = v.path("inputs");
                byte[] key = TestData.hex(in, "key_hex");
                byte[] iv = in.has("iv_hex") ? TestData.hex(in, "iv_hex") : null;
                byte[] pt = TestData.hex(in, "plaintext_hex");
                byte[] ct = TestData.hex(v.path("expected"), "ciphertext_hex");
                Sm4.Mode m = Sm4.Mode.valueOf(mode);
                assertThat(Sm4.encrypt(m, key, iv, pt, false)).as(v.path("source").asText()).isEqualTo(ct);
                assertThat(Sm4.decrypt(m, key, iv, ct, false)).isEqualTo(pt);
                seen++;
            }
        }
        assertThat(seen).isEqualTo(10);
    }

    @Test
    void sm4GcmAndCcmMatchRfc8998() {
        JsonNode gcm = TestData.vectors("SM4-GCM").get(0);
        JsonNode in = gcm.path("inputs");
        byte[] key = TestData.hex(in, "key_hex"), nonce = TestData.hex(in, "nonce_hex");
        byte[] aad = TestData.hex(in, "aad_hex"), pt = TestData.hex(in, "plaintext_hex");
        byte[] expected = Arrays.concatenate(TestData.hex(gcm.path("expected"), "ciphertext_hex"),
                TestData.hex(gcm.path("expected"), "tag_hex"));
        assertThat(Sm4Gcm.seal(key, nonce, pt, aad)).isEqualTo(expected);
        assertThat(Sm4Gcm.open(key, nonce, expected, aad)).isEqualTo(pt);

        JsonNode ccm = TestData.vectors("SM4-CCM").get(0);
        in = ccm.path("inputs");
        byte[] ccmExpected = Arrays.concatenate(TestData.hex(ccm.path("expected"), "ciphertext_hex"),
                TestData.hex(ccm.path("expected"), "tag_hex"));
        assertThat(Sm4.encryptCcm(TestData.hex(in, "key_hex"), TestData.hex(in, "nonce_hex"),
                TestData.hex(in, "plaintext_hex"), TestData.hex(in, "aad_hex"))).isEqualTo(ccmExpected);
        assertThat(Sm4.decryptCcm(TestData.hex(in, "key_hex"), TestData.hex(in, "nonce_hex"), ccmExpected,
                TestData.hex(in, "aad_hex"))).isEqualTo(TestData.hex(in, "plaintext_hex"));
    }

    @Test
    void sm2SignaturesWithFixedKMatchGmT0003AndGbT32918() throws Exception {
        List<JsonNode> vs = TestData.vectors("SM2 signature");
        assertThat(vs).hasSize(2);
        for (JsonNode v : vs) {
            JsonNode in = v.path("inputs"), ex = v.path("expected");
            ECDomainParameters domain = TestData.domain(in);
            ECPrivateKeyParameters priv = new ECPrivateKeyParameters(new BigInteger(in.path("private_key_hex").asText(), 16), domain);
            ECPublicKeyParameters pub = new ECPublicKeyParameters(domain.getCurve().createPoint(
                    new BigInteger(in.path("public_key_x_hex").asText(), 16),
                    new BigInteger(in.path("public_key_y_hex").asText(), 16)), domain);
            byte[] id = in.path("user_id_ascii").asText().getBytes(StandardCharsets.US_ASCII);
            byte[] msg = in.path("message_ascii").asText().getBytes(StandardCharsets.US_ASCII);

            // the Z value: SM3(ENTL ‖ ID ‖ a ‖ b ‖ Gx ‖ Gy ‖ xA ‖ yA)
            byte[] z = new ZProbe().z(id, pub);
            assertThat(z).isEqualTo(TestData.hex(ex, "Z_A_hex"));
            assertThat(Sm3.digest(Arrays.concatenate(z, msg))).isEqualTo(TestData.hex(ex, "e_hex"));

            SM2Signer signer = Sm2Core.signer(priv, id, SignatureFormat.RAW, TestData.fixed(TestData.hex(in, "k_hex")));
            byte[] raw = Sm2Core.sign(signer, msg);
            assertThat(raw).isEqualTo(Arrays.concatenate(TestData.hex(ex, "r_hex"), TestData.hex(ex, "s_hex")));
            assertThat(Sm2Core.verify(Sm2Core.verifier(pub, id, SignatureFormat.RAW), msg, raw)).isTrue();

            if (domain == Sm2.DOMAIN) {
                // through the public API too: DER and raw, caller-supplied id
                Sm2PublicKey k = Sm2PrivateKey.fromScalar(TestData.hex(in, "private_key_hex")).publicKey();
                assertThat(k.point()).isEqualTo(Arrays.concatenate(new byte[] {4},
                        TestData.hex(in, "public_key_x_hex"), TestData.hex(in, "public_key_y_hex")));
                assertThat(k.verify(msg, raw, SignatureFormat.RAW)).isTrue();
                assertThat(k.verify(msg, raw, id, SignatureFormat.RAW)).isTrue();
                byte[] der = Sm2Core.encoding(SignatureFormat.DER).encode(Sm2.N,
                        BigIntegers.fromUnsignedByteArray(TestData.hex(ex, "r_hex")),
                        BigIntegers.fromUnsignedByteArray(TestData.hex(ex, "s_hex")));
                assertThat(k.verify(msg, der)).isTrue();
            }
        }
    }

    @Test
    void sm2EncryptionWithFixedKMatchesGmT0003AndGbT32918() {
        List<JsonNode> vs = TestData.vectors("SM2 public-key encryption");
        assertThat(vs).hasSize(2);
        for (JsonNode v : vs) {
            JsonNode in = v.path("inputs"), ex = v.path("expected");
            ECDomainParameters domain = TestData.domain(in);
            ECPrivateKeyParameters priv = new ECPrivateKeyParameters(new BigInteger(in.path("private_key_hex").asText(), 16), domain);
            ECPublicKeyParameters pub = new ECPublicKeyParameters(domain.getCurve().createPoint(
                    new BigInteger(in.path("public_key_x_hex").asText(), 16),
                    new BigInteger(in.path("public_key_y_hex").asText(), 16)), domain);
            byte[] msg = in.path("message_ascii").asText().getBytes(StandardCharsets.US_ASCII);

            byte[] raw = Sm2Core.encrypt(pub, msg, TestData.fixed(TestData.hex(in, "k_hex")));
            assertThat(raw).isEqualTo(TestData.hex(ex, "C1C3C2_hex"));
            assertThat(Sm2Core.decrypt(priv, raw)).isEqualTo(msg);
            if (ex.has("GMT0009_ASN1_DER_hex")) {
                byte[] asn1 = TestData.hex(ex, "GMT0009_ASN1_DER_hex");
                assertThat(Sm2Core.rawToAsn1(raw, domain)).isEqualTo(asn1);
                assertThat(Sm2Core.asn1ToRaw(asn1, domain)).isEqualTo(raw);
                Sm2PrivateKey k = Sm2PrivateKey.fromScalar(TestData.hex(in, "private_key_hex"));
                assertThat(k.decrypt(asn1)).isEqualTo(msg);
                assertThat(k.decrypt(raw, CiphertextFormat.RAW_C1C3C2)).isEqualTo(msg);
                assertThat(k.publicKey().encrypt(msg, CiphertextFormat.ASN1, TestData.fixed(TestData.hex(in, "k_hex"))))
                        .isEqualTo(asn1);
            }
        }
    }

    /** Exposes BC's protected Z computation so the vector's Z_A is checked on its own. */
    private static final class ZProbe extends SM2Signer {
        ZProbe() {
            super(new SM3Digest());
        }

        byte[] z(byte[] id, ECPublicKeyParameters pub) {
            init(false, new org.bouncycastle.crypto.params.ParametersWithID(pub, id));
            return getZ(id);
        }
    }

    @Test
    void hexHelperRoundTrips() {
        assertThat(Hex.toHexString(Sm3.digest("abc".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
    }
}
