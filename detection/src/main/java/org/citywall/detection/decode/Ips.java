package org.citywall.detection.decode;

/**
 * Cheap textual checks for IP addresses, so only real addresses land in ECS {@code *.ip} fields
 * (Elasticsearch maps them as {@code ip} and rejects a whole document with a bad one).
 */
final class Ips {
    private Ips() {}

    static boolean isIp(CharSequence s) {
        return s != null && (isIpv4(s, 0, s.length()) || isIpv6(s, 0, s.length()));
    }

    static boolean isIpv4(CharSequence s, int from, int to) {
        int parts = 0;
        int i = from;
        while (i < to) {
            int start = i;
            int v = 0;
            while (i < to && i - start < 4 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                v = v * 10 + (s.charAt(i) - '0');
                i++;
            }
            int len = i - start;
            if (len == 0 || len > 3 || v > 255) {
                return false;
            }
            parts++;
            if (i < to) {
                if (s.charAt(i) != '.' || parts == 4) {
                    return false;
                }
                i++;
                if (i == to) {
                    return false;
                }
            }
        }
        return parts == 4;
    }

    /** RFC 4291 text forms, including {@code ::} compression, a zone ({@code %eth0}) and a trailing IPv4. */
    static boolean isIpv6(CharSequence s, int from, int to) {
        int zone = -1;
        for (int k = from; k < to; k++) {
            if (s.charAt(k) == '%') {
                zone = k;
                break;
            }
        }
        if (zone >= 0) {
            if (zone == to - 1) {
                return false;
            }
            to = zone;
        }
        if (to - from < 2) {
            return false;
        }
        int groups = 0;
        boolean compressed = false;
        int i = from;
        if (s.charAt(i) == ':') {
            if (s.charAt(i + 1) != ':') {
                return false;
            }
            compressed = true;
            i += 2;
            if (i == to) {
                return true;
            }
        }
        while (i < to) {
            int start = i;
            while (i < to && i - start <= 4 && isHex(s.charAt(i))) {
                i++;
            }
            int len = i - start;
            if (i < to && s.charAt(i) == '.') {
                // embedded IPv4 takes the last two groups
                return len > 0 && isIpv4(s, start, to) && (compressed ? groups <= 5 : groups == 6);
            }
            if (len == 0 || len > 4) {
                return false;
            }
            groups++;
            if (i == to) {
                break;
            }
            if (s.charAt(i) != ':') {
                return false;
            }
            i++;
            if (i < to && s.charAt(i) == ':') {
                if (compressed) {
                    return false;
                }
                compressed = true;
                i++;
                if (i == to) {
                    return groups <= 7;
                }
            } else if (i == to) {
                return false;
            }
        }
        return compressed ? groups <= 7 : groups == 8;
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
