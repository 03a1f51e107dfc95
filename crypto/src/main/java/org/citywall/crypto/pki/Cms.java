package org.citywall.crypto.pki;

import java.io.IOException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.SignerInfoGeneratorBuilder;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcDigestCalculatorProvider;
import org.bouncycastle.util.Arrays;
import org.bouncycastle.util.CollectionStore;
import org.citywall.crypto.CryptoException;
import org.citywall.crypto.Sm2PrivateKey;
import org.citywall.crypto.Sm3;

/**
 * CMS SignedData with SM2/SM3, attached or detached, carrying the signer's certificate — for
 * applications that sign documents such as electronic licences.
 *
 * <p>{@link Profile#GM_T_0010} (the default) uses the GM/T 0010 object identifiers: content
 * types {@code 1.2.156.10197.6.1.4.2.1} (data) and {@code .2} (signedData), digest SM3
 * {@code 1.2.156.10197.1.401}, signature algorithm SM2-1 {@code 1.2.156.10197.1.301.1}.
 * {@link Profile#RFC_5652} uses the PKCS#7 content types with SM3 and SM2-with-SM3
 * ({@code 1.2.156.10197.1.501}). Signed attributes (content type, signing time, message
 * digest) are always present; the SM2 signature over them uses the default user id.
 */
public final class Cms {

    /** Which object identifiers the SignedData uses. */
    public enum Profile {
        GM_T_0010,
        RFC_5652
    }

    /** GM/T 0010 content type "data". */
    public static final ASN1ObjectIdentifier GM_DATA = new ASN1ObjectIdentifier("1.2.156.10197.6.1.4.2.1");
    /** GM/T 0010 content type "signedData". */
    public static final ASN1ObjectIdentifier GM_SIGNED_DATA = new ASN1ObjectIdentifier("1.2.156.10197.6.1.4.2.2");

    /** A verified signature: who signed, when they say they did, and the content. */
    public record Verified(X509CertificateHolder signer, Instant signingTime, byte[] content) {
    }

    private Cms() {
    }

    /** Signs {@code content} with the GM/T 0010 profile; {@code detached} leaves the content out. */
    public static byte[] sign(byte[] content, Sm2PrivateKey key, X509CertificateHolder certificate, boolean detached) {
        return sign(content, key, certificate, detached, Profile.GM_T_0010);
    }

    /** Signs {@code content}; the certificate must hold {@code key}'s public key. */
    public static byte[] sign(byte[] content, Sm2PrivateKey key, X509CertificateHolder certificate, boolean detached, Profile profile) {
        if (!Pkix.publicKey(certificate).equals(key.publicKey())) {
            throw new CryptoException(CryptoException.Reason.INVALID_REQUEST, "signer certificate does not hold the signing key");
        }
        return sign(content, key::sign, certificate, detached, profile);
    }

    /**
     * Signs {@code content} with a signing function — e.g. a {@link org.citywall.crypto.KeyRing}
     * key version: {@code data -> ring.sign(name, version, data).payload()} — that returns a DER
     * SM2 signature with the default user id. The result is checked against the certificate's
     * key, so a certificate that does not hold the signing key is {@code INVALID_REQUEST}.
     */
    public static byte[] sign(byte[] content, java.util.function.UnaryOperator<byte[]> sm2Signer, X509CertificateHolder certificate,
                              boolean detached, Profile profile) {
        byte[] cms = generate(content, sm2Signer, certificate, detached, profile);
        try {
            verify(cms, detached ? content : null);
        } catch (CryptoException e) {
            throw new CryptoException(CryptoException.Reason.INVALID_REQUEST, "signer certificate does not hold the signing key");
        }
        return cms;
    }

    private static byte[] generate(byte[] content, java.util.function.UnaryOperator<byte[]> sm2Signer, X509CertificateHolder certificate,
                                   boolean detached, Profile profile) {
        boolean gm = profile == Profile.GM_T_0010;
        AlgorithmIdentifier sigAlg = new AlgorithmIdentifier(gm ? Sm2Operators.SM2_1 : GMObjectIdentifiers.sm2sign_with_sm3);
        try {
            CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
            SignerInfoGeneratorBuilder sib = new SignerInfoGeneratorBuilder(new BcDigestCalculatorProvider(), signatureAlgorithm -> sigAlg)
                    .setSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator());
            sib.setContentDigest(new AlgorithmIdentifier(GMObjectIdentifiers.sm3));
            gen.addSignerInfoGenerator(sib.build(Sm2Operators.signer(sm2Signer, Sm2Operators.SM2_WITH_SM3), certificate));
            gen.addCertificates(new CollectionStore<>(List.of(certificate)));
            CMSSignedData signed = gen.generate(new CMSProcessableByteArray(gm ? GM_DATA : CMSObjectIdentifiers.data, content), !detached);
            ContentInfo ci = signed.toASN1Structure();
            if (gm) {
                ci = new ContentInfo(GM_SIGNED_DATA, ci.getContent());
            }
            return ci.getEncoded("DER");
        } catch (CMSException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("CMS signing failed", e);
        }
    }

    /**
     * Verifies a SignedData (either profile). For a detached signature pass the content;
     * for an attached one pass {@code null} (or the same content, which must then match).
     * Every signer must verify. Certificate trust is a separate step: validate
     * {@link Verified#signer()} with a {@link ChainValidator} for {@link CertificatePurpose#SIGNATURE}.
     *
     * @throws CryptoException {@code MALFORMED_INPUT} if it is not a SignedData,
     *     {@code VALIDATION_FAILED} if any signature, digest or attribute does not verify
     */
    public static Verified verify(byte[] cms, byte[] detachedContent) {
        CMSSignedData signed;
        ContentInfo ci;
        try {
            ci = ContentInfo.getInstance(ASN1Primitive.fromByteArray(cms));
            if (!ci.getContentType().equals(GM_SIGNED_DATA) && !ci.getContentType().equals(CMSObjectIdentifiers.signedData)) {
                throw new CryptoException(CryptoException.Reason.MALFORMED_INPUT, "not a CMS SignedData (content type " + ci.getContentType() + ")");
            }
            signed = new CMSSignedData(new ContentInfo(CMSObjectIdentifiers.signedData, ci.getContent()));
        } catch (CryptoException e) {
            throw e;
        } catch (CMSException | IOException | RuntimeException e) {
            throw new CryptoException(CryptoException.Reason.MALFORMED_INPUT, "not a CMS SignedData");
        }
        byte[] attached;
        Collection<SignerInformation> signers;
        try {
            attached = signed.getSignedContent() == null ? null : (byte[]) signed.getSignedContent().getContent();
            signers = signed.getSignerInfos().getSigners();
        } catch (RuntimeException e) {
            throw new CryptoException(CryptoException.Reason.MALFORMED_INPUT, "not a CMS SignedData");
        }
        byte[] content;
        if (attached != null) {
            if (detachedContent != null && !Arrays.areEqual(attached, detachedContent)) {
                throw failed("the given content differs from the signed content");
            }
            content = attached;
        } else if (detachedContent != null) {
            content = detachedContent;
        } else {
            throw new CryptoException(CryptoException.Reason.INVALID_REQUEST, "detached signature: the signed content must be given");
        }
        if (signers.isEmpty()) {
            throw failed("the SignedData has no signer");
        }
        Verified result = null;
        for (SignerInformation si : signers) {
            try {
                result = verifySigner(signed, si, content);
            } catch (CryptoException e) {
                throw e;
            } catch (RuntimeException e) {
                // a structurally damaged SignerInfo: invalid, never a crash
                throw failed("malformed signer information");
            }
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    private static Verified verifySigner(CMSSignedData signed, SignerInformation si, byte[] content) {
        if (!si.getDigestAlgorithmID().getAlgorithm().equals(GMObjectIdentifiers.sm3)) {
            throw failed("digest algorithm is not SM3");
        }
        if (!Sm2Operators.isSm2Signature(si.toASN1Structure().getDigestEncryptionAlgorithm())) {
            throw failed("signature algorithm is not SM2");
        }
        Collection<X509CertificateHolder> matches = signed.getCertificates().getMatches(si.getSID());
        if (matches.isEmpty()) {
            throw failed("the signer's certificate is not included");
        }
        X509CertificateHolder cert = matches.iterator().next();
        AttributeTable attrs = si.getSignedAttributes();
        if (attrs == null) {
            throw failed("signed attributes are missing");
        }
        Attribute md = attrs.get(CMSAttributes.messageDigest);
        Attribute ct = attrs.get(CMSAttributes.contentType);
        if (md == null || ct == null || md.getAttrValues().size() != 1 || ct.getAttrValues().size() != 1) {
            throw failed("message digest or content type attribute is missing");
        }
        byte[] digest = ASN1OctetString.getInstance(md.getAttrValues().getObjectAt(0)).getOctets();
        if (!Arrays.constantTimeAreEqual(digest, Sm3.digest(content))) {
            throw failed("content does not match the signed message digest");
        }
        if (!ct.getAttrValues().getObjectAt(0).equals(signed.getSignedContentTypeOID() == null ? null
                : new ASN1ObjectIdentifier(signed.getSignedContentTypeOID()))) {
            throw failed("content type attribute does not match the content");
        }
        byte[] signedAttrs;
        try {
            signedAttrs = si.getEncodedSignedAttributes();
        } catch (IOException e) {
            throw failed("signed attributes cannot be encoded");
        }
        if (!Pkix.publicKey(cert).verify(signedAttrs, si.getSignature())) {
            throw failed("SM2 signature does not verify");
        }
        Instant when = null;
        Attribute st = attrs.get(CMSAttributes.signingTime);
        if (st != null) {
            ASN1Encodable t = st.getAttrValues().getObjectAt(0);
            when = org.bouncycastle.asn1.cms.Time.getInstance(t).getDate().toInstant();
        }
        return new Verified(cert, when, content);
    }

    private static CryptoException failed(String why) {
        return new CryptoException(CryptoException.Reason.VALIDATION_FAILED, "CMS signature invalid: " + why);
    }

}
