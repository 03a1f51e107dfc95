package org.citywall.detection.decode;

import java.util.Locale;

/** Vendor words for what a firewall did, mapped to ECS-style {@code allow}, {@code deny}, {@code drop}. */
final class FirewallActions {
    private FirewallActions() {}

    /** The normalised action a word or log prefix names, or null when it names none. */
    static String of(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        String t = text.toUpperCase(Locale.ROOT);
        if (t.contains("DROP")) {
            return "drop";
        }
        if (t.contains("DENY") || t.contains("DENIED") || t.contains("BLOCK") || t.contains("REJECT")) {
            return "deny";
        }
        if (t.contains("ACCEPT") || t.contains("ALLOW") || t.contains("PERMIT") || t.contains("PASS")) {
            return "allow";
        }
        return null;
    }

    /** IANA protocol number or name to the lower-case transport name ECS uses. */
    static String transport(String proto) {
        if (proto == null || proto.isEmpty()) {
            return null;
        }
        return switch (proto) {
            case "6" -> "tcp";
            case "17" -> "udp";
            case "1" -> "icmp";
            case "58" -> "ipv6-icmp";
            case "47" -> "gre";
            case "50" -> "esp";
            case "132" -> "sctp";
            default -> proto.toLowerCase(Locale.ROOT);
        };
    }
}
