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
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.citywall.crypto.CryptoException;
import org.citywall.crypto.Sm2PrivateKey;
import org.citywall.crypto.Sm2PublicKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An SM2 certificate authority (root or intermediate): issues certificates from PKCS#10 CSRs
 * after verifying their SM2 signature, issues intermediates, revokes, and signs CRLs. All
 * signatures are SM2-with-SM3 (1.2.156.10197.1.501) with the default user id, which OpenSSL 3
 * checks with {@code -vfyopt distid:1234567812345678}.
 *
 * <p>Serial numbers are 128 random bits (positive, unique in practice without coordination).
 * Thread-safe.
 */
public final class CertificateAuthority {

    private static final Logger LOG = LoggerFactory.getLogger(CertificateAuthority.class);

    /** The CA's signing key: its public half and a function returning DER SM2 signatures (default user id). */
    private record Signer(Sm2PublicKey publicKey, java.util.function.UnaryOperator<byte[]> sign) {
        static Signer of(Sm2PrivateKey k) {
            return new Signer(k.publicKey(), k::sign);
        }
    }

    private final Signer key;
    private final X509CertificateHolder certificate;
    private final List<X509CertificateHolder> chain;
    private final CaLedger ledger;

    /**
     * A CA from its key, its certificate, the certificates above it up to the root (empty for a
     * root), and its ledger of issued and revoked certificates.
     */
    public CertificateAuthority(Sm2PrivateKey key, X509CertificateHolder certificate, List<X509CertificateHolder> chain, CaLedger ledger) {
        this(Signer.of(key), certificate, chain, ledger);
    }

    /**
     * A CA whose key lives in a {@link org.citywall.crypto.KeyRing} (encrypted at rest under the
     * master key) rather than in a PEM file: signatures come from {@code ring.sign(keyName, version, ...)}.
     */
    public static CertificateAuthority fromKeyRing(org.citywall.crypto.KeyRing ring, String keyName, int version,
                                                   X509CertificateHolder certificate, List<X509CertificateHolder> chain, CaLedger ledger) {
        return new CertificateAuthority(new Signer(ring.publicKey(keyName, version), data -> ring.sign(keyName, version, data).payload()),
                certificate, chain, ledger);
    }

    /** A self-signed root whose key is a {@link org.citywall.crypto.KeyRing} SM2 signing key version. */
    public static CertificateAuthority createRoot(String subject, org.citywall.crypto.KeyRing ring, String keyName, int version,
                                                  Duration validity, CaLedger ledger) {
        return createRoot(subject, new Signer(ring.publicKey(keyName, version), data -> ring.sign(keyName, version, data).payload()),
                validity, ledger);
    }

    private CertificateAuthority(Signer key, X509CertificateHolder certificate, List<X509CertificateHolder> chain, CaLedger ledger) {
        if (!Pkix.publicKey(certificate).equals(key.publicKey())) {
            throw new CryptoException(CryptoException.Reason.INVALID_REQUEST, "CA key does not match the CA certificate");
        }
        BasicConstraints bc = BasicConstraints.fromExtensions(certificate.getExtensions());
        if (bc == null || !bc.isCA()) {
            throw new CryptoException(CryptoException.Reason.INVALID_REQUEST, "certificate is not a CA certificate (basicConstraints cA)");
        }
        this.key = key;
        this.certificate = certificate;
        this.chain = List.copyOf(chain);
        this.ledger = ledger;
    }

    /** A new self-signed root CA certificate for {@code subject} (e.g. {@code CN=CityWall Root,O=Gov}). */
    public static CertificateAuthority createRoot(String subject, Sm2PrivateKey key, Duration validity, CaLedger ledger) {
        return createRoot(subject, Signer.of(key), validity, ledger);
    }

    private static CertificateAuthority createRoot(String subject, Signer key, Duration validity, CaLedger ledger) {
        X500Name name = new X500Name(subject);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        X509CertificateHolder cert = build(name, key, name, key.publicKey(), now, now.plus(validity), null,
                caExtensions(key.publicKey(), key.publicKey(), -1));
        LOG.info("root CA created subject={} serial={}", subject, cert.getSerialNumber().toString(16));
        return new CertificateAuthority(key, cert, List.of(), ledger);
    }

    /** Issues an intermediate CA certificate for {@code subjectKey}; {@code pathLength} -1 means unlimited. */
    public CertificateAuthority createIntermediate(String subject, Sm2PrivateKey subjectKey, Duration validity, int pathLength, CaLedger subLedger) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        requireMayIssueCa(pathLength);
        X509CertificateHolder cert = build(certificate.getSubject(), key, new X500Name(subject), subjectKey.publicKey(), now,
                notAfter(now, validity), null, caExtensions(subjectKey.publicKey(), key.publicKey(), pathLength));
        ledger.recordIssued(new CaLedger.Issued(cert.getSerialNumber(), subject, cert.getNotAfter().toInstant()));
        List<X509CertificateHolder> subChain = new ArrayList<>();
        subChain.add(certificate);
        subChain.addAll(chain);
        LOG.info("intermediate CA issued subject={} serial={}", subject, cert.getSerialNumber().toString(16));
        return new CertificateAuthority(subjectKey, cert, subChain, subLedger);
    }

    /**
     * Issues an intermediate CA certificate from a PKCS#10 request (PEM or DER) whose SM2
     * signature verifies — for an issuing CA whose key never leaves its own machine.
     * {@code pathLength} -1 means unlimited.
     */
    public X509CertificateHolder issueCa(byte[] csrPemOrDer, Duration validity, int pathLength) {
        PKCS10CertificationRequest csr = verifiedCsr(csrPemOrDer);
        Sm2PublicKey subjectKey = Sm2PublicKey.fromDer(Pkix.encoded(csr.getSubjectPublicKeyInfo()));
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        requireMayIssueCa(pathLength);
        X509CertificateHolder cert = build(certificate.getSubject(), key, csr.getSubject(), subjectKey, now,
                notAfter(now, validity), null, caExtensions(subjectKey, key.publicKey(), pathLength));
        ledger.recordIssued(new CaLedger.Issued(cert.getSerialNumber(), csr.getSubject().toString(), cert.getNotAfter().toInstant()));
        LOG.info("intermediate CA issued subject={} serial={}", csr.getSubject(), cert.getSerialNumber().toString(16));
        return cert;
    }

    private static PKCS10CertificationRequest verifiedCsr(byte[] csrPemOrDer) {
        PKCS10CertificationRequest csr = Pkix.csr(csrPemOrDer);
        Sm2PublicKey subjectKey = Sm2PublicKey.fromDer(Pkix.encoded(csr.getSubjectPublicKeyInfo()));
        boolean valid;
        try {
            valid = csr.isSignatureValid(Sm2Operators.verifierProvider(subjectKey));
        } catch (PKCSException | RuntimeException e) {
            valid = false;
        }
        if (!valid) {
            throw new CryptoException(CryptoException.Reason.VALIDATION_FAILED, "CSR signature does not verify (SM2 with SM3, default user id)");
        }
        return csr;
    }

    /**
     * Issues an end-entity certificate from a PKCS#10 request (PEM or DER).
     *
     * @throws CryptoException {@code MALFORMED_INPUT} if the CSR cannot be parsed or its key is
     *     not SM2; {@code VALIDATION_FAILED} if its signature does not verify
     */
    public X509CertificateHolder issue(byte[] csrPemOrDer, CertificateProfile profile) {
        return issue(csrPemOrDer, profile, null);
    }

    /** As {@link #issue(byte[], CertificateProfile)}, recording {@code requester} (who asked) in the ledger. */
    public X509CertificateHolder issue(byte[] csrPemOrDer, CertificateProfile profile, String requester) {
        return issue(csrPemOrDer, profile, requester, names -> { });
    }

    /**
     * As {@link #issue(byte[], CertificateProfile, String)}, with an issuing policy: {@code approve}
     * sees every name the certificate would carry (the subject's common names, then its subject
     * alternative names) once the CSR's signature has verified and before anything is signed or
     * recorded, and refuses by throwing.
     */
    public X509CertificateHolder issue(byte[] csrPemOrDer, CertificateProfile profile, String requester,
            java.util.function.Consumer<List<CertificateName>> approve) {
        PKCS10CertificationRequest csr = verifiedCsr(csrPemOrDer);
        Sm2PublicKey subjectKey = Sm2PublicKey.fromDer(Pkix.encoded(csr.getSubjectPublicKeyInfo()));
        GeneralNames sans = profile.subjectAltNames().isEmpty() ? requestedSans(csr) : GeneralNames2.parse(profile.subjectAltNames());
        approve.accept(CertificateName.of(csr.getSubject(), sans));
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant notAfter = notAfter(now, profile.validity());
        for (CertificateProfile.KeyUsage u : profile.keyUsages()) {
            if (u == CertificateProfile.KeyUsage.KEY_CERT_SIGN || u == CertificateProfile.KeyUsage.CRL_SIGN) {
                throw new CryptoException(CryptoException.Reason.INVALID_REQUEST,
                        "key usage " + u + " is for CA certificates only; an end-entity certificate (cA=false) cannot carry it");
            }
        }
        List<Extension> ext = new ArrayList<>();
        ext.add(ext(Extension.basicConstraints, true, new BasicConstraints(false)));
        int bits = 0;
        for (CertificateProfile.KeyUsage u : profile.keyUsages()) {
            bits |= u.bit;
        }
        if (bits != 0) {
            ext.add(ext(Extension.keyUsage, true, new org.bouncycastle.asn1.x509.KeyUsage(bits)));
        }
        if (!profile.extendedKeyUsages().isEmpty()) {
            KeyPurposeId[] ids = profile.extendedKeyUsages().stream().sorted().map(e -> e.id).toArray(KeyPurposeId[]::new);
            ext.add(ext(Extension.extendedKeyUsage, false, new org.bouncycastle.asn1.x509.ExtendedKeyUsage(ids)));
        }
        if (sans != null && sans.getNames().length > 0) {
            ext.add(ext(Extension.subjectAlternativeName, false, sans));
        }
        ext.add(ext(Extension.subjectKeyIdentifier, false, ski(subjectKey)));
        ext.add(ext(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(ski(key.publicKey()).getKeyIdentifier())));
        X509CertificateHolder cert = build(certificate.getSubject(), key, csr.getSubject(), subjectKey, now,
                notAfter, null, ext);
        ledger.recordIssued(new CaLedger.Issued(cert.getSerialNumber(), csr.getSubject().toString(), cert.getNotAfter().toInstant(),
                requester));
        LOG.info("certificate issued subject={} serial={}", csr.getSubject(), cert.getSerialNumber().toString(16));
        return cert;
    }

    /** Who asked for the certificate with {@code serial} (null when unknown), or empty if this CA did not issue it. */
    public java.util.Optional<CaLedger.Issued> issued(BigInteger serial) {
        return ledger.find(serial);
    }

    /** Revokes a certificate this CA issued. {@code reason} is an RFC 5280 CRLReason code. */
    public CaLedger.Revocation revoke(BigInteger serial, int reason) {
        CaLedger.Revocation r = ledger.revoke(serial, reason, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        LOG.info("certificate revoked serial={} reason={}", serial.toString(16), reason);
        return r;
    }

    /** A fresh CRL of every revocation, valid until {@code nextUpdateIn} from now, with an increasing CRL number. */
    public X509CRLHolder crl(Duration nextUpdateIn) {
        return crl(nextUpdateIn, ledger.revocations());
    }

    private X509CRLHolder crl(Duration nextUpdateIn, List<CaLedger.Revocation> revocations) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        X509v2CRLBuilder b = new X509v2CRLBuilder(certificate.getSubject(), Date.from(now));
        b.setNextUpdate(Date.from(now.plus(nextUpdateIn)));
        for (CaLedger.Revocation r : revocations) {
            b.addCRLEntry(r.serial(), Date.from(r.revokedAt()), r.reason());
        }
        try {
            b.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(ledger.nextCrlNumber())));
            b.addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(ski(key.publicKey()).getKeyIdentifier()));
        } catch (CertIOException e) {
            throw new IllegalStateException(e);
        }
        return b.build(Sm2Operators.signer(key.sign(), Sm2Operators.SM2_WITH_SM3));
    }

    private X509CRLHolder currentCrl;
    private List<CaLedger.Revocation> currentCrlRevocations;

    /**
     * The CRL to publish now: the last one this CA signed (same CRL number) while the revocation
     * list is unchanged and more than half of its lifetime is left; otherwise a fresh one
     * ({@link #crl(Duration)}, next CRL number) valid for {@code nextUpdateIn}.
     */
    public synchronized X509CRLHolder currentCrl(Duration nextUpdateIn) {
        List<CaLedger.Revocation> revocations = ledger.revocations();
        if (currentCrl != null && revocations.equals(currentCrlRevocations)) {
            Instant thisUpdate = currentCrl.getThisUpdate().toInstant();
            Instant nextUpdate = currentCrl.getNextUpdate().toInstant();
            Duration left = Duration.between(Instant.now(), nextUpdate);
            if (left.compareTo(Duration.between(thisUpdate, nextUpdate).dividedBy(2)) > 0) {
                return currentCrl;
            }
        }
        X509CRLHolder fresh = crl(nextUpdateIn, revocations);
        currentCrl = fresh;
        currentCrlRevocations = revocations;
        return fresh;
    }

    /** This CA's certificate. */
    public X509CertificateHolder certificate() {
        return certificate;
    }

    /** The certificates above this CA up to and including the root (empty for a root). */
    public List<X509CertificateHolder> chain() {
        return chain;
    }

    public CaLedger ledger() {
        return ledger;
    }

    /**
     * The notAfter of a certificate issued {@code now} for {@code validity}: clamped to this CA's
     * own expiry. Refuses ({@code INVALID_REQUEST}) when this CA's certificate is not valid now
     * (expired or not yet valid) or when clamping would leave no validity at all.
     */
    private Instant notAfter(Instant now, Duration validity) {
        Instant caNotBefore = certificate.getNotBefore().toInstant();
        Instant caNotAfter = certificate.getNotAfter().toInstant();
        if (now.isBefore(caNotBefore)) {
            throw new CryptoException(CryptoException.Reason.INVALID_REQUEST,
                    "the CA certificate is not valid until " + caNotBefore + ": this CA cannot issue certificates yet");
        }
        if (now.isAfter(caNotAfter)) {
            throw new CryptoException(CryptoException.Reason.INVALID_REQUEST,
                    "the CA certificate expired at " + caNotAfter + ": this CA can no longer issue certificates");
        }
        Instant wanted = now.plus(validity);
        Instant notAfter = wanted.isAfter(caNotAfter) ? caNotAfter : wanted;
        if (!notAfter.isAfter(now)) {
            throw new CryptoException(CryptoException.Reason.INVALID_REQUEST,
                    "the CA certificate expires at " + caNotAfter + ": a certificate issued now would have no validity left");
        }
        return notAfter;
    }

    /**
     * Refuses to issue a CA certificate this CA's own basicConstraints pathLenConstraint forbids:
     * a CA with pathLen 0 issues no CA certificates, and one with pathLen n issues only CAs with
     * pathLen below n (not unlimited).
     */
    private void requireMayIssueCa(int pathLength) {
        BigInteger limit = BasicConstraints.fromExtensions(certificate.getExtensions()).getPathLenConstraint();
        if (limit == null) {
            return;
        }
        if (limit.signum() == 0) {
            throw new CryptoException(CryptoException.Reason.INVALID_REQUEST,
                    "this CA's certificate has pathLen 0: it may issue end-entity certificates only, not CA certificates");
        }
        if (pathLength < 0 || BigInteger.valueOf(pathLength).compareTo(limit) >= 0) {
            throw new CryptoException(CryptoException.Reason.INVALID_REQUEST, "this CA's certificate has pathLen " + limit
                    + ": a CA certificate it issues must have pathLen at most " + limit.subtract(BigInteger.ONE)
                    + (pathLength < 0 ? ", not unlimited" : ", not " + pathLength));
        }
    }

    private static GeneralNames requestedSans(PKCS10CertificationRequest csr) {
        for (var attr : csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
            for (ASN1Encodable v : attr.getAttributeValues()) {
                GeneralNames g = GeneralNames.fromExtensions(Extensions.getInstance(v), Extension.subjectAlternativeName);
                if (g != null) {
                    return g;
                }
            }
        }
        return null;
    }

    private static List<Extension> caExtensions(Sm2PublicKey subject, Sm2PublicKey issuer, int pathLength) {
        List<Extension> ext = new ArrayList<>();
        ext.add(ext(Extension.basicConstraints, true, pathLength < 0 ? new BasicConstraints(true) : new BasicConstraints(pathLength)));
        ext.add(ext(Extension.keyUsage, true, new org.bouncycastle.asn1.x509.KeyUsage(
                org.bouncycastle.asn1.x509.KeyUsage.keyCertSign | org.bouncycastle.asn1.x509.KeyUsage.cRLSign
                        | org.bouncycastle.asn1.x509.KeyUsage.digitalSignature)));
        ext.add(ext(Extension.subjectKeyIdentifier, false, ski(subject)));
        ext.add(ext(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(ski(issuer).getKeyIdentifier())));
        return ext;
    }

    /** RFC 5280 method 1: SHA-1 of the subjectPublicKey BIT STRING contents, as OpenSSL computes it. */
    static SubjectKeyIdentifier ski(Sm2PublicKey k) {
        byte[] point = k.point();
        SHA1Digest d = new SHA1Digest();
        d.update(point, 0, point.length);
        byte[] out = new byte[20];
        d.doFinal(out, 0);
        return new SubjectKeyIdentifier(out);
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /** 127 random bits with the top bit set: positive, 16 bytes in DER, unique without coordination. */
    private static BigInteger newSerial() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return new BigInteger(1, b).setBit(127);
    }

    private static Extension ext(org.bouncycastle.asn1.ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
        try {
            return new Extension(oid, critical, new DEROctetString(value.toASN1Primitive().getEncoded()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509CertificateHolder build(X500Name issuer, Signer issuerKey, X500Name subject, Sm2PublicKey subjectKey,
                                               Instant notBefore, Instant notAfter, BigInteger serial, List<Extension> extensions) {
        BigInteger s = serial != null ? serial : newSerial();
        X509v3CertificateBuilder b = new X509v3CertificateBuilder(issuer, s, Date.from(notBefore), Date.from(notAfter), subject,
                SubjectPublicKeyInfo.getInstance(subjectKey.toDer()));
        try {
            for (Extension e : extensions) {
                b.addExtension(e);
            }
        } catch (CertIOException e) {
            throw new IllegalStateException(e);
        }
        return b.build(Sm2Operators.signer(issuerKey.sign(), Sm2Operators.SM2_WITH_SM3));
    }
}
