package org.citywall.detection.intel;

import java.io.Serializable;
import java.util.Arrays;

/** An IPv4 or IPv6 network ({@code 10.0.0.0/8}, {@code 2001:db8::/32}); a bare address is a /32 or /128. */
public final class Cidr implements Serializable {
    private static final long serialVersionUID = 1L;

    private final byte[] network;
    private final int prefix;

    private Cidr(byte[] network, int prefix) {
        this.network = mask(network, prefix);
        this.prefix = prefix;
    }

    /**
     * Parses CIDR notation.
     *
     * @throws IllegalArgumentException naming what is wrong when {@code s} is not a network
     */
    public static Cidr parse(String s) {
        String t = s.trim();
        int slash = t.indexOf('/');
        byte[] addr = IpAddresses.parse(slash < 0 ? t : t.substring(0, slash));
        if (addr == null) {
            throw new IllegalArgumentException("not an IP network: '" + s + "'");
        }
        int max = addr.length * 8;
        int prefix = max;
        if (slash >= 0) {
            String p = t.substring(slash + 1);
            try {
                prefix = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad prefix length in '" + s + "'");
            }
            boolean mappedV6 = t.substring(0, slash).indexOf(':') >= 0 && addr.length == 4;
            if (mappedV6) {
                prefix -= 96; // ::ffff:a.b.c.d/120 is the IPv4 /24
            }
            if (prefix < 0 || prefix > max) {
                throw new IllegalArgumentException("prefix length out of range in '" + s + "'");
            }
        }
        return new Cidr(addr, prefix);
    }

    /** True when {@code ip} (a literal) lies in this network; anything that is not an address is false. */
    public boolean contains(String ip) {
        byte[] a = IpAddresses.parse(ip);
        return a != null && contains(a);
    }

    public boolean contains(byte[] addr) {
        return addr.length == network.length && Arrays.equals(mask(addr, prefix), network);
    }

    public int prefixLength() {
        return prefix;
    }

    public boolean isV6() {
        return network.length == 16;
    }

    /** The network address bytes (masked). */
    public byte[] network() {
        return network.clone();
    }

    static byte[] mask(byte[] addr, int prefix) {
        byte[] out = addr.clone();
        for (int i = 0; i < out.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - 8 * i));
            out[i] &= (byte) (bits == 0 ? 0 : (0xff << (8 - bits)));
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefix == prefix && Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefix;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (network.length == 4) {
            for (int i = 0; i < 4; i++) {
                sb.append(i == 0 ? "" : ".").append(network[i] & 0xff);
            }
        } else {
            for (int i = 0; i < 16; i += 2) {
                sb.append(i == 0 ? "" : ":").append(Integer.toHexString(((network[i] & 0xff) << 8) | (network[i + 1] & 0xff)));
            }
        }
        return sb.append('/').append(prefix).toString();
    }
}
