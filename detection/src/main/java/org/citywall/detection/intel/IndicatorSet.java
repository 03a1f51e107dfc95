package org.citywall.detection.intel;

import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.citywall.event.Event;

/**
 * An immutable, versioned set of indicators matched against the ECS fields where each kind of value
 * appears: addresses (with CIDR networks, IPv4 and IPv6) against {@code source.ip},
 * {@code destination.ip} and the other {@code *.ip} fields; domains (and their subdomains) against
 * {@code url.domain}, {@code destination.domain}, {@code dns.question.name} and the host of absolute
 * URLs; URLs against {@code url.full}/{@code url.original}; hashes against {@code file.hash.*},
 * {@code process.hash.*}. Lookups are hash-map probes, one per network prefix length in use, so
 * matching does not grow with the number of indicators. Thread-safe and serialisable.
 */
public final class IndicatorSet implements Serializable {
    private static final long serialVersionUID = 1L;

    static final List<String> IP_FIELDS = List.of("source.ip", "destination.ip", "client.ip", "server.ip", "host.ip",
            "related.ip", "source.nat.ip", "destination.nat.ip");
    static final List<String> DOMAIN_FIELDS = List.of("url.domain", "destination.domain", "source.domain",
            "server.domain", "client.domain", "dns.question.name", "related.hosts");
    static final List<String> URL_FIELDS = List.of("url.full", "url.original");
    static final Map<Indicator.Type, List<String>> HASH_FIELDS = Map.of(
            Indicator.Type.MD5, List.of("file.hash.md5", "process.hash.md5", "hash.md5"),
            Indicator.Type.SHA1, List.of("file.hash.sha1", "process.hash.sha1", "hash.sha1"),
            Indicator.Type.SHA256, List.of("file.hash.sha256", "process.hash.sha256", "hash.sha256"),
            Indicator.Type.SHA512, List.of("file.hash.sha512", "process.hash.sha512", "hash.sha512"));

    private final String version;
    /** prefix length → masked network (hex) → indicators; IPv4 and IPv6 kept apart. */
    private final TreeMap<Integer, Map<String, List<Indicator>>> v4 = new TreeMap<>();
    private final TreeMap<Integer, Map<String, List<Indicator>>> v6 = new TreeMap<>();
    private final Map<String, List<Indicator>> domains = new HashMap<>();
    private final Map<String, List<Indicator>> urls = new HashMap<>();
    private final Map<String, List<Indicator>> hashes = new HashMap<>();
    private final int size;

    private IndicatorSet(String version, List<Indicator> indicators) {
        this.version = version;
        for (Indicator i : indicators) {
            switch (i.type()) {
                case IP -> {
                    Cidr c = Cidr.parse(i.value());
                    (c.isV6() ? v6 : v4).computeIfAbsent(c.prefixLength(), k -> new HashMap<>())
                            .computeIfAbsent(hex(c.network()), k -> new ArrayList<>()).add(i);
                }
                case DOMAIN -> domains.computeIfAbsent(normaliseDomain(i.value()), k -> new ArrayList<>()).add(i);
                case URL -> urls.computeIfAbsent(normaliseUrl(i.value()), k -> new ArrayList<>()).add(i);
                default -> hashes.computeIfAbsent(i.type() + ":" + i.value().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(i);
            }
        }
        this.size = indicators.size();
    }

    /**
     * A set of already validated indicators (see {@link IndicatorLoader}).
     *
     * @throws IllegalArgumentException when an IP indicator is not an address or network
     */
    public static IndicatorSet of(String version, List<Indicator> indicators) {
        return new IndicatorSet(version, indicators);
    }

    public static IndicatorSet empty() {
        return new IndicatorSet("empty", List.of());
    }

    /** Every indicator found in the event's relevant fields. */
    public List<IndicatorMatch> match(Event event) {
        if (size == 0) {
            return List.of();
        }
        List<IndicatorMatch> out = new ArrayList<>();
        if (!v4.isEmpty() || !v6.isEmpty()) {
            for (String f : IP_FIELDS) {
                for (String v : values(event, f)) {
                    byte[] addr = IpAddresses.parse(v);
                    if (addr != null) {
                        for (Map.Entry<Integer, Map<String, List<Indicator>>> e : (addr.length == 4 ? v4 : v6).entrySet()) {
                            add(out, e.getValue().get(hex(Cidr.mask(addr, e.getKey()))), f, v);
                        }
                    }
                }
            }
        }
        if (!domains.isEmpty()) {
            for (String f : DOMAIN_FIELDS) {
                for (String v : values(event, f)) {
                    matchDomain(out, normaliseDomain(v), f, v);
                }
            }
            for (String f : URL_FIELDS) {
                for (String v : values(event, f)) {
                    String host = host(v);
                    if (host != null) {
                        matchDomain(out, host, f, v);
                    }
                }
            }
        }
        if (!urls.isEmpty()) {
            for (String f : URL_FIELDS) {
                for (String v : values(event, f)) {
                    add(out, urls.get(normaliseUrl(v)), f, v);
                }
            }
        }
        if (!hashes.isEmpty()) {
            for (Map.Entry<Indicator.Type, List<String>> e : HASH_FIELDS.entrySet()) {
                for (String f : e.getValue()) {
                    for (String v : values(event, f)) {
                        add(out, hashes.get(e.getKey() + ":" + v.toLowerCase(Locale.ROOT)), f, v);
                    }
                }
            }
        }
        return out;
    }

    /** The domain and each parent domain: an indicator for {@code evil.example} also covers {@code a.evil.example}. */
    private void matchDomain(List<IndicatorMatch> out, String domain, String field, String value) {
        String d = domain;
        while (!d.isEmpty()) {
            add(out, domains.get(d), field, value);
            int dot = d.indexOf('.');
            if (dot < 0) {
                break;
            }
            d = d.substring(dot + 1);
        }
    }

    private static void add(List<IndicatorMatch> out, List<Indicator> found, String field, String value) {
        if (found != null) {
            for (Indicator i : found) {
                out.add(new IndicatorMatch(i, field, value));
            }
        }
    }

    private static List<String> values(Event e, String field) {
        Object v = e.get(field);
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            List<String> out = new ArrayList<>();
            l.forEach(o -> {
                if (o != null) {
                    out.add(o.toString());
                }
            });
            return out;
        }
        return List.of(v.toString());
    }

    static String normaliseDomain(String d) {
        String s = d.trim().toLowerCase(Locale.ROOT);
        while (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    /** Scheme and host lower-cased, default ports and fragments dropped, an empty path made "/". */
    static String normaliseUrl(String u) {
        String s = u.trim();
        try {
            URI uri = new URI(s);
            if (uri.getScheme() == null || uri.getRawAuthority() == null) {
                return s;
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            String host = uri.getHost() == null ? uri.getRawAuthority().toLowerCase(Locale.ROOT) : uri.getHost().toLowerCase(Locale.ROOT);
            int port = uri.getPort();
            boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
            String userInfo = uri.getRawUserInfo() == null ? "" : uri.getRawUserInfo() + "@";
            return scheme + "://" + userInfo + host + (defaultPort ? "" : ":" + port) + path + query;
        } catch (URISyntaxException e) {
            return s;
        }
    }

    private static String host(String url) {
        try {
            URI uri = new URI(url.trim());
            return uri.getHost() == null ? null : normaliseDomain(uri.getHost());
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static String hex(byte[] b) {
        return java.util.HexFormat.of().formatHex(b);
    }

    public String version() {
        return version;
    }

    public int size() {
        return size;
    }

    @Override
    public String toString() {
        return "IndicatorSet[" + version + ", " + size + " indicators, prefix lengths v4=" + v4.keySet() + " v6=" + v6.keySet()
                + ", " + Arrays.asList(domains.size(), urls.size(), hashes.size()) + " domains/urls/hashes]";
    }
}
