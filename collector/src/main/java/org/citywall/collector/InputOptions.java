package org.citywall.collector;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The typed, validated options of one input (see {@link InputSpec} for their meaning and defaults). */
final class InputOptions {

    enum Oversize { TRUNCATE, REJECT }

    enum ClientAuth { NONE, OPTIONAL, REQUIRE }

    private static final Set<String> COMMON = Set.of("max-frame-bytes", "oversize");
    private static final Set<String> STREAM = Set.of("max-connections", "max-connections-per-peer", "idle-timeout",
            "frame-timeout", "tls.cert", "tls.key", "tls.client-ca", "tls.client-auth");
    private static final Set<String> HTTP = Set.of("tokens", "tokens-file", "max-body-bytes", "max-request-events",
            "request-timeout");
    private static final Set<String> UDP = Set.of("receive-buffer-bytes");
    private static final Set<String> RELP = Set.of("max-unacked");

    final int maxFrameBytes;
    final Oversize oversize;
    final int maxConnections;
    final int maxConnectionsPerPeer;
    final Duration idleTimeout;
    final Duration frameTimeout;
    final Path tlsCert;
    final Path tlsKey;
    final Path tlsClientCa;
    final ClientAuth clientAuth;
    final String tokens;
    final Path tokensFile;
    final int maxBodyBytes;
    final int maxRequestEvents;
    final Duration requestTimeout;
    final int receiveBufferBytes;
    final int maxUnacked;

    private final String input;

    InputOptions(InputSpec spec) {
        this.input = spec.name();
        Map<String, String> o = spec.options();
        Set<String> allowed = new HashSet<>(COMMON);
        if (spec.type().isStream()) {
            allowed.addAll(STREAM);
        } else {
            allowed.addAll(UDP);
        }
        if (spec.type() == InputType.HTTP) {
            allowed.addAll(HTTP);
        }
        if (spec.type() == InputType.RELP) {
            allowed.addAll(RELP);
        }
        for (String key : o.keySet()) {
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException("input " + input + ": unknown option '" + key + "' for type "
                        + spec.type().id() + "; known: " + new java.util.TreeSet<>(allowed));
            }
        }
        maxFrameBytes = size(o, "max-frame-bytes", 64 * 1024, 16, 64 * 1024 * 1024);
        oversize = choice(o, "oversize", Oversize.TRUNCATE, Oversize.class);
        maxConnections = size(o, "max-connections", 1000, 1, 1_000_000);
        maxConnectionsPerPeer = size(o, "max-connections-per-peer", 100, 1, 1_000_000);
        idleTimeout = duration(o, "idle-timeout", Duration.ofMinutes(10));
        frameTimeout = duration(o, "frame-timeout", Duration.ofSeconds(60));
        tlsCert = path(o, "tls.cert");
        tlsKey = path(o, "tls.key");
        tlsClientCa = path(o, "tls.client-ca");
        clientAuth = choice(o, "tls.client-auth", tlsClientCa == null ? ClientAuth.NONE : ClientAuth.REQUIRE,
                ClientAuth.class);
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("input " + input + ": tls.cert and tls.key go together");
        }
        if (spec.type() == InputType.SYSLOG_TLS && tlsCert == null) {
            throw new IllegalArgumentException("input " + input + ": syslog-tls needs tls.cert and tls.key (PEM files)");
        }
        if (clientAuth != ClientAuth.NONE && tlsClientCa == null) {
            throw new IllegalArgumentException("input " + input + ": tls.client-auth needs tls.client-ca");
        }
        if (tlsClientCa != null && tlsCert == null) {
            throw new IllegalArgumentException("input " + input + ": tls.client-ca needs tls.cert and tls.key");
        }
        tokens = o.get("tokens");
        tokensFile = path(o, "tokens-file");
        if (spec.type() == InputType.HTTP && tokens == null && tokensFile == null) {
            throw new IllegalArgumentException("input " + input + ": an http input needs tokens or tokens-file");
        }
        maxBodyBytes = size(o, "max-body-bytes", 8 * 1024 * 1024, 1024, 256 * 1024 * 1024);
        maxRequestEvents = size(o, "max-request-events", 10_000, 1, 1_000_000);
        requestTimeout = duration(o, "request-timeout", Duration.ofSeconds(30));
        receiveBufferBytes = size(o, "receive-buffer-bytes", 4 * 1024 * 1024, 64 * 1024, 256 * 1024 * 1024);
        maxUnacked = count(o, "max-unacked", ReplyWindow.DEFAULT_LIMIT, 1, 1_000_000);
    }

    boolean tls() {
        return tlsCert != null;
    }

    private int count(Map<String, String> o, String key, int dflt, int min, int max) {
        String v = o.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("input " + input + ": " + key + "='" + v + "' is not a whole number in "
                    + min + ".." + max);
        }
    }

    private int size(Map<String, String> o, String key, int dflt, int min, int max) {
        String v = o.get(key);
        if (v == null) {
            return dflt;
        }
        long n = parseSize(v);
        if (n < 0) {
            throw new IllegalArgumentException("input " + input + ": " + key + "='" + v + "' is not a size; "
                    + SIZE_FORMS);
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("input " + input + ": " + key + "=" + n + " outside " + min + ".." + max);
        }
        return (int) n;
    }

    static final String SIZE_FORMS = "give bytes, or a number with k, kb, kib, m, mb, mib, g, gb or gib "
            + "(any case; all 1024-based: 64KB = 65536 bytes, 1MB = 1048576 bytes)";

    private static final java.util.regex.Pattern SIZE = java.util.regex.Pattern.compile("(\\d{1,12})\\s*([a-z]*)");

    /**
     * A size in bytes from {@code 65536}, {@code 64k}, {@code 64KB}, {@code 64KiB}, {@code 1m}, {@code 1MB},
     * {@code 1g}, {@code 1GiB} (suffix in any case; k, m and g are always 1024-based); -1 for anything else.
     */
    static long parseSize(String v) {
        var m = SIZE.matcher(v.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return -1;
        }
        long unit = switch (m.group(2)) {
            case "" -> 1;
            case "k", "kb", "kib" -> 1024L;
            case "m", "mb", "mib" -> 1024L * 1024;
            case "g", "gb", "gib" -> 1024L * 1024 * 1024;
            default -> -1;
        };
        return unit < 0 ? -1 : Long.parseLong(m.group(1)) * unit;
    }

    private Duration duration(Map<String, String> o, String key, Duration dflt) {
        String v = o.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            Duration d = parseDuration(v);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException();
            }
            return d;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("input " + input + ": " + key + "='" + v
                    + "' is not a positive duration such as 500ms, 30s, 5m");
        }
    }

    static Duration parseDuration(String v) {
        String t = v.trim().toLowerCase(Locale.ROOT);
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        } else if (t.endsWith("s")) {
            return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
        } else if (t.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
        } else if (t.endsWith("h")) {
            return Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1)));
        }
        return Duration.ofSeconds(Long.parseLong(t));
    }

    private <E extends Enum<E>> E choice(Map<String, String> o, String key, E dflt, Class<E> type) {
        String v = o.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Enum.valueOf(type, v.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("input " + input + ": " + key + "='" + v + "'; expected one of "
                    + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT));
        }
    }

    private static Path path(Map<String, String> o, String key) {
        String v = o.get(key);
        return v == null ? null : Path.of(v);
    }
}
