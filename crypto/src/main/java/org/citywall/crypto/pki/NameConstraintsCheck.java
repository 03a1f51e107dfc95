package org.citywall.crypto.pki;

import java.util.List;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.NameConstraintValidatorException;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.asn1.x509.PKIXNameConstraintValidator;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * RFC 5280 6.1.3 (b, c) and 6.1.4 (g): every certificate below a CA with nameConstraints must
 * have its subject DN, subject email addresses and subjectAltNames inside the permitted
 * subtrees and outside the excluded ones (dNSName, rfc822Name, iPAddress, directoryName, URI,
 * otherName, via Bouncy Castle's {@link PKIXNameConstraintValidator}). As OpenSSL does, the
 * anchor's own constraints count, and a leaf without a dNSName has a host-name-like common name
 * checked as one (clients that still fall back to the CN must not be able to escape a constraint).
 * A constraint on a form of name that cannot be checked fails the chain rather than being ignored.
 */
final class NameConstraintsCheck {

    private NameConstraintsCheck() {
    }

    /** {@code path} leaf first, anchor last. */
    static void check(List<X509CertificateHolder> path) {
        PKIXNameConstraintValidator constraints = new PKIXNameConstraintValidator();
        boolean any = false;
        for (int i = path.size() - 1; i >= 0; i--) {
            X509CertificateHolder c = path.get(i);
            boolean leaf = i == 0;
            // self-issued intermediates (key rollover) are exempt; the leaf never is
            if (any && (leaf || !c.getSubject().equals(c.getIssuer()))) {
                checkNames(constraints, c, leaf);
            }
            if (!leaf) {
                any |= addConstraints(constraints, c);
            }
        }
    }

    private static boolean addConstraints(PKIXNameConstraintValidator constraints, X509CertificateHolder ca) {
        Extension ext = ca.getExtension(Extension.nameConstraints);
        if (ext == null) {
            return false;
        }
        NameConstraints nc = NameConstraints.getInstance(ext.getParsedValue());
        try {
            if (nc.getPermittedSubtrees() != null) {
                constraints.intersectPermittedSubtree(nc.getPermittedSubtrees());
            }
            if (nc.getExcludedSubtrees() != null) {
                for (GeneralSubtree s : nc.getExcludedSubtrees()) {
                    constraints.addExcludedSubtree(s);
                }
            }
        } catch (IllegalStateException | IllegalArgumentException e) {
            // x400Address, ediPartyName, registeredID: unchecked, a constraint would silently allow everything
            throw ChainValidator.fail(ca, "has name constraints on a form of name this validator cannot check");
        }
        return true;
    }

    private static void checkNames(PKIXNameConstraintValidator constraints, X509CertificateHolder c, boolean leaf) {
        X500Name subject = c.getSubject();
        if (subject.getRDNs().length > 0) {
            try {
                constraints.checkPermittedDN(subject);
                constraints.checkExcludedDN(subject);
            } catch (NameConstraintValidatorException e) {
                throw outside(c, "subject " + subject);
            }
        }
        for (String email : values(subject, PKCSObjectIdentifiers.pkcs_9_at_emailAddress)) {
            check(constraints, c, new GeneralName(GeneralName.rfc822Name, email));
        }
        GeneralNames sans = GeneralNames.fromExtensions(c.getExtensions(), Extension.subjectAlternativeName);
        boolean hasDns = false;
        for (GeneralName n : sans == null ? new GeneralName[0] : sans.getNames()) {
            check(constraints, c, n);
            hasDns |= n.getTagNo() == GeneralName.dNSName;
        }
        if (leaf && !hasDns) {
            for (String cn : values(subject, BCStyle.CN)) {
                if (cn.matches("(?i)[a-z0-9*_-]+(\\.[a-z0-9_-]+)+\\.?")) {
                    check(constraints, c, new GeneralName(GeneralName.dNSName, cn));
                }
            }
        }
    }

    private static void check(PKIXNameConstraintValidator constraints, X509CertificateHolder c, GeneralName n) {
        try {
            constraints.checkPermitted(n);
            constraints.checkExcluded(n);
        } catch (NameConstraintValidatorException e) {
            throw outside(c, describe(n));
        }
    }

    private static String describe(GeneralName n) {
        String kind = switch (n.getTagNo()) {
            case GeneralName.dNSName -> "DNS name";
            case GeneralName.rfc822Name -> "email address";
            case GeneralName.iPAddress -> "IP address";
            case GeneralName.directoryName -> "directory name";
            case GeneralName.uniformResourceIdentifier -> "URI";
            default -> "name";
        };
        String value = n.getTagNo() == GeneralName.iPAddress ? ip(n) : n.getName().toString();
        return kind + " " + value;
    }

    private static String ip(GeneralName n) {
        try {
            return java.net.InetAddress.getByAddress(org.bouncycastle.asn1.ASN1OctetString.getInstance(n.getName()).getOctets())
                    .getHostAddress();
        } catch (java.net.UnknownHostException e) {
            return "(malformed)";
        }
    }

    private static org.citywall.crypto.CryptoException outside(X509CertificateHolder c, String what) {
        return ChainValidator.fail(c, "violates the name constraints of a CA above it: " + what
                + " is outside the permitted names or inside the excluded ones");
    }

    private static List<String> values(X500Name name, org.bouncycastle.asn1.ASN1ObjectIdentifier type) {
        List<String> out = new java.util.ArrayList<>();
        for (RDN rdn : name.getRDNs(type)) {
            for (AttributeTypeAndValue tv : rdn.getTypesAndValues()) {
                if (tv.getType().equals(type) && tv.getValue() instanceof ASN1String s) {
                    out.add(s.getString());
                }
            }
        }
        return out;
    }
}
