package org.citywall.collector;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How an input receives bytes and where one frame ends. Decoding of the frames happens later, in detection. */
public enum InputType {
    /** Syslog over UDP: one datagram is one frame (a trailing LF or CRLF is not part of it). */
    SYSLOG_UDP("syslog-udp", false),
    /**
     * Syslog over TCP: LF-terminated frames and RFC 6587 octet-counted frames ({@code LEN SP MSG}),
     * detected anew for every frame, so one connection may mix them.
     */
    SYSLOG_TCP("syslog-tcp", true),
    /** Syslog over TLS (RFC 5425): {@link #SYSLOG_TCP} framing inside TLS; needs {@code tls.cert} and {@code tls.key}. */
    SYSLOG_TLS("syslog-tls", true),
    /** RELP, rsyslog's acknowledged protocol: each frame is acknowledged only once it is durable on the bus. */
    RELP("relp", true),
    /** HTTP ingest: NDJSON bulk, Elasticsearch {@code _bulk} and Splunk HEC endpoints; the token decides the domain. */
    HTTP("http", true),
    /** JSON lines over TCP: LF-terminated frames only (no octet counting). */
    JSON_TCP("json-tcp", true);

    private final String id;
    private final boolean stream;

    InputType(String id, boolean stream) {
        this.id = id;
        this.stream = stream;
    }

    /** The name used in configuration and metrics, e.g. {@code syslog-tcp}. */
    public String id() {
        return id;
    }

    /** Whether the input listens on TCP (everything but UDP). */
    public boolean isStream() {
        return stream;
    }

    /**
     * The type with this {@link #id()} (case-insensitive; {@code _} is accepted for {@code -}).
     *
     * @throws IllegalArgumentException naming the known types
     */
    public static InputType fromId(String id) {
        String wanted = id.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (InputType t : values()) {
            if (t.id.equals(wanted)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown input type '" + id + "'; known: "
                + Arrays.stream(values()).map(InputType::id).collect(Collectors.joining(", ")));
    }
}
