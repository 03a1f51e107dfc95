package org.citywall.crypto.pki;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/**
 * One name a certificate vouches for: a common name of its subject or one of its subject
 * alternative names. What a CA's issuing policy judges before it signs.
 *
 * @param kind  where the name sits
 * @param value the name as text: DNS names and e-mail addresses in lower case, IP addresses in
 *              their canonical text (IPv6 compressed as RFC 5952 writes it), other kinds as the
 *              ASN.1 tag number
 */
public record CertificateName(Kind kind, String value) {

    /** Where a name sits in the certificate. */
    public enum Kind { COMMON_NAME, DNS, IP, EMAIL, URI, OTHER }

    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT).replace("common_name", "cn") + ":" + value;
    }

    /** Every common name of {@code subject}, then every name of {@code sans} (which may be null). */
    static List<CertificateName> of(X500Name subject, GeneralNames sans) {
        List<CertificateName> out = new ArrayList<>();
        for (RDN rdn : subject.getRDNs(BCStyle.CN)) {
            for (AttributeTypeAndValue tv : rdn.getTypesAndValues()) {
                if (tv.getType().equals(BCStyle.CN)) {
                    out.add(new CertificateName(Kind.COMMON_NAME, tv.getValue() instanceof ASN1String s ? s.getString()
                            : tv.getValue().toString()));
                }
            }
        }
        if (sans != null) {
            for (GeneralName g : sans.getNames()) {
                out.add(of(g));
            }
        }
        return out;
    }

    private static CertificateName of(GeneralName g) {
        return switch (g.getTagNo()) {
            case GeneralName.dNSName -> new CertificateName(Kind.DNS, text(g).toLowerCase(Locale.ROOT));
            case GeneralName.rfc822Name -> new CertificateName(Kind.EMAIL, text(g).toLowerCase(Locale.ROOT));
            case GeneralName.uniformResourceIdentifier -> new CertificateName(Kind.URI, text(g));
            case GeneralName.iPAddress -> ip(ASN1OctetString.getInstance(g.getName()).getOctets());
            default -> new CertificateName(Kind.OTHER, Integer.toString(g.getTagNo()));
        };
    }

    private static String text(GeneralName g) {
        return g.getName() instanceof ASN1String s ? s.getString() : g.getName().toString();
    }

    private static CertificateName ip(byte[] octets) {
        if (octets.length != 4 && octets.length != 16) {
            return new CertificateName(Kind.OTHER, Integer.toString(GeneralName.iPAddress)); // a range belongs in name constraints
        }
        try {
            String text = InetAddress.getByAddress(octets).getHostAddress();
            return new CertificateName(Kind.IP, octets.length == 16 ? compressed(text) : text);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // only for lengths other than 4 and 16
        }
    }

    /** RFC 5952: lower case, no leading zeros, the longest run of two or more zero groups as {@code ::}. */
    static String compressed(String fullIpv6) {
        String[] groups = fullIpv6.toLowerCase(Locale.ROOT).split(":");
        int bestAt = -1;
        int bestLen = 1;
        for (int i = 0; i < groups.length; ) {
            int j = i;
            while (j < groups.length && groups[j].equals("0")) {
                j++;
            }
            if (j - i > bestLen) {
                bestAt = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        if (bestAt < 0) {
            return String.join(":", groups);
        }
        String head = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestAt));
        String tail = String.join(":", java.util.Arrays.copyOfRange(groups, bestAt + bestLen, groups.length));
        return head + "::" + tail;
    }

    /** The host of a URI name, or null when it has none. */
    public String uriHost() {
        try {
            String host = URI.create(value).getHost();
            return host == null ? null : host.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
