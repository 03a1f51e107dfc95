package org.citywall.crypto.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.citywall.crypto.pki.CertificateName;

/**
 * Which names a caller may have the service CA put in a certificate, so that one application
 * cannot obtain a certificate that names another. Every common name and subject alternative name
 * needs a grant {@code crypto:cert-name:<name>}:
 * <ul>
 *   <li>DNS names (and common names written as DNS names): the name itself, or {@code *.<domain>}
 *       for any name below that domain — {@code crypto:cert-name:*.billing.gov.example};</li>
 *   <li>e-mail addresses: the address, or {@code *@<domain>};</li>
 *   <li>URIs: as their host is granted;</li>
 *   <li>IP addresses: the address, an IPv6 one with {@code -} for {@code :}
 *       ({@code crypto:cert-name:2001-db8--1}), as a permission part cannot hold a colon;</li>
 *   <li>other common names: the name in lower case;</li>
 *   <li>the subject's organisation and unit: {@code o=<name>}, {@code ou=<name>} in lower case
 *       ({@code crypto:cert-name:o=taiyuan data bureau}); its e-mail address as an e-mail name;
 *       country, province, locality, street and postal code are not judged;</li>
 *   <li>a name that holds {@code :}, {@code ,} or a control character (which permission strings
 *       cannot carry), any other subject attribute (UID, serial number, domain component...) and any
 *       other kind of name: only {@code crypto:cert-name:*}, the grant for every name.</li>
 * </ul>
 */
final class CertificateNamePolicy {
    /** The permission prefix of certificate names. */
    static final String PERMISSION = "crypto:cert-name:";
    private static final Pattern DNS = Pattern.compile("(\\*\\.)?([a-z0-9_]([a-z0-9_-]*[a-z0-9_])?\\.)*[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?");

    private final Authorizer authorizer;

    CertificateNamePolicy(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    /** The names of {@code names} that {@code caller} may not have certified, as text; empty when all may be. */
    List<String> refused(Caller caller, List<CertificateName> names) {
        List<String> refused = new ArrayList<>();
        for (CertificateName n : names) {
            if (candidates(n).stream().noneMatch(c -> authorizer.isPermitted(caller, PERMISSION + c))) {
                refused.add(n.toString());
            }
        }
        return refused;
    }

    /** The grants, any one of which permits {@code n}, most specific first. */
    static List<String> candidates(CertificateName n) {
        String v = n.value().toLowerCase(Locale.ROOT);
        List<String> out = switch (n.kind()) {
            case DNS -> DNS.matcher(v).matches() ? dns(v) : List.of();
            case COMMON_NAME -> DNS.matcher(v).matches() && v.contains(".") ? dns(v) : List.of(v);
            case EMAIL -> v.indexOf('@') > 0 && v.indexOf('@') == v.lastIndexOf('@')
                    ? List.of(v, "*@" + v.substring(v.indexOf('@') + 1)) : List.of();
            case URI -> {
                String host = n.uriHost();
                yield host != null && DNS.matcher(host).matches() ? dns(host) : List.of();
            }
            case IP -> List.of(v.replace(':', '-'));
            case ORGANIZATION -> List.of("o=" + v);
            case ORGANIZATIONAL_UNIT -> List.of("ou=" + v);
            case OTHER -> List.of();
        };
        List<String> usable = new ArrayList<>();
        for (String c : out) {
            // a colon or comma would split the permission part, and a lone "*" would be read as every name
            // Shiro trims parts (control characters too): a name that differs from its grant only there must not pass
            if (!c.isBlank() && c.indexOf(':') < 0 && c.indexOf(',') < 0 && !c.equals("*") && c.equals(c.strip())
                    && c.chars().noneMatch(ch -> ch < 0x20 || ch == 0x7f)) {
                usable.add(c);
            }
        }
        usable.add("*"); // as a wanted part, "*" is implied only by a grant of every name (crypto:cert-name:*, crypto:*)
        return usable;
    }

    /**
     * {@code a.b.example}: itself, then {@code *.b.example}, {@code *.example}. A wildcard name
     * {@code *.b.example} is itself, then {@code *.example}. {@code *.b.example} does not cover
     * {@code b.example} itself.
     */
    private static List<String> dns(String name) {
        List<String> out = new ArrayList<>();
        out.add(name);
        String rest = name.startsWith("*.") ? name.substring(2) : name;
        for (int dot = rest.indexOf('.'); dot >= 0; dot = rest.indexOf('.', dot + 1)) {
            out.add("*." + rest.substring(dot + 1));
        }
        return out;
    }
}
