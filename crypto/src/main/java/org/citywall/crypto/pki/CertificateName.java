package org.citywall.crypto.pki;

import java.net.URI;
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
    public enum Kind {
        COMMON_NAME("cn"), ORGANIZATION("o"), ORGANIZATIONAL_UNIT("ou"), DNS("dns"), IP("ip"), EMAIL("email"), URI("uri"),
        /** Any other identifying attribute of the subject (UID, serial number, domain component, unknown types) or kind of name. */
        OTHER("other");

        private final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /**
     * Subject attributes that describe where the holder is rather than who it is: not judged.
     * Every other attribute of the subject is a name (or, unknown, an {@link Kind#OTHER} one).
     */
    private static final java.util.Set<org.bouncycastle.asn1.ASN1ObjectIdentifier> PLACES = java.util.Set.of(BCStyle.C, BCStyle.ST,
            BCStyle.L, BCStyle.STREET, BCStyle.POSTAL_CODE);

    @Override
    public String toString() {
        return kind.label + ":" + value;
    }

    /** Every identifying attribute of {@code subject} in order, then every name of {@code sans} (which may be null). */
    static List<CertificateName> of(X500Name subject, GeneralNames sans) {
        List<CertificateName> out = new ArrayList<>();
        for (RDN rdn : subject.getRDNs()) {
            for (AttributeTypeAndValue tv : rdn.getTypesAndValues()) {
                String text = tv.getValue() instanceof ASN1String s ? s.getString() : tv.getValue().toString();
                if (tv.getType().equals(BCStyle.CN)) {
                    out.add(new CertificateName(Kind.COMMON_NAME, text));
                } else if (tv.getType().equals(BCStyle.O)) {
                    out.add(new CertificateName(Kind.ORGANIZATION, text));
                } else if (tv.getType().equals(BCStyle.OU)) {
                    out.add(new CertificateName(Kind.ORGANIZATIONAL_UNIT, text));
                } else if (tv.getType().equals(BCStyle.EmailAddress)) {
                    out.add(new CertificateName(Kind.EMAIL, text.toLowerCase(Locale.ROOT)));
                } else if (!PLACES.contains(tv.getType())) {
                    out.add(new CertificateName(Kind.OTHER, tv.getType().getId() + "=" + text));
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
        if (octets.length == 4) {
            return new CertificateName(Kind.IP, (octets[0] & 0xff) + "." + (octets[1] & 0xff) + "." + (octets[2] & 0xff) + "."
                    + (octets[3] & 0xff));
        }
        // written from the octets: InetAddress would turn an IPv4-mapped address into the IPv4 one it maps
        StringBuilder full = new StringBuilder();
        for (int i = 0; i < 16; i += 2) {
            full.append(i == 0 ? "" : ":").append(Integer.toHexString(((octets[i] & 0xff) << 8) | (octets[i + 1] & 0xff)));
        }
        return new CertificateName(Kind.IP, compressed(full.toString()));
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

    /**
     * The host of a URI name, or null when it has none — or when it carries user information
     * ({@code https://treasury.example@app1.example/}): a name that spells another before its host
     * is not judged by its host.
     */
    public String uriHost() {
        try {
            URI uri = URI.create(value);
            String host = uri.getHost();
            return host == null || uri.getRawUserInfo() != null ? null : host.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
