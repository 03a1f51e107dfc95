package org.citywall.crypto.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/** The names a CA's issuing policy judges: what a certificate would carry, read exactly once each. */
class CertificateNameTest {

    @Property(tries = 500)
    void anIpv6AddressIsWrittenAsRfc5952CompressesIt(@ForAll("addresses") byte[] address) throws Exception {
        CertificateName n = CertificateName.of(new X500Name("CN=x"),
                new GeneralNames(new GeneralName(GeneralName.iPAddress, new DEROctetString(address)))).get(1);
        assertThat(n.kind()).isEqualTo(CertificateName.Kind.IP);
        assertThat(octets(n.value())).isEqualTo(address);
        assertThat(n.value()).doesNotContain(":::").doesNotMatch(".*(^|:)0[0-9a-f].*").isEqualTo(n.value().toLowerCase());
        assertThat(n.value().split("::", -1).length).isLessThanOrEqualTo(2);
        if (n.value().contains("::")) {
            // the gap stands for two or more zero groups, never one
            String[] sides = n.value().split("::", -1);
            int written = (sides[0].isEmpty() ? 0 : sides[0].split(":").length) + (sides[1].isEmpty() ? 0 : sides[1].split(":").length);
            assertThat(8 - written).isGreaterThanOrEqualTo(2);
        } else {
            assertThat(n.value().split(":")).hasSize(8);
        }
    }

    /** The 16 octets of IPv6 text in hex groups (InetAddress would give an IPv4-mapped address back as 4). */
    private static byte[] octets(String text) {
        String[] sides = text.split("::", -1);
        List<String> groups = new java.util.ArrayList<>();
        List<String> head = sides[0].isEmpty() ? List.of() : List.of(sides[0].split(":"));
        List<String> tail = sides.length < 2 || sides[1].isEmpty() ? List.of() : List.of(sides[1].split(":"));
        groups.addAll(head);
        for (int i = head.size() + tail.size(); i < 8; i++) {
            groups.add("0");
        }
        groups.addAll(tail);
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            int g = Integer.parseInt(groups.get(i), 16);
            b[2 * i] = (byte) (g >> 8);
            b[2 * i + 1] = (byte) g;
        }
        return b;
    }

    @Test
    void anIpv4MappedAddressStaysTheIpv6AddressItIs() {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, 10, 0, 0, 1};
        assertThat(CertificateName.of(new X500Name("CN=x"), new GeneralNames(new GeneralName(GeneralName.iPAddress,
                new DEROctetString(mapped)))).get(1).value()).isEqualTo("::ffff:a00:1");
    }

    @Provide
    Arbitrary<byte[]> addresses() {
        // mostly zeros, so that runs of zero groups of every length and position come up
        return Arbitraries.integers().between(0, 65535).injectDuplicates(0.0).list().ofSize(8)
                .map(groups -> groups.stream().map(g -> g % 3 == 0 ? g : 0).toList())
                .map(groups -> {
                    byte[] b = new byte[16];
                    for (int i = 0; i < 8; i++) {
                        b[2 * i] = (byte) (groups.get(i) >> 8);
                        b[2 * i + 1] = (byte) (int) groups.get(i);
                    }
                    return b;
                });
    }

    @Property(tries = 1)
    void everyCommonNameAndEveryAlternativeNameIsListedInOrder() {
        List<CertificateName> names = CertificateName.of(new X500Name("CN=a.example,OU=x,CN=B Name"), new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "API.a.example"), new GeneralName(GeneralName.rfc822Name, "Ops@A.example"),
                new GeneralName(GeneralName.iPAddress, "10.0.0.1"), new GeneralName(GeneralName.uniformResourceIdentifier, "https://Host.a.example/p"),
                new GeneralName(GeneralName.registeredID, "1.2.3.4"),
                new GeneralName(GeneralName.iPAddress, new DEROctetString(new byte[8]))}));
        assertThat(names).extracting(Object::toString).containsExactly("cn:a.example", "ou:x", "cn:B Name", "dns:api.a.example",
                "email:ops@a.example", "ip:10.0.0.1", "uri:https://Host.a.example/p", "other:8", "other:7");
        assertThat(names.get(6).uriHost()).isEqualTo("host.a.example");
    }
}
