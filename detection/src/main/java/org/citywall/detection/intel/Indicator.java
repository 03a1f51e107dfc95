package org.citywall.detection.intel;

import java.io.Serializable;
import java.util.Locale;

/**
 * One indicator of compromise.
 *
 * @param type        what kind of value it is
 * @param value       the value as given (an address or CIDR network, domain, URL or hex hash)
 * @param source      where it came from (file, feed or STIX indicator id)
 * @param description what it is, for the analyst (may be empty)
 */
public record Indicator(Type type, String value, String source, String description) implements Serializable {

    /** Indicator kinds and the hash algorithms CityWall matches. */
    public enum Type {
        IP, DOMAIN, URL, MD5, SHA1, SHA256, SHA512;

        /**
         * The type named in a CSV {@code type} column ({@code ip}, {@code cidr}, {@code ipv4}, {@code ipv6},
         * {@code domain}, {@code url}, {@code md5}, {@code sha1}, {@code sha256}, {@code sha512},
         * {@code sha-256}...), or {@code null}.
         */
        public static Type parse(String s) {
            return switch (s.trim().toLowerCase(Locale.ROOT).replace("-", "")) {
                case "ip", "ipv4", "ipv6", "cidr", "ipv4addr", "ipv6addr", "address" -> IP;
                case "domain", "domainname", "hostname", "fqdn" -> DOMAIN;
                case "url", "uri" -> URL;
                case "md5" -> MD5;
                case "sha1" -> SHA1;
                case "sha256" -> SHA256;
                case "sha512" -> SHA512;
                default -> null;
            };
        }

        boolean isHash() {
            return this == MD5 || this == SHA1 || this == SHA256 || this == SHA512;
        }

        int hexLength() {
            return switch (this) {
                case MD5 -> 32;
                case SHA1 -> 40;
                case SHA256 -> 64;
                case SHA512 -> 128;
                default -> -1;
            };
        }
    }

    public Indicator {
        description = description == null ? "" : description;
        source = source == null ? "" : source;
    }
}
