package org.citywall.crypto.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.citywall.crypto.Sm2;
import org.citywall.crypto.Sm2PrivateKey;

/**
 * SM2 certificates built by hand with whatever extensions a test needs — things our own CA
 * would never issue — signed with the module's SM2 keys (SM2 with SM3, default user id).
 */
final class HandMadeCertificates {

    /** An OID no validator knows. */
    static final ASN1ObjectIdentifier UNKNOWN = new ASN1ObjectIdentifier("1.3.6.1.4.1.55555.1.1");

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    record Ca(X509CertificateHolder certificate, Sm2PrivateKey key) {
    }

    private HandMadeCertificates() {
    }

    /** A self-signed root: basicConstraints cA (critical), keyCertSign and cRLSign (critical), then {@code extra}. */
    static Ca root(String subject, Extension... extra) {
        Sm2PrivateKey key = Sm2.generateKey();
        return new Ca(build(new X500Name(subject), key, new X500Name(subject), key, caExtensions(extra)), key);
    }

    /** A CA certificate issued by {@code issuer}, with the same basic CA extensions as {@link #root}. */
    static Ca intermediate(Ca issuer, String subject, Extension... extra) {
        Sm2PrivateKey key = Sm2.generateKey();
        return new Ca(build(issuer.certificate().getSubject(), issuer.key(), new X500Name(subject), key, caExtensions(extra)), key);
    }

    /** A would-be CA issued by {@code issuer} carrying exactly {@code extensions} (nothing added). */
    static Ca issuer(Ca issuer, String subject, Extension... extensions) {
        Sm2PrivateKey key = Sm2.generateKey();
        return new Ca(build(issuer.certificate().getSubject(), issuer.key(), new X500Name(subject), key, List.of(extensions)), key);
    }

    /** An end-entity certificate: basicConstraints cA=false (critical) and {@code extra}. */
    static X509CertificateHolder leaf(Ca issuer, String subject, Extension... extra) {
        List<Extension> ext = new ArrayList<>(List.of(ext(Extension.basicConstraints, true, new BasicConstraints(false))));
        ext.addAll(List.of(extra));
        return build(issuer.certificate().getSubject(), issuer.key(), new X500Name(subject), Sm2.generateKey(), ext);
    }

    static Extension ext(ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
        try {
            return new Extension(oid, critical, value.toASN1Primitive().getEncoded());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An extension of a kind no one processes. */
    static Extension unknown(boolean critical) {
        return ext(UNKNOWN, critical, new DERUTF8String("handle with care"));
    }

    static Extension keyUsage(int bits) {
        return ext(Extension.keyUsage, true, new KeyUsage(bits));
    }

    static Extension sans(GeneralName... names) {
        return ext(Extension.subjectAlternativeName, false, new GeneralNames(names));
    }

    static Extension permitted(GeneralName... names) {
        return ext(Extension.nameConstraints, true, new NameConstraints(subtrees(names), null));
    }

    static Extension excluded(GeneralName... names) {
        return ext(Extension.nameConstraints, true, new NameConstraints(null, subtrees(names)));
    }

    private static GeneralSubtree[] subtrees(GeneralName... names) {
        return java.util.Arrays.stream(names).map(GeneralSubtree::new).toArray(GeneralSubtree[]::new);
    }

    private static List<Extension> caExtensions(Extension... extra) {
        List<Extension> ext = new ArrayList<>(List.of(ext(Extension.basicConstraints, true, new BasicConstraints(true)),
                keyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)));
        ext.addAll(List.of(extra));
        return ext;
    }

    private static X509CertificateHolder build(X500Name issuer, Sm2PrivateKey issuerKey, X500Name subject, Sm2PrivateKey subjectKey,
                                               List<Extension> extensions) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
        X509v3CertificateBuilder b = new X509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM).setBit(63), Date.from(now),
                Date.from(now.plus(Duration.ofDays(30))), subject, SubjectPublicKeyInfo.getInstance(subjectKey.publicKey().toDer()));
        try {
            for (Extension e : extensions) {
                b.addExtension(e);
            }
        } catch (CertIOException e) {
            throw new IllegalStateException(e);
        }
        return b.build(Sm2Operators.signer(issuerKey::sign, Sm2Operators.SM2_WITH_SM3));
    }
}
