package org.citywall.console.apps;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.shiro.authz.Permission;
import org.apache.shiro.authz.permission.WildcardPermission;
import org.citywall.crypto.Sm3;

/**
 * API keys for applications calling the crypto service, kept in {@code <data>/console/apps.json}
 * (mode 600). A key is {@code cwk_<appId>_<secret>} with a 256-bit random secret, sent as
 * {@code Authorization: Bearer <key>}; only SM3 of the secret is stored, and the key is returned
 * once at creation. Because the secret is random and long, a fast hash is enough (a password
 * hash would only slow every call). Authorisation uses Shiro wildcard permissions held per key.
 */
public final class AppCredentials {
    private static final Pattern APP_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern PERMISSION = Pattern.compile("crypto:[a-z*-]+(:[A-Za-z0-9._*,-]+)?");
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Path file;
    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Map<String, AppCredential> apps = new ConcurrentHashMap<>();
    private final Map<String, List<Permission>> parsed = new ConcurrentHashMap<>();

    private AppCredentials(Path file) {
        this.file = file;
    }

    /** Opens (or starts) the store under {@code dataDir}. */
    public static AppCredentials open(Path dataDir) {
        AppCredentials a = new AppCredentials(dataDir.resolve("console").resolve("apps.json"));
        a.load();
        return a;
    }

    /**
     * Creates a credential.
     *
     * @param permissions e.g. {@code crypto:sign:invoice-signing}
     * @return the API key — shown once, only its hash is kept
     * @throws IllegalArgumentException for a bad id or permission, or an existing id
     */
    public synchronized String create(String appId, List<String> permissions) {
        if (appId == null || !APP_ID.matcher(appId).matches()) {
            throw new IllegalArgumentException("application id must match [a-z0-9][a-z0-9-]{0,63}");
        }
        for (String p : permissions) {
            if (p == null || !PERMISSION.matcher(p).matches()) {
                throw new IllegalArgumentException("permission '" + p + "' must look like crypto:<operation>[:<key>]");
            }
        }
        if (apps.containsKey(appId)) {
            throw new IllegalArgumentException("application '" + appId + "' already exists");
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String s = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        put(new AppCredential(appId, sm3(s), permissions, Instant.now().toString(), false));
        save();
        return "cwk_" + appId + "_" + s;
    }

    /** Every credential (hashes included, keys never). */
    public List<AppCredential> list() {
        return new ArrayList<>(new java.util.TreeMap<>(apps).values());
    }

    /** Disables or enables a credential. */
    public synchronized void setDisabled(String appId, boolean disabled) {
        AppCredential a = apps.get(appId);
        if (a == null) {
            throw new IllegalArgumentException("no application '" + appId + "'");
        }
        put(new AppCredential(a.appId(), a.secretSm3(), a.permissions(), a.createdAt(), disabled));
        save();
    }

    /** The application a presented key belongs to, if the key is valid and enabled. */
    public Optional<String> authenticate(String apiKey) {
        if (apiKey == null || !apiKey.startsWith("cwk_")) {
            return Optional.empty();
        }
        int sep = apiKey.indexOf('_', 4);
        if (sep < 0) {
            return Optional.empty();
        }
        AppCredential a = apps.get(apiKey.substring(4, sep));
        if (a == null || a.disabled()) {
            return Optional.empty();
        }
        byte[] given = sm3(apiKey.substring(sep + 1)).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(given, a.secretSm3().getBytes(StandardCharsets.US_ASCII)) ? Optional.of(a.appId()) : Optional.empty();
    }

    /** Whether {@code appId} holds {@code permission} (Shiro wildcard semantics). */
    public boolean isPermitted(String appId, String permission) {
        List<Permission> held = parsed.get(appId);
        AppCredential a = apps.get(appId);
        if (held == null || a == null || a.disabled()) {
            return false;
        }
        WildcardPermission wanted = new WildcardPermission(permission, true);
        return held.stream().anyMatch(p -> p.implies(wanted));
    }

    private void put(AppCredential a) {
        apps.put(a.appId(), a);
        parsed.put(a.appId(), a.permissions().stream().map(p -> (Permission) new WildcardPermission(grant(p), true)).toList());
    }

    /**
     * A grant as it is checked: permissions are case-sensitive (key names are), but certificate names
     * are judged in lower case (DNS names and e-mail domains know no case), so their grants are read
     * in lower case too — {@code *.Billing.gov.example} would otherwise never match anything.
     */
    private static String grant(String permission) {
        String prefix = org.citywall.crypto.service.CryptoService.CERT_NAME;
        return permission.regionMatches(true, 0, prefix, 0, prefix.length()) ? permission.toLowerCase(java.util.Locale.ROOT) : permission;
    }

    private static String sm3(String secret) {
        return HexFormat.of().formatHex(Sm3.digest(secret.getBytes(StandardCharsets.US_ASCII)));
    }

    private void load() {
        if (!Files.exists(file)) {
            return;
        }
        try {
            for (AppCredential a : mapper.readValue(file.toFile(), new TypeReference<List<AppCredential>>() {})) {
                put(a);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private void save() {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            mapper.writeValue(tmp.toFile(), list());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
