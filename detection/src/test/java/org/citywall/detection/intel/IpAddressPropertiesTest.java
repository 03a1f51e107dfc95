package org.citywall.detection.intel;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Address parsing and CIDR membership against the JDK's parser and a bit-level reference. */
class IpAddressPropertiesTest {

    @Provide
    Arbitrary<byte[]> v6() {
        return Arbitraries.bytes().array(byte[].class).ofSize(16);
    }

    @Property(tries = 1000)
    void ipv6TextFormsParseToTheJdkBytes(@ForAll("v6") byte[] addr) throws Exception {
        String text = InetAddress.getByAddress(addr).getHostAddress(); // full form, e.g. 2001:db8:0:0:0:0:0:1
        byte[] parsed = IpAddresses.parse(text);
        byte[] expected = InetAddress.getByName(text).getAddress(); // the JDK maps ::ffff:a.b.c.d to IPv4 too
        assertThat(parsed).isEqualTo(expected);
        String compressed = text.replaceFirst("(^|:)0(:0)+(:|$)", "::");
        assertThat(IpAddresses.parse(compressed)).as(compressed).isEqualTo(expected);
    }

    @Property(tries = 1000)
    void anAddressIsInsideExactlyTheNetworksSharingItsPrefix(@ForAll int a, @ForAll int b, @ForAll @IntRange(max = 32) int prefix) {
        String ip = ((a >>> 24) & 255) + "." + ((a >>> 16) & 255) + "." + ((a >>> 8) & 255) + "." + (a & 255);
        String net = ((b >>> 24) & 255) + "." + ((b >>> 16) & 255) + "." + ((b >>> 8) & 255) + "." + (b & 255);
        long mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
        boolean expected = ((a & 0xffffffffL) & mask) == ((b & 0xffffffffL) & mask);
        assertThat(Cidr.parse(net + "/" + prefix).contains(ip)).isEqualTo(expected);
    }

    @Property(tries = 500)
    void garbageIsNeverAnAddress(@ForAll("garbage") String s) {
        byte[] parsed = IpAddresses.parse(s);
        if (parsed != null) {
            assertThat(s).containsAnyOf(".", ":");
        }
    }

    @Provide
    Arbitrary<String> garbage() {
        return Arbitraries.strings().withChars("0123456789abcdefx.:/%[] ").ofMaxLength(20);
    }
}
