package org.citywall.console.api;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.citywall.crypto.CryptoException;
import org.citywall.crypto.KeyInfo;
import org.citywall.crypto.KeyRing;
import org.citywall.crypto.KeyType;
import org.citywall.crypto.KeyVersionInfo;

/**
 * Key management for security administrators in the console: list the key ring (names, types,
 * versions and their states — never key material), create keys and rotate them. Applications
 * use the same key ring through the crypto service.
 */
public final class KeyAdminApi {
    private final KeyRing ring;
    private final AccessTrail trail;

    /** @param ring the key ring, or {@code null} (then 503 {@code keyring_unavailable}) */
    public KeyAdminApi(KeyRing ring, AccessTrail trail) {
        this.ring = ring;
        this.trail = trail;
    }

    public List<ApiRoute> routes() {
        return List.of(
                ApiRoute.get("/api/v1/admin/keys", Access.global("key:read"), "Keys with their versions (no key material)", this::list),
                ApiRoute.post("/api/v1/admin/keys", Access.global("key:write"), "Create a key: name and type", this::create),
                ApiRoute.post("/api/v1/admin/keys/{name}/rotate", Access.global("key:write"),
                        "Add a new primary version to a key", this::rotate));
    }

    private KeyRing ring() {
        if (ring == null) {
            throw new ApiException(503, "keyring_unavailable", "this console has no key ring");
        }
        return ring;
    }

    void list(Context ctx) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (KeyInfo k : ring().list()) {
            out.add(view(k));
        }
        ctx.json(Map.of("items", out, "types", List.of("sm2-signing", "sm2-encryption", "sm4-gcm", "hmac-sm3")));
    }

    void create(Context ctx) {
        Map<String, Object> body = Requests.jsonBody(ctx);
        String name = Requests.requiredString(body, "name");
        String typeName = Requests.requiredString(body, "type");
        KeyType type;
        try {
            type = KeyType.valueOf(typeName.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_key_type", "type must be sm2-signing, sm2-encryption, sm4-gcm or hmac-sm3");
        }
        KeyRing r = ring();
        if (r.find(name).isPresent()) {
            throw new ApiException(409, "key_exists", "a key of that name exists");
        }
        trail.recordChange(ctx, "key.create", null, "key:" + name, Map.of("type", typeName));
        try {
            ctx.status(201).json(view(r.create(name, type)));
        } catch (CryptoException e) {
            trail.recordFailure(ctx, "key.create", null, "key:" + name, e.reason().name().toLowerCase(Locale.ROOT));
            throw ApiException.badRequest("invalid_key", e.getMessage());
        }
    }

    void rotate(Context ctx) {
        String name = ctx.pathParam("name");
        KeyRing r = ring();
        if (r.find(name).isEmpty()) {
            throw ApiException.notFound("key");
        }
        trail.recordChange(ctx, "key.rotate", null, "key:" + name, Map.of());
        try {
            r.rotate(name);
            ctx.json(view(r.info(name)));
        } catch (CryptoException e) {
            trail.recordFailure(ctx, "key.rotate", null, "key:" + name, e.reason().name().toLowerCase(Locale.ROOT));
            throw ApiException.badRequest("invalid_key", e.getMessage());
        }
    }

    private static Map<String, Object> view(KeyInfo k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", k.name());
        m.put("type", k.type().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        m.put("primary_version", k.primaryVersion());
        m.put("min_decryption_version", k.minDecryptionVersion());
        List<Map<String, Object>> versions = new ArrayList<>();
        for (KeyVersionInfo v : k.versions()) {
            versions.add(Map.of("version", v.version(), "state", v.state().name().toLowerCase(Locale.ROOT),
                    "created", v.created().toString()));
        }
        m.put("versions", versions);
        return m;
    }
}
