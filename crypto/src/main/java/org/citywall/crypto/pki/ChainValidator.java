package org.citywall.crypto.pki;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertException;
import org.bouncycastle.cert.X509CRLEntryHolder;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.citywall.crypto.CryptoException;

/**
 * Validates an SM2 certificate chain up to a trust anchor: every signature (SM2 with SM3,
 * default user id, including the anchor's self-signature), validity at the given time, issuer
 * names, basicConstraints cA and path length, keyCertSign, and revocation against any CRL of
 * an issuer in the path (whose own signature, key usage and thisUpdate/nextUpdate window are
 * checked too: a stale CRL fails the check rather than vouching for anything).
 *
 * <p>As RFC 5280 requires, a certificate (the anchor's too, as OpenSSL does) or CRL carrying a
 * <em>critical</em> extension this validator does not process fails: only basicConstraints,
 * keyUsage, extendedKeyUsage, subjectAltName, nameConstraints and the key identifiers are
 * understood. Name constraints of every CA in the path, the anchor included, are enforced
 * ({@link NameConstraintsCheck}). The leaf's keyUsage and extendedKeyUsage are checked against
 * the {@link CertificatePurpose} the caller gives.
 *
 * <p>Failures are {@code VALIDATION_FAILED} with a message saying which certificate failed and why.
 */
public final class ChainValidator {

    private final List<X509CertificateHolder> anchors;
    private final List<X509CRLHolder> crls;

    /** Validation against {@code anchors} (root certificates) with the given CRLs (may be empty). */
    public ChainValidator(List<X509CertificateHolder> anchors, List<X509CRLHolder> crls) {
        this.anchors = List.copyOf(anchors);
        this.crls = List.copyOf(crls);
    }

    /**
     * Validates {@code leaf} at {@code at} for any purpose, building the path from {@code intermediates}:
     * the leaf's keyUsage and extendedKeyUsage are not looked at. Prefer
     * {@link #validate(X509CertificateHolder, List, Instant, CertificatePurpose)} when the use is known.
     *
     * @return the path, leaf first, anchor last
     */
    public List<X509CertificateHolder> validate(X509CertificateHolder leaf, List<X509CertificateHolder> intermediates, Instant at) {
        return validate(leaf, intermediates, at, CertificatePurpose.ANY);
    }

    /**
     * Validates {@code leaf} at {@code at} for {@code purpose}, building the path from {@code intermediates}.
     *
     * @return the path, leaf first, anchor last
     */
    public List<X509CertificateHolder> validate(X509CertificateHolder leaf, List<X509CertificateHolder> intermediates, Instant at,
                                                CertificatePurpose purpose) {
        List<X509CertificateHolder> path;
        try {
            path = path(leaf, intermediates, at);
            NameConstraintsCheck.check(path);
            purpose.check(leaf);
        } catch (IllegalArgumentException | IllegalStateException e) {
            // Bouncy Castle's extension parsers throw these on malformed DER: a bad certificate, not a fault of ours
            throw new CryptoException(CryptoException.Reason.VALIDATION_FAILED, "the certificate chain has a malformed extension");
        }
        return path;
    }

    private List<X509CertificateHolder> path(X509CertificateHolder leaf, List<X509CertificateHolder> intermediates, Instant at) {
        List<X509CertificateHolder> path = new ArrayList<>();
        path.add(leaf);
        X509CertificateHolder current = leaf;
        for (int depth = 0; depth < 10; depth++) {
            checkTime(current, at);
            checkCriticalExtensions(current);
            X509CertificateHolder anchor = issuerIn(anchors, current);
            if (anchor != null) {
                checkSignedBy(current, anchor);
                if (!anchor.equals(current)) {
                    checkTime(anchor, at);
                    checkCriticalExtensions(anchor);
                    checkCa(anchor, path.size() - 1);
                    checkSignedBy(anchor, anchor);
                    checkRevocation(current, anchor, at);
                    path.add(anchor);
                }
                return path;
            }
            X509CertificateHolder issuer = issuerIn(intermediates, current);
            if (issuer == null || issuer.equals(current)) {
                throw fail(current, "no issuer found in the chain or among the trust anchors");
            }
            checkSignedBy(current, issuer);
            checkCa(issuer, path.size() - 1);
            checkRevocation(current, issuer, at);
            path.add(issuer);
            current = issuer;
        }
        throw fail(leaf, "chain is longer than 10 certificates");
    }

    private static X509CertificateHolder issuerIn(List<X509CertificateHolder> candidates, X509CertificateHolder cert) {
        for (X509CertificateHolder c : candidates) {
            if (c.getSubject().equals(cert.getIssuer()) && signedBy(cert, c)) {
                return c;
            }
        }
        return null;
    }

    private static boolean signedBy(X509CertificateHolder cert, X509CertificateHolder issuer) {
        try {
            return Sm2Operators.isSm2Signature(cert.getSignatureAlgorithm())
                    && cert.isSignatureValid(Sm2Operators.verifierProvider(Pkix.publicKey(issuer)));
        } catch (CertException | RuntimeException e) {
            return false;
        }
    }

    private static void checkSignedBy(X509CertificateHolder cert, X509CertificateHolder issuer) {
        if (!signedBy(cert, issuer)) {
            throw fail(cert, "signature does not verify with the key of " + issuer.getSubject());
        }
    }

    private static void checkTime(X509CertificateHolder c, Instant at) {
        if (!c.isValidOn(Date.from(at))) {
            throw fail(c, at.isAfter(c.getNotAfter().toInstant()) ? "has expired" : "is not yet valid");
        }
    }

    /** Certificate extensions this validator acts on (the key identifiers only help find issuers, and change no decision). */
    private static final Set<ASN1ObjectIdentifier> UNDERSTOOD = Set.of(Extension.basicConstraints, Extension.keyUsage,
            Extension.extendedKeyUsage, Extension.subjectAlternativeName, Extension.nameConstraints, Extension.subjectKeyIdentifier,
            Extension.authorityKeyIdentifier);

    /** CRL and CRL entry extensions this validator understands; anything else critical makes the CRL unusable. */
    private static final Set<ASN1ObjectIdentifier> UNDERSTOOD_IN_CRLS = Set.of(Extension.cRLNumber, Extension.authorityKeyIdentifier,
            Extension.reasonCode, Extension.invalidityDate);

    /** RFC 5280 4.2: a certificate with a critical extension the relying party does not process must be rejected. */
    private static void checkCriticalExtensions(X509CertificateHolder c) {
        ASN1ObjectIdentifier unknown = unknownCritical(c.getExtensions(), UNDERSTOOD);
        if (unknown != null) {
            throw fail(c, "has a critical extension this validator does not process (" + unknown.getId() + ")");
        }
    }

    private static ASN1ObjectIdentifier unknownCritical(Extensions extensions, Set<ASN1ObjectIdentifier> understood) {
        if (extensions == null) {
            return null;
        }
        for (ASN1ObjectIdentifier oid : extensions.getCriticalExtensionOIDs()) {
            if (!understood.contains(oid)) {
                return oid;
            }
        }
        return null;
    }

    /** {@code below} is the number of non-self-issued CA certificates between this issuer and the leaf. */
    private static void checkCa(X509CertificateHolder issuer, int below) {
        BasicConstraints bc = BasicConstraints.fromExtensions(issuer.getExtensions());
        if (bc == null || !bc.isCA()) {
            throw fail(issuer, "is not a CA (basicConstraints cA is not set)");
        }
        if (bc.getPathLenConstraint() != null && below > bc.getPathLenConstraint().intValue()) {
            throw fail(issuer, "path length constraint exceeded");
        }
        KeyUsage ku = KeyUsage.fromExtensions(issuer.getExtensions());
        if (ku != null && !ku.hasUsages(KeyUsage.keyCertSign)) {
            throw fail(issuer, "key usage does not allow keyCertSign");
        }
    }

    private void checkRevocation(X509CertificateHolder cert, X509CertificateHolder issuer, Instant at) {
        for (X509CRLHolder crl : crls) {
            if (!crl.getIssuer().equals(issuer.getSubject())) {
                continue;
            }
            boolean valid;
            try {
                valid = Sm2Operators.isSm2Signature(crl.toASN1Structure().getSignatureAlgorithm())
                        && crl.isSignatureValid(Sm2Operators.verifierProvider(Pkix.publicKey(issuer)));
            } catch (CertException | RuntimeException e) {
                valid = false;
            }
            if (!valid) {
                throw fail(cert, "a CRL of " + issuer.getSubject() + " has a bad signature");
            }
            KeyUsage ku = KeyUsage.fromExtensions(issuer.getExtensions());
            if (ku != null && !ku.hasUsages(KeyUsage.cRLSign)) {
                throw fail(issuer, "key usage does not allow cRLSign but it signed a CRL");
            }
            // RFC 5280 5.2/5.3: a CRL with a critical extension we cannot process says nothing we may rely on
            ASN1ObjectIdentifier unknown = unknownCritical(crl.getExtensions(), UNDERSTOOD_IN_CRLS);
            for (Iterator<?> entries = crl.getRevokedCertificates().iterator(); unknown == null && entries.hasNext(); ) {
                unknown = unknownCritical(((X509CRLEntryHolder) entries.next()).getExtensions(), UNDERSTOOD_IN_CRLS);
            }
            if (unknown != null) {
                throw fail(cert, "cannot be checked: a CRL of " + issuer.getSubject()
                        + " has a critical extension this validator does not process (" + unknown.getId() + ")");
            }
            // a stale CRL cannot say the certificate is still good (RFC 5280 6.3.3): fail rather than pass
            if (crl.getThisUpdate().toInstant().isAfter(at)) {
                throw fail(cert, "cannot be checked: the CRL of " + issuer.getSubject() + " was issued after the time checked ("
                        + crl.getThisUpdate().toInstant() + ")");
            }
            if (crl.getNextUpdate() != null && crl.getNextUpdate().toInstant().isBefore(at)) {
                throw fail(cert, "cannot be checked: the CRL of " + issuer.getSubject() + " expired at "
                        + crl.getNextUpdate().toInstant() + "; get a fresh one");
            }
            var entry = crl.getRevokedCertificate(cert.getSerialNumber());
            if (entry != null && !entry.getRevocationDate().toInstant().isAfter(at)) {
                throw fail(cert, "has been revoked (serial " + cert.getSerialNumber().toString(16) + ")");
            }
        }
    }

    static CryptoException fail(X509CertificateHolder c, String why) {
        return new CryptoException(CryptoException.Reason.VALIDATION_FAILED, "certificate " + c.getSubject() + " " + why);
    }
}
