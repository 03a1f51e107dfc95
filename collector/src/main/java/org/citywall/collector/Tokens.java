package org.citywall.collector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The HTTP input's tokens, one per source, each naming the domain its events are stamped with. Only the
 * SHA-256 of each token is kept in memory, and a token is found by its digest, so comparing does not leak
 * how much of a wrong token was right.
 *
 * <p>A token arrives as {@code Authorization: Bearer T} (NDJSON), {@code Splunk T} (HEC clients),
 * {@code Basic base64(user:T)} (Elasticsearch clients with a user and password: the password is the token)
 * or {@code ApiKey base64(id:T)} / {@code ApiKey T} (Elasticsearch clients with an API key).
 */
final class Tokens {

    private final Map<String, String> domainByDigest = new HashMap<>();

    Tokens(InputSpec spec, InputOptions options) {
        if (options.tokens != null) {
            for (String entry : options.tokens.split(",")) {
                String e = entry.trim();
                if (!e.isEmpty()) {
                    int eq = e.indexOf('=');
                    add(spec, eq < 0 ? e : e.substring(0, eq), eq < 0 ? spec.domain() : e.substring(eq + 1));
                }
            }
        }
        if (options.tokensFile != null) {
            try {
                for (String line : Files.readAllLines(options.tokensFile, StandardCharsets.UTF_8)) {
                    String t = line.strip();
                    if (t.isEmpty() || t.startsWith("#")) {
                        continue;
                    }
                    String[] parts = t.split("\\s+");
                    add(spec, parts[0], parts.length > 1 ? parts[1] : spec.domain());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("input " + spec.name() + ": cannot read tokens-file "
                        + options.tokensFile + ": " + e.getMessage(), e);
            }
        }
        if (domainByDigest.isEmpty()) {
            throw new IllegalArgumentException("input " + spec.name() + ": no tokens configured");
        }
    }

    private void add(InputSpec spec, String token, String domain) {
        if (token.length() < 16) {
            throw new IllegalArgumentException("input " + spec.name() + ": a token must be at least 16 characters");
        }
        if (domain.isBlank()) {
            throw new IllegalArgumentException("input " + spec.name() + ": a token names an empty domain");
        }
        domainByDigest.put(digest(token), domain.strip());
    }

    /** The domain of the token in this Authorization header, or {@code null} when there is none or it is unknown. */
    String domainFor(String authorization) {
        if (authorization == null) {
            return null;
        }
        int sp = authorization.indexOf(' ');
        if (sp <= 0) {
            return null;
        }
        String scheme = authorization.substring(0, sp).trim();
        String credential = authorization.substring(sp + 1).trim();
        if (scheme.equalsIgnoreCase("Bearer") || scheme.equalsIgnoreCase("Splunk")) {
            return lookup(credential);
        }
        if (scheme.equalsIgnoreCase("Basic") || scheme.equalsIgnoreCase("ApiKey")) {
            String direct = scheme.equalsIgnoreCase("ApiKey") ? lookup(credential) : null;
            if (direct != null) {
                return direct;
            }
            try {
                String decoded = new String(Base64.getDecoder().decode(credential), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return colon < 0 ? null : lookup(decoded.substring(colon + 1));
            } catch (IllegalArgumentException notBase64) {
                return null;
            }
        }
        return null;
    }

    private String lookup(String token) {
        return token.isEmpty() ? null : domainByDigest.get(digest(token));
    }

    private static String digest(String token) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
