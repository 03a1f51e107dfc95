package org.citywall.detection.decode;

import java.util.Locale;

/**
 * What the bytes of an input are. {@link #AUTO} recognises the format per event from its first
 * bytes; every other value fixes the codec, and an event it cannot read becomes a decode failure.
 */
public enum Format {
    /** Recognise the format of every event from its bytes (cheap: a few byte comparisons). */
    AUTO,
    /** RFC 5424 or RFC 3164, told apart by the version digit after the PRI. */
    SYSLOG,
    RFC5424,
    RFC3164,
    /** ArcSight Common Event Format, bare or inside a syslog message. */
    CEF,
    /** JSON objects: ECS passes through; CloudTrail and CityWall records are recognised; others are flattened. */
    JSON,
    /** AWS CloudTrail records (JSON). */
    CLOUDTRAIL,
    /** CityWall's own console and crypto-service logs (JSON lines, see FIELDS.md). */
    CITYWALL,
    /** Linux audit records ({@code type=... msg=audit(...): ...}). */
    AUDITD,
    /** nginx access log, combined format. */
    NGINX,
    /** Apache httpd access log, combined or common format. */
    APACHE,
    /** Firewall connection records: iptables/netfilter LOG lines and key=value records. */
    FIREWALL,
    /** AWS VPC flow log records (default version 2 format). */
    VPCFLOW,
    /** Free text: kept as {@code message}, nothing parsed. */
    PLAIN;

    /** The lower-case name used on the command line and in metrics, e.g. {@code rfc5424}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The format with this {@link #id()} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the known formats when there is none
     */
    public static Format of(String id) {
        for (Format f : values()) {
            if (f.id().equalsIgnoreCase(id.trim())) {
                return f;
            }
        }
        StringBuilder known = new StringBuilder();
        for (Format f : values()) {
            known.append(known.length() == 0 ? "" : ", ").append(f.id());
        }
        throw new IllegalArgumentException("unknown format '" + id + "' (known: " + known + ")");
    }
}
