package org.citywall.detection.decode;

import java.io.Serializable;
import java.nio.charset.Charset;
import java.time.ZoneId;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How an {@link EventDecoder} reads events: the format of each collector input (or auto-detection),
 * strict or lenient syslog, the zone for timestamps that carry none, and the charset for bytes that
 * are not UTF-8. Immutable and {@link Serializable}, so a Flink job ships it to its operators and
 * builds the decoder in {@code open()}.
 */
public final class DecoderConfig implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Format defaultFormat;
    private final HashMap<String, Format> formatByInput;
    private final SyslogMode syslogMode;
    private final String zoneId;
    private final String fallbackCharset;

    private DecoderConfig(Builder b) {
        this.defaultFormat = b.defaultFormat;
        this.formatByInput = new HashMap<>(b.formatByInput);
        this.syslogMode = b.syslogMode;
        this.zoneId = b.zone.getId();
        this.fallbackCharset = b.fallbackCharset.name();
    }

    /** Auto-detection for every input, lenient syslog, UTC, ISO-8859-1 for non-UTF-8 bytes. */
    public static DecoderConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The format for events from {@code input} (a collector input name): its own, else the default. */
    public Format formatFor(String input) {
        return formatByInput.getOrDefault(input, defaultFormat);
    }

    public Format defaultFormat() {
        return defaultFormat;
    }

    public Map<String, Format> formatByInput() {
        return Collections.unmodifiableMap(formatByInput);
    }

    public SyslogMode syslogMode() {
        return syslogMode;
    }

    /** The zone of timestamps that carry no offset (BSD syslog, many access logs and JSON logs). */
    public ZoneId zone() {
        return ZoneId.of(zoneId);
    }

    /**
     * The charset for bytes that are not well-formed UTF-8. ISO-8859-1 (the default) loses nothing;
     * a domain whose devices log in GBK sets GB18030.
     */
    public Charset fallbackCharset() {
        return Charset.forName(fallbackCharset);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DecoderConfig c && c.defaultFormat == defaultFormat && c.formatByInput.equals(formatByInput)
                && c.syslogMode == syslogMode && c.zoneId.equals(zoneId) && c.fallbackCharset.equals(fallbackCharset);
    }

    @Override
    public int hashCode() {
        return Objects.hash(defaultFormat, formatByInput, syslogMode, zoneId, fallbackCharset);
    }

    @Override
    public String toString() {
        return "DecoderConfig{format=" + defaultFormat.id() + ", inputs=" + formatByInput + ", syslog="
                + syslogMode.name().toLowerCase(java.util.Locale.ROOT) + ", zone=" + zoneId + ", fallbackCharset=" + fallbackCharset + "}";
    }

    /** Builds a {@link DecoderConfig}; every setting has a default. */
    public static final class Builder {
        private Format defaultFormat = Format.AUTO;
        private final Map<String, Format> formatByInput = new HashMap<>();
        private SyslogMode syslogMode = SyslogMode.LENIENT;
        private ZoneId zone = ZoneId.of("UTC");
        private Charset fallbackCharset = java.nio.charset.StandardCharsets.ISO_8859_1;

        private Builder() {}

        /** The format of inputs without their own (default {@link Format#AUTO}). */
        public Builder format(Format format) {
            this.defaultFormat = Objects.requireNonNull(format, "format");
            return this;
        }

        /** Fixes the format of one collector input, e.g. {@code "syslog-tls" → RFC5424}. */
        public Builder format(String input, Format format) {
            formatByInput.put(Objects.requireNonNull(input, "input"), Objects.requireNonNull(format, "format"));
            return this;
        }

        public Builder syslogMode(SyslogMode mode) {
            this.syslogMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        public Builder zone(ZoneId zone) {
            this.zone = Objects.requireNonNull(zone, "zone");
            return this;
        }

        public Builder fallbackCharset(Charset charset) {
            this.fallbackCharset = Objects.requireNonNull(charset, "charset");
            return this;
        }

        public DecoderConfig build() {
            return new DecoderConfig(this);
        }
    }
}
