package org.citywall.console.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.citywall.console.AccessRecord;
import org.citywall.console.apps.AppCredentials;
import org.citywall.crypto.service.AuditEvent;
import org.citywall.crypto.service.AuditHook;
import org.citywall.crypto.service.Authorizer;
import org.citywall.crypto.service.Caller;
import org.citywall.crypto.service.CryptoApi;
import org.citywall.crypto.service.CryptoService;
import org.citywall.crypto.service.ServiceException;
import org.citywall.event.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v1/crypto/...}: thin HTTP routes over the crypto module's {@link CryptoService}.
 * Applications authenticate with an API key ({@code Authorization: Bearer cwk_<app>_<secret>},
 * see {@link AppCredentials}); the service authorises each call per key and operation
 * ({@code crypto:sign:<key>}) through {@link #authorizer}, and reports each call once to
 * {@link #auditHook}, which records it on the audit trail. Errors are the service's stable codes.
 */
public final class CryptoServiceApi {
    private static final String BASE = "/api/v1/crypto";
    private static final Logger LOG = LoggerFactory.getLogger(CryptoServiceApi.class);
    private static final ThreadLocal<Context> CURRENT = new ThreadLocal<>();
    private final AppCredentials apps;
    private final AccessTrail trail;
    private volatile CryptoService service;

    public CryptoServiceApi(AppCredentials apps, AccessTrail trail) {
        this.apps = apps;
        this.trail = trail;
    }

    /** The service to call; until set, crypto routes answer 503 {@code unavailable}. */
    public void service(CryptoService service) {
        this.service = service;
    }

    /** Shiro wildcard permissions held by each application's credential. */
    public Authorizer authorizer() {
        return (caller, permission) -> apps.isPermitted(caller.id(), permission);
    }

    /**
     * Records every crypto call on the audit trail: caller, operation, key, version, SM3 of the input, outcome,
     * and SM3 of a non-default SM2 signer identity ({@code user_id_sm3}).
     */
    public AuditHook auditHook() {
        return (AuditEvent e) -> {
            Context ctx = CURRENT.get();
            Map<String, Object> details = new LinkedHashMap<>();
            if (e.version() != null) {
                details.put("version", (long) e.version());
            }
            if (e.inputSm3() != null) {
                details.put("input_sm3", e.inputSm3());
            }
            if (e.errorCode() != null) {
                details.put("error", e.errorCode());
            }
            if (e.userIdSm3() != null) {
                details.put("user_id_sm3", e.userIdSm3());
            }
            String result = switch (e.outcome()) {
                case OK -> "success";
                case DENIED -> "denied";
                case FAILED -> "failure";
            };
            trail.record(new AccessRecord(e.caller(), "app", null, "crypto." + e.operation().label(), e.key(), result,
                    ctx == null ? null : ctx.ip(), ctx == null ? null : AccessTrail.requestId(ctx), details));
            if (ctx != null) {
                ctx.attribute(AccessTrail.ATTR_AUDITED, Boolean.TRUE);
            }
        };
    }

    public List<ApiRoute> routes() {
        return List.of(
                post("/sign", "crypto:sign", "SM2-sign a base64 message with a key",
                        CryptoApi.SignRequest.class, CryptoApi.SignResponse.class, (s, c) -> s::sign),
                post("/verify", "crypto:verify", "Verify a signature envelope",
                        CryptoApi.VerifyRequest.class, CryptoApi.VerifyResponse.class, (s, c) -> s::verify),
                post("/encrypt", "crypto:encrypt", "Encrypt under a key's primary version",
                        CryptoApi.EncryptRequest.class, CryptoApi.EncryptResponse.class, (s, c) -> s::encrypt),
                post("/decrypt", "crypto:decrypt", "Decrypt an envelope",
                        CryptoApi.DecryptRequest.class, CryptoApi.DecryptResponse.class, (s, c) -> s::decrypt),
                post("/rewrap", "crypto:rewrap", "Re-encrypt under the primary version",
                        CryptoApi.RewrapRequest.class, CryptoApi.EncryptResponse.class, (s, c) -> s::rewrap),
                post("/hmac", "crypto:hmac", "HMAC-SM3 of data", CryptoApi.HmacRequest.class, CryptoApi.HmacResponse.class, (s, c) -> s::hmac),
                post("/hmac/verify", "crypto:hmac-verify", "Verify an HMAC-SM3 tag",
                        CryptoApi.HmacVerifyRequest.class, CryptoApi.VerifyResponse.class, (s, c) -> s::verifyHmac),
                post("/hash", "crypto:hash", "SM3 of data", CryptoApi.HashRequest.class, CryptoApi.HashResponse.class, (s, c) -> s::hash),
                post("/datakey", "crypto:datakey", "A fresh wrapped SM4 data key",
                        CryptoApi.DataKeyRequest.class, CryptoApi.DataKeyResponse.class, (s, c) -> s::dataKey),
                post("/keys", "crypto:key-create", "Create a key", CryptoApi.CreateKeyRequest.class, CryptoApi.KeyView.class, (s, c) -> s::createKey),
                new ApiRoute(io.javalin.http.HandlerType.POST, BASE + "/keys/{name}/rotate", Access.app("crypto:key-rotate"),
                        "Rotate a key", ctx -> call(ctx, caller -> service().rotateKey(caller, ctx.pathParam("name"))))
                        .withResponse(CryptoApi.KeyView.class),
                new ApiRoute(io.javalin.http.HandlerType.POST, BASE + "/keys/{name}/versions/{version}/disable", Access.app("crypto:key-disable"),
                        "Disable a key version (not the primary) until it is enabled again",
                        ctx -> call(ctx, caller -> service().disableKeyVersion(caller, ctx.pathParam("name"), pathVersion(ctx))))
                        .withResponse(CryptoApi.KeyView.class),
                new ApiRoute(io.javalin.http.HandlerType.POST, BASE + "/keys/{name}/versions/{version}/enable", Access.app("crypto:key-enable"),
                        "Enable a disabled key version", ctx -> call(ctx, caller -> service().enableKeyVersion(caller, ctx.pathParam("name"),
                                pathVersion(ctx)))).withResponse(CryptoApi.KeyView.class),
                ApiRoute.post(BASE + "/keys/{name}/config", Access.app("crypto:key-config"),
                        "Change a key's settings: the minimum version decrypt, verify and rewrap accept",
                        ctx -> call(ctx, caller -> service().configureKey(caller, ctx.pathParam("name"),
                                parse(ctx, CryptoApi.KeyConfigRequest.class)))).withBody(CryptoApi.KeyConfigRequest.class)
                        .withResponse(CryptoApi.KeyView.class),
                ApiRoute.get(BASE + "/keys", Access.app("crypto:list"), "List keys",
                        ctx -> call(ctx, caller -> service().listKeys(caller))).withResponseList(CryptoApi.KeyView.class),
                ApiRoute.get(BASE + "/keys/{name}/public", Access.app("crypto:publickey"), "PEM public key of an SM2 key version",
                        ctx -> call(ctx, caller -> service().publicKey(caller, new CryptoApi.PublicKeyRequest(ctx.pathParam("name"),
                                version(ctx.queryParam("version")))))).withQuery("version").withResponse(CryptoApi.PublicKeyResponse.class),
                post("/certificates", "crypto:cert-issue", "Issue a certificate from a PKCS#10 CSR (every name in it needs crypto:cert-name:<name>)",
                        CryptoApi.IssueCertificateRequest.class, CryptoApi.CertificateResponse.class, (s, c) -> s::issueCertificate),
                post("/certificates/revoke", "crypto:cert-revoke", "Revoke a certificate", CryptoApi.RevokeRequest.class, CryptoApi.RevokeResponse.class,
                        (s, c) -> s::revokeCertificate),
                ApiRoute.get(BASE + "/crl", Access.app("crypto:crl"), "The current CRL (PEM)", ctx -> call(ctx, caller -> service().crl(caller)))
                        .withResponse(CryptoApi.CrlResponse.class),
                post("/cms/sign", "crypto:cms-sign", "CMS SignedData with SM2/SM3",
                        CryptoApi.CmsSignRequest.class, CryptoApi.CmsSignResponse.class, (s, c) -> s::cmsSign),
                post("/cms/verify", "crypto:cms-verify", "Verify CMS SignedData",
                        CryptoApi.CmsVerifyRequest.class, CryptoApi.CmsVerifyResponse.class, (s, c) -> s::cmsVerify));
    }

    private interface Call<R> {
        Object apply(Caller caller, R request);
    }

    /** A POST route reading a {@code type} body and answering a {@code response} record. */
    private <R> ApiRoute post(String path, String permission, String summary, Class<R> type, Class<?> response,
                              BiFunction<CryptoService, Caller, Call<R>> op) {
        ApiRoute route = ApiRoute.post(BASE + path, Access.app(permission), summary, ctx -> call(ctx, caller -> {
            R request = parse(ctx, type);
            return op.apply(service(), caller).apply(caller, request);
        })).withResponse(response);
        return type.isRecord() ? route.withBody(type) : route;
    }

    private void call(Context ctx, java.util.function.Function<Caller, Object> body) {
        Caller caller = authenticate(ctx);
        CURRENT.set(ctx);
        try {
            answer(ctx, body.apply(caller));
        } catch (ServiceException e) {
            throw new ApiException(e.code().httpStatus(), e.code().code(), e.getMessage());
        } finally {
            CURRENT.remove();
        }
    }

    /**
     * Writes the JSON answer straight to the servlet response. {@code ctx.json} would go through a
     * String, a stream and a fresh 32 KiB copy buffer per answer (Javalin's result pipeline, with ETag
     * and compression checks that never apply to these small POST answers) — measurable at
     * thousands of signatures a second. The audit record is already durable here.
     */
    private static void answer(Context ctx, Object value) {
        byte[] body;
        try {
            body = Json.MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a crypto answer could not be written as JSON", e);
        }
        ctx.contentType(ContentType.APPLICATION_JSON);
        HttpServletResponse res = ctx.res();
        res.setContentLength(body.length);
        try {
            res.getOutputStream().write(body);
        } catch (java.io.IOException e) {
            // the caller went away; the call is done and on the trail, there is no one to tell
            LOG.debug("crypto.answer_not_delivered request={} error={}", AccessTrail.requestId(ctx), e.toString());
        }
    }

    private CryptoService service() {
        CryptoService s = service;
        if (s == null) {
            throw new ApiException(503, "unavailable", "the crypto service is not configured on this console");
        }
        return s;
    }

    private Caller authenticate(Context ctx) {
        String h = ctx.header("Authorization");
        String key = h != null && h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).trim() : null;
        String app = apps.authenticate(key).orElse(null);
        if (app == null) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"citywall-crypto\"");
            throw new ApiException(401, "unauthenticated", "send a valid application key: Authorization: Bearer cwk_...");
        }
        return new Caller(app);
    }

    private static <R> R parse(Context ctx, Class<R> type) {
        try (java.io.InputStream in = Requests.body(ctx)) {
            R r = Json.MAPPER.readValue(in, type);
            if (r == null) {
                throw ApiException.badRequest("malformed_json", "a JSON object is required");
            }
            return r;
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("malformed_json", "the body is not the expected JSON object");
        } catch (java.io.IOException e) {
            throw ApiException.badRequest("malformed_json", "the request body could not be read");
        }
    }

    private static int pathVersion(Context ctx) {
        Integer v = version(ctx.pathParam("version"));
        if (v == null) {
            throw ApiException.badRequest("invalid_request", "version must be an integer");
        }
        return v;
    }

    private static Integer version(String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(v);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid_request", "version must be an integer");
        }
    }
}
