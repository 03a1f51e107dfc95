package org.citywall.collector;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One input of a {@link Collector}: a name, how it receives bytes, where it listens and which 1+N domain
 * it stamps on every raw event (HTTP inputs stamp the domain of the sender's token instead, and use this
 * one for tokens that name none).
 *
 * <p>Options, all optional unless said otherwise (sizes in bytes or with a 1024-based unit in any case:
 * {@code k}/{@code kb}/{@code kib}, {@code m}/{@code mb}/{@code mib}, {@code g}/{@code gb}/{@code gib}, so
 * {@code 64KB} is 65536 bytes; any other suffix is an error; durations as {@code 500ms}, {@code 30s},
 * {@code 5m} or plain seconds):
 * <ul>
 *   <li>{@code max-frame-bytes} (65536): the largest frame kept whole;
 *   <li>{@code oversize} ({@code truncate}): {@code truncate} keeps the first {@code max-frame-bytes} and sets
 *       {@link org.citywall.event.RawEvent#FLAG_TRUNCATED}; {@code reject} drops the frame; both count it;
 *   <li>{@code max-connections} (1000) and {@code max-connections-per-peer} (100, per source address):
 *       connections over a limit are closed at once and counted;
 *   <li>{@code idle-timeout} (10m): a connection that sends nothing for this long is closed;
 *   <li>{@code frame-timeout} (60s): a connection that keeps a frame incomplete for this long (a slow or
 *       stuck sender holding a buffer) is closed;
 *   <li>{@code tls.cert}, {@code tls.key} (PEM files; the key in PKCS#8): serve TLS on any TCP input, required
 *       for {@code syslog-tls}; {@code tls.client-ca} (PEM) with {@code tls.client-auth} {@code none},
 *       {@code optional} or {@code require} (the default once a CA is given) authenticates clients;
 *   <li>HTTP only: {@code tokens} ({@code TOKEN=DOMAIN,TOKEN2=DOMAIN2}; a token without {@code =DOMAIN} stamps
 *       this input's domain) and/or {@code tokens-file} (one {@code TOKEN [DOMAIN]} per line, {@code #} comments);
 *       {@code max-body-bytes} (8 MiB, larger requests get 413);
 *       {@code max-request-events} (10000, as Elasticsearch bulk clients send at most; a request with more
 *       events gets 413 naming the limit and nothing of it is stored); {@code request-timeout} (30s, after which a
 *       request whose events are not yet durable gets 503);
 *   <li>RELP only: {@code max-unacked} (1024): frames a connection may have waiting for their answer; with
 *       that many, the connection is not read until half of them are answered;
 *   <li>UDP only: {@code receive-buffer-bytes} (4 MiB, the socket's kernel buffer).
 * </ul>
 * Unknown options are an error when the collector is built, so a typo never goes unnoticed.
 *
 * @param name    unique within a collector; letters, digits, {@code . _ -}; used in metrics and on every raw event
 * @param type    the transport and framing
 * @param host    the address to bind, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port    the port to bind; 0 takes a free one (see {@link Collector#boundAddress})
 * @param domain  the 1+N domain stamped on the raw events
 * @param options see above; copied
 */
public record InputSpec(String name, InputType type, String host, int port, String domain, Map<String, String> options) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public InputSpec {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(domain, "domain");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("input name '" + name + "' must be 1-64 letters, digits, '.', '_' or '-'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("input " + name + ": port " + port + " out of range 0-65535");
        }
        if (domain.isBlank()) {
            throw new IllegalArgumentException("input " + name + ": domain must not be blank");
        }
        options = Map.copyOf(options == null ? Map.of() : options);
    }

    /** An input with default options. */
    public static InputSpec of(String name, InputType type, String host, int port, String domain) {
        return new InputSpec(name, type, host, port, domain, Map.of());
    }

    /** This input with one option set (replacing an earlier value). */
    public InputSpec withOption(String key, String value) {
        Map<String, String> m = new TreeMap<>(options);
        m.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return new InputSpec(name, type, host, port, domain, m);
    }

    /**
     * Parses the command-line form {@code TYPE://HOST:PORT?domain=D[&name=N][&OPTION=VALUE...]}, e.g.
     * {@code syslog-tcp://0.0.0.0:5514?domain=taiyuan&max-frame-bytes=131072}. The name defaults to the type.
     *
     * @throws IllegalArgumentException saying what is wrong with the text
     */
    public static InputSpec parse(String text) {
        int scheme = text.indexOf("://");
        if (scheme < 0) {
            throw new IllegalArgumentException("input '" + text + "' is not TYPE://HOST:PORT?domain=...");
        }
        InputType type = InputType.fromId(text.substring(0, scheme));
        String rest = text.substring(scheme + 3);
        int q = rest.indexOf('?');
        String address = q < 0 ? rest : rest.substring(0, q);
        int colon = address.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("input '" + text + "': address must be HOST:PORT");
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("input '" + text + "': port is not a number");
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (q >= 0) {
            for (String pair : rest.substring(q + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("input '" + text + "': '" + pair + "' is not KEY=VALUE");
                }
                params.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        String name = params.remove("name");
        String domain = params.remove("domain");
        if (domain == null) {
            throw new IllegalArgumentException("input '" + text + "': domain=... is required");
        }
        return new InputSpec(name == null ? type.id() : name, type, host, port, domain, params);
    }

    @Override
    public String toString() {
        // options may hold HTTP tokens: never print their values
        return "InputSpec{" + name + ", " + type.id() + ", " + host + ":" + port + ", domain=" + domain
                + ", options=" + options.keySet() + "}";
    }
}
