package org.citywall.crypto.pki;

import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.citywall.crypto.CryptoException;

/** {@code dns:}/{@code ip:}/{@code email:}/{@code uri:} strings to and from X.509 GeneralNames. */
final class GeneralNames2 {

    private GeneralNames2() {
    }

    static GeneralNames parse(List<String> names) {
        List<GeneralName> out = new ArrayList<>();
        for (String n : names) {
            int colon = n.indexOf(':');
            String kind = colon < 0 ? "" : n.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
            String value = colon < 0 ? "" : n.substring(colon + 1);
            if (value.isEmpty()) {
                throw invalid(n);
            }
            try {
                out.add(switch (kind) {
                    case "dns" -> new GeneralName(GeneralName.dNSName, value);
                    case "ip" -> new GeneralName(GeneralName.iPAddress, value);
                    case "email" -> new GeneralName(GeneralName.rfc822Name, value);
                    case "uri" -> new GeneralName(GeneralName.uniformResourceIdentifier, value);
                    default -> throw invalid(n);
                });
            } catch (IllegalArgumentException e) {
                throw invalid(n);
            }
        }
        return new GeneralNames(out.toArray(new GeneralName[0]));
    }

    private static CryptoException invalid(String n) {
        return new CryptoException(CryptoException.Reason.INVALID_REQUEST,
                "subject alternative name '" + n + "' must be dns:, ip:, email: or uri: followed by a value");
    }
}
