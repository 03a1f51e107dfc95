package org.citywall.crypto.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.citywall.crypto.CryptoException;
import org.citywall.crypto.Sm2;
import org.citywall.crypto.Sm2PrivateKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CmsTest {

    private static final byte[] LICENCE = "{\"licence\":\"BL-2026-000123\",\"holder\":\"某某有限公司\"}".getBytes(StandardCharsets.UTF_8);

    private CertificateAuthority root;
    private Sm2PrivateKey key;
    private X509CertificateHolder cert;

    @BeforeEach
    void signer() {
        root = CertificateAuthority.createRoot("CN=Root,O=Province", Sm2.generateKey(), Duration.ofDays(30), CaLedger.inMemory());
        key = Sm2.generateKey();
        cert = root.issue(Pkix.toPem(CsrBuilder.create(key, "CN=Licence Office,O=Province", List.of())).getBytes(),
                CertificateProfile.signing(Duration.ofDays(10)));
    }

    @Test
    void attachedSignaturesCarryTheContentAndUseGmT0010Identifiers() throws Exception {
        byte[] cms = Cms.sign(LICENCE, key, cert, false);
        ContentInfo ci = ContentInfo.getInstance(ASN1Primitive.fromByteArray(cms));
        assertThat(ci.getContentType().getId()).isEqualTo("1.2.156.10197.6.1.4.2.2");
        String dump = org.bouncycastle.asn1.util.ASN1Dump.dumpAsString(ci, false);
        assertThat(dump).contains("1.2.156.10197.6.1.4.2.1").contains("1.2.156.10197.1.401").contains("1.2.156.10197.1.301.1");
        Cms.Verified v = Cms.verify(cms, null);
        assertThat(v.content()).isEqualTo(LICENCE);
        assertThat(v.signer()).isEqualTo(cert);
        assertThat(v.signingTime()).isBefore(Instant.now().plusSeconds(1));
        new ChainValidator(List.of(root.certificate()), List.of()).validate(v.signer(), List.of(), Instant.now());
    }

    @Test
    void detachedSignaturesNeedTheContentAndRejectOtherContent() {
        for (Cms.Profile p : Cms.Profile.values()) {
            byte[] cms = Cms.sign(LICENCE, key, cert, true, p);
            assertThat(Cms.verify(cms, LICENCE).content()).isEqualTo(LICENCE);
            byte[] other = LICENCE.clone();
            other[5] ^= 1;
            assertThatThrownBy(() -> Cms.verify(cms, other)).isInstanceOf(CryptoException.class)
                    .hasMessageContaining("message digest");
            assertThatThrownBy(() -> Cms.verify(cms, null)).extracting("reason").isEqualTo(CryptoException.Reason.INVALID_REQUEST);
        }
    }

    @Test
    void tamperedSignaturesFail() {
        byte[] cms = Cms.sign(LICENCE, key, cert, false, Cms.Profile.RFC_5652);
        int failures = 0;
        for (int i = 0; i < cms.length; i += 3) {
            byte[] t = cms.clone();
            t[i] ^= 0x01;
            try {
                Cms.Verified v = Cms.verify(t, null);
                // a flip that still verifies may only touch bytes outside what is signed (e.g. the unsigned cert copy's own fields)
                assertThat(v.content()).isEqualTo(LICENCE);
            } catch (CryptoException e) {
                failures++;
            }
        }
        assertThat(failures).isGreaterThan(cms.length / 6);
        assertThatThrownBy(() -> Cms.verify("junk".getBytes(), null)).extracting("reason").isEqualTo(CryptoException.Reason.MALFORMED_INPUT);
    }

    @Test
    void aKeyThatDoesNotMatchTheCertificateCannotSign() {
        assertThatThrownBy(() -> Cms.sign(LICENCE, Sm2.generateKey(), cert, false)).hasMessageContaining("does not hold");
    }
}
