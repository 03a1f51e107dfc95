package org.citywall.crypto.service;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.util.encoders.Hex;
import org.citywall.crypto.CryptoException;
import org.citywall.crypto.DataKey;
import org.citywall.crypto.Envelope;
import org.citywall.crypto.EnvelopeEncryption;
import org.citywall.crypto.KeyInfo;
import org.citywall.crypto.KeyRing;
import org.citywall.crypto.KeyType;
import org.citywall.crypto.Sm3;
import org.citywall.crypto.pki.CertificateAuthority;
import org.citywall.crypto.pki.CertificatePurpose;
import org.citywall.crypto.pki.CertificateProfile;
import org.citywall.crypto.pki.ChainValidator;
import org.citywall.crypto.pki.Cms;
import org.citywall.crypto.pki.Pkix;
import org.citywall.crypto.service.CryptoApi.*;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The crypto service applications call, independent of transport: the console's HTTP layer
 * maps {@code /api/v1/crypto/...} onto these methods one to one.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Caller.</b> Every method takes the {@link Caller} the transport authenticated.</li>
 *   <li><b>Authorisation.</b> Before any work, {@link Authorizer#isPermitted} is asked for
 *       {@link Operation#permission} — {@code crypto:<op>:<key>} for key-scoped operations — so
 *       an application cannot use another application's key. A refusal is {@code forbidden}
 *       whether or not the key exists (no key enumeration).</li>
 *   <li><b>Audit.</b> Every call — allowed, denied, failed — is reported once to the
 *       {@link AuditHook} with caller, operation, key, version, SM3 of the input and outcome
 *       (and SM3 of the SM2 signer identity when a call names one other than the default);
 *       never plaintext, signatures or key material.</li>
 *   <li><b>Limits.</b> Each base64 input may decode to at most {@code maxPayloadBytes}
 *       ({@code payload_too_large}); larger data belongs in envelope encryption with a data key.</li>
 *   <li><b>Errors.</b> Failures are {@link ServiceException} with a stable {@link ErrorCode}.
 *       Every decryption failure — tag, AAD, length, bad envelope, wrong key — is the same
 *       {@code decryption_failed} with the same message. Unexpected faults are
 *       {@code internal_error} with no detail (details go to the log).</li>
 *   <li>Thread-safe.</li>
 * </ul>
 */
public final class CryptoService {

    /** Permission to revoke certificates issued to other applications (operators, incident response). */
    public static final String REVOKE_ANY = "crypto:cert-revoke-any";

    /** Prefix of the grants of certificate names ({@code crypto:cert-name:<name>}, see {@link CertificateNamePolicy}). */
    public static final String CERT_NAME = CertificateNamePolicy.PERMISSION;

    /**
     * Longest SM2 signer identity accepted, in UTF-8 bytes. GM/T 0003 allows 8191 (ENTL is a 16-bit
     * bit count); real identities are names and addresses, and a short limit keeps the Z value cheap.
     */
    public static final int MAX_USER_ID_BYTES = 1024;

    /** Default largest decoded input: 1 MiB. */
    public static final int DEFAULT_MAX_PAYLOAD = 1 << 20;

    private static final Logger LOG = LoggerFactory.getLogger(CryptoService.class);

    private final KeyRing ring;
    private final Authorizer authorizer;
    private final AuditHook audit;
    private final Inputs in;
    private final CertificateAuthority ca; // may be null: certificate operations are then unavailable
    private final java.util.Set<String> platformKeys;
    private final CertificateNamePolicy certificateNames;
    private final java.util.Map<ErrorCode, java.util.concurrent.atomic.LongAdder> refused = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param ring the key ring holding applications' keys
     * @param authorizer checked before every call
     * @param audit told about every call
     * @param maxPayloadBytes largest decoded input accepted
     * @param ca the issuing CA for certificate operations, or null if this service issues none
     */
    public CryptoService(KeyRing ring, Authorizer authorizer, AuditHook audit, int maxPayloadBytes, CertificateAuthority ca) {
        this(ring, authorizer, audit, maxPayloadBytes, ca, java.util.Set.of());
    }

    /**
     * @param platformKeys keys in {@code ring} that the platform itself signs with (audit tree heads,
     *                     the CA): no caller may sign, encrypt, rotate or otherwise use them through
     *                     this service, whatever its permissions say — a wildcard grant such as
     *                     {@code crypto:sign:*} would otherwise let an application forge tree heads or
     *                     certificates. Verifying with them and reading their public keys stay open.
     */
    public CryptoService(KeyRing ring, Authorizer authorizer, AuditHook audit, int maxPayloadBytes, CertificateAuthority ca,
            java.util.Set<String> platformKeys) {
        this.ring = ring;
        this.authorizer = authorizer;
        this.audit = audit;
        this.in = new Inputs(maxPayloadBytes);
        this.ca = ca;
        this.platformKeys = java.util.Set.copyOf(platformKeys);
        this.certificateNames = new CertificateNamePolicy(authorizer);
    }

    /** Operations that use no secret of the key and change nothing: open on platform keys too. */
    private static boolean publicOnly(Operation op) {
        return op == Operation.VERIFY || op == Operation.PUBLIC_KEY;
    }

    // ------------------------------------------------------------------ signatures

    /**
     * SM2-signs a message, with the request's signer identity if it names one (see
     * {@link SignRequest}); permission {@code crypto:sign:<key>}.
     */
    public SignResponse sign(Caller caller, SignRequest r) {
        return call(caller, Operation.SIGN, r.key(), ctx -> {
            byte[] msg = ctx.input(in.bytes("message", r.message()));
            byte[] id = ctx.userId(Inputs.userId(r.userId(), MAX_USER_ID_BYTES));
            Envelope e = ring.sign(r.key(), r.version(), msg, id);
            ctx.version(e.version());
            return new SignResponse(e.toText(), e.key(), e.version(), Inputs.b64(e.payload()));
        });
    }

    /**
     * Verifies a signature envelope for the signer identity the request expects (default if none);
     * an invalid signature, or one made for another identity, is {@code verification_failed}.
     * Permission {@code crypto:verify:<key>}.
     */
    public VerifyResponse verify(Caller caller, VerifyRequest r) {
        return callResolving(caller, Operation.VERIFY, ctx -> ctx.envelope(in.envelope("signature", r.signature())), ctx -> {
            Envelope sig = ctx.envelope;
            byte[] msg = ctx.input(in.bytes("message", r.message()));
            byte[] id = ctx.userId(Inputs.userId(r.userId(), MAX_USER_ID_BYTES));
            if (!ring.verify(sig, msg, id)) {
                throw new ServiceException(ErrorCode.VERIFICATION_FAILED, "signature does not verify");
            }
            return new VerifyResponse(true, sig.key(), sig.version());
        });
    }

    // ------------------------------------------------------------------ encryption

    /** Encrypts under the key's primary version; permission {@code crypto:encrypt:<key>}. */
    public EncryptResponse encrypt(Caller caller, EncryptRequest r) {
        return call(caller, Operation.ENCRYPT, r.key(), ctx -> {
            byte[] pt = ctx.input(in.bytes("plaintext", r.plaintext()));
            Envelope e = ring.encrypt(r.key(), pt, in.optionalBytes("associatedData", r.associatedData()));
            ctx.version(e.version());
            return new EncryptResponse(e.toText(), e.key(), e.version());
        });
    }

    /** Decrypts an envelope; every failure of the ciphertext is {@code decryption_failed}. Permission {@code crypto:decrypt:<key>}. */
    public DecryptResponse decrypt(Caller caller, DecryptRequest r) {
        return callResolving(caller, Operation.DECRYPT, ctx -> ctx.envelope(in.envelope("ciphertext", r.ciphertext())), ctx -> {
            Envelope ct = ctx.envelope;
            ctx.input(r.ciphertext().getBytes(StandardCharsets.US_ASCII));
            byte[] aad = in.optionalBytes("associatedData", r.associatedData());
            return new DecryptResponse(Inputs.b64(decrypting(() -> ring.decrypt(ct, aad))));
        });
    }

    /** Re-encrypts under the primary version without revealing plaintext; permission {@code crypto:rewrap:<key>}. */
    public EncryptResponse rewrap(Caller caller, RewrapRequest r) {
        return callResolving(caller, Operation.REWRAP, ctx -> ctx.envelope(in.envelope("ciphertext", r.ciphertext())), ctx -> {
            Envelope ct = ctx.envelope;
            ctx.input(r.ciphertext().getBytes(StandardCharsets.US_ASCII));
            byte[] aad = in.optionalBytes("associatedData", r.associatedData());
            Envelope e = decrypting(() -> ring.rewrap(ct, aad));
            return new EncryptResponse(e.toText(), e.key(), e.version());
        });
    }

    /** A fresh SM4 data key wrapped by SM4-GCM key {@code key}; permission {@code crypto:datakey:<key>}. */
    public DataKeyResponse dataKey(Caller caller, DataKeyRequest r) {
        return call(caller, Operation.DATA_KEY, r.key(), ctx -> {
            byte[] aad = in.optionalBytes("associatedData", r.associatedData());
            try (DataKey dk = new EnvelopeEncryption(ring, r.key()).newDataKey(aad)) {
                ctx.version(dk.wrapped().version());
                return new DataKeyResponse(r.includePlaintext() ? Inputs.b64(dk.plaintext()) : null, dk.wrapped().toText(),
                        dk.wrapped().key(), dk.wrapped().version());
            }
        });
    }

    // ------------------------------------------------------------------ MAC and hash

    /** HMAC-SM3 under the key's primary version; permission {@code crypto:hmac:<key>}. */
    public HmacResponse hmac(Caller caller, HmacRequest r) {
        return call(caller, Operation.HMAC, r.key(), ctx -> {
            Envelope e = ring.mac(r.key(), ctx.input(in.bytes("data", r.data())));
            ctx.version(e.version());
            return new HmacResponse(e.toText(), e.key(), e.version());
        });
    }

    /** Checks an HMAC envelope; a wrong MAC is {@code verification_failed}. Permission {@code crypto:hmac-verify:<key>}. */
    public VerifyResponse verifyHmac(Caller caller, HmacVerifyRequest r) {
        return callResolving(caller, Operation.HMAC_VERIFY, ctx -> ctx.envelope(in.envelope("mac", r.mac())), ctx -> {
            Envelope mac = ctx.envelope;
            if (!ring.verifyMac(mac, ctx.input(in.bytes("data", r.data())))) {
                throw new ServiceException(ErrorCode.VERIFICATION_FAILED, "MAC does not verify");
            }
            return new VerifyResponse(true, mac.key(), mac.version());
        });
    }

    /** SM3 digest; permission {@code crypto:hash}. */
    public HashResponse hash(Caller caller, HashRequest r) {
        return call(caller, Operation.HASH, null, ctx -> {
            byte[] d = Sm3.digest(ctx.input(in.bytes("data", r.data())));
            return new HashResponse(Hex.toHexString(d), Inputs.b64(d));
        });
    }

    // ------------------------------------------------------------------ key management

    /** Creates a key; permission {@code crypto:key-create:<name>}. */
    public KeyView createKey(Caller caller, CreateKeyRequest r) {
        return call(caller, Operation.KEY_CREATE, r.name(), ctx -> {
            KeyType type = Inputs.keyType(r.type());
            KeyInfo info = ring.create(r.name(), type);
            ctx.version(info.primaryVersion());
            return view(info);
        });
    }

    /** Rotates a key to a new primary version; permission {@code crypto:key-rotate:<name>}. */
    public KeyView rotateKey(Caller caller, String name) {
        return call(caller, Operation.KEY_ROTATE, name, ctx -> {
            ctx.version(ring.rotate(name));
            return view(ring.info(name));
        });
    }

    /**
     * Disables a version that is not the primary: every use of it is then {@code disabled_version}
     * until it is enabled again; permission {@code crypto:key-disable:<name>}.
     */
    public KeyView disableKeyVersion(Caller caller, String name, int version) {
        return call(caller, Operation.KEY_DISABLE, name, ctx -> {
            ctx.version(version);
            ring.disable(name, version);
            return view(ring.info(name));
        });
    }

    /** Enables a disabled version again (a destroyed one stays destroyed); permission {@code crypto:key-enable:<name>}. */
    public KeyView enableKeyVersion(Caller caller, String name, int version) {
        return call(caller, Operation.KEY_ENABLE, name, ctx -> {
            ctx.version(version);
            ring.enable(name, version);
            return view(ring.info(name));
        });
    }

    /**
     * Changes a key's settings — the minimum decryption version (1 up to the primary) — and
     * answers the key as it now is; permission {@code crypto:key-config:<name>}.
     */
    public KeyView configureKey(Caller caller, String name, KeyConfigRequest r) {
        return call(caller, Operation.KEY_CONFIG, name, ctx -> {
            if (r != null && r.minDecryptionVersion() != null) {
                ctx.version(r.minDecryptionVersion());
                ring.setMinDecryptionVersion(name, r.minDecryptionVersion());
            }
            return view(ring.info(name));
        });
    }

    /** The keys the caller may use (any key-scoped permission on them); permission {@code crypto:list}. */
    public List<KeyView> listKeys(Caller caller) {
        // only the keys the caller may use in some way: other applications' key names stay private
        return call(caller, Operation.KEY_LIST, null, ctx -> ring.list().stream()
                .filter(k -> mayUse(caller, k.name())).map(CryptoService::view).toList());
    }

    private boolean mayUse(Caller caller, String key) {
        for (Operation op : Operation.values()) {
            if (op.keyScoped() && (publicOnly(op) || !platformKeys.contains(key)) && authorizer.isPermitted(caller, op.permission(key))) {
                return true;
            }
        }
        return false;
    }

    /** The PEM public key of an SM2 key version (primary if none given); permission {@code crypto:publickey:<key>}. */
    public PublicKeyResponse publicKey(Caller caller, PublicKeyRequest r) {
        return call(caller, Operation.PUBLIC_KEY, r.key(), ctx -> {
            int v = r.version() == null ? ring.currentVersion(r.key()) : r.version();
            ctx.version(v);
            return new PublicKeyResponse(r.key(), v, ring.publicKey(r.key(), v).toPem());
        });
    }

    // ------------------------------------------------------------------ certificates

    /**
     * Issues a certificate from a CSR after verifying its SM2 signature; permission {@code crypto:cert-issue},
     * and for every name the certificate would carry (common names, subject alternative names)
     * {@code crypto:cert-name:<name>} as {@link CertificateNamePolicy} reads it.
     */
    public CertificateResponse issueCertificate(Caller caller, IssueCertificateRequest r) {
        return call(caller, Operation.CERT_ISSUE, null, ctx -> {
            CertificateAuthority authority = requireCa();
            byte[] csr = ctx.input(in.pemOrBase64("csr", r.csr()));
            if (r.validityDays() < 1 || r.validityDays() > 3650) {
                throw new ServiceException(ErrorCode.INVALID_REQUEST, "validityDays must be 1..3650");
            }
            EnumSet<CertificateProfile.KeyUsage> ku = EnumSet.noneOf(CertificateProfile.KeyUsage.class);
            for (String u : Inputs.nz(r.keyUsages())) {
                ku.add(Inputs.enumValue(CertificateProfile.KeyUsage.class, u, "keyUsages"));
            }
            if (ku.isEmpty()) {
                ku.add(CertificateProfile.KeyUsage.DIGITAL_SIGNATURE);
            }
            EnumSet<CertificateProfile.ExtendedKeyUsage> eku = EnumSet.noneOf(CertificateProfile.ExtendedKeyUsage.class);
            for (String u : Inputs.nz(r.extendedKeyUsages())) {
                eku.add(Inputs.enumValue(CertificateProfile.ExtendedKeyUsage.class, u, "extendedKeyUsages"));
            }
            // the certificates issued here are end-entity certificates (cA=false): no CA-only usages
            EnumSet<CertificateProfile.KeyUsage> caOnly = EnumSet.of(CertificateProfile.KeyUsage.KEY_CERT_SIGN,
                    CertificateProfile.KeyUsage.CRL_SIGN);
            caOnly.retainAll(ku);
            if (!caOnly.isEmpty()) {
                throw new ServiceException(ErrorCode.INVALID_REQUEST, "keyUsages " + caOnly
                        + " are for CA certificates only; an end-entity certificate cannot sign certificates or CRLs");
            }
            if (eku.contains(CertificateProfile.ExtendedKeyUsage.OCSP_SIGNING)) {
                throw new ServiceException(ErrorCode.INVALID_REQUEST,
                        "extendedKeyUsages OCSP_SIGNING is not issued to applications: only the CA designates OCSP responders");
            }
            X509CertificateHolder cert = authority.issue(csr,
                    new CertificateProfile(Duration.ofDays(r.validityDays()), ku, eku, Inputs.nz(r.subjectAltNames())), caller.id(),
                    names -> {
                        if (names.isEmpty()) {
                            throw new ServiceException(ErrorCode.INVALID_REQUEST,
                                    "the certificate would name no one: give a common name or a subject alternative name");
                        }
                        List<String> refused = certificateNames.refused(caller, names);
                        if (!refused.isEmpty()) {
                            throw new ServiceException(ErrorCode.FORBIDDEN, "not permitted to be certified under " + refused
                                    + "; each name needs " + CertificateNamePolicy.PERMISSION + "<name> (or *.<domain>)");
                        }
                    });
            List<String> chain = new ArrayList<>();
            chain.add(Pkix.toPem(authority.certificate()));
            authority.chain().forEach(c -> chain.add(Pkix.toPem(c)));
            return new CertificateResponse(Pkix.toPem(cert), cert.getSerialNumber().toString(16), chain);
        });
    }

    /** Revokes a certificate this CA issued; permission {@code crypto:cert-revoke}. */
    public RevokeResponse revokeCertificate(Caller caller, RevokeRequest r) {
        return call(caller, Operation.CERT_REVOKE, null, ctx -> {
            CertificateAuthority authority = requireCa();
            if (r.serial() == null || !r.serial().matches("[0-9a-fA-F]{1,64}")) {
                throw new ServiceException(ErrorCode.INVALID_REQUEST, "serial must be hexadecimal");
            }
            ctx.input(r.serial().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
            BigInteger serial = new BigInteger(r.serial(), 16);
            String requester = authority.issued(serial).map(i -> i.requester()).orElse(null);
            // an application revokes what it asked for; revoking others' (an operator's job) takes crypto:cert-revoke-any
            if (requester != null && !requester.equals(caller.id()) && !authorizer.isPermitted(caller, REVOKE_ANY)) {
                throw new ServiceException(ErrorCode.FORBIDDEN, "certificate " + r.serial().toLowerCase(Locale.ROOT)
                        + " was issued to another application; revoking it needs " + REVOKE_ANY);
            }
            var rev = authority.revoke(serial, r.reason());
            return new RevokeResponse(rev.serial().toString(16), rev.revokedAt().toString());
        });
    }

    /**
     * This CA's current CRL, valid for 7 days: the same CRL (same CRL number) on every call until a
     * revocation changes the list or less than half its lifetime is left, then a new one; permission {@code crypto:crl}.
     */
    public CrlResponse crl(Caller caller) {
        return call(caller, Operation.CRL, null, ctx -> new CrlResponse(Pkix.toPem(requireCa().currentCrl(Duration.ofDays(7)))));
    }

    // ------------------------------------------------------------------ CMS

    /** CMS SignedData (GM/T 0010) with an SM2 key version and its certificate; permission {@code crypto:cms-sign:<key>}. */
    public CmsSignResponse cmsSign(Caller caller, CmsSignRequest r) {
        return call(caller, Operation.CMS_SIGN, r.key(), ctx -> {
            byte[] content = ctx.input(in.bytes("content", r.content()));
            X509CertificateHolder cert = Pkix.certificate(in.pemOrBase64("certificate", r.certificate()));
            int version = ring.currentVersion(r.key());
            ctx.version(version);
            byte[] cms = Cms.sign(content, data -> ring.sign(r.key(), version, data).payload(), cert, r.detached(),
                    Cms.Profile.GM_T_0010);
            return new CmsSignResponse(Inputs.b64(cms), r.key(), version);
        });
    }

    /**
     * Verifies CMS SignedData and, if this service has a CA, the signer's chain for signing
     * ({@link CertificatePurpose#SIGNATURE}); permission {@code crypto:cms-verify}.
     */
    public CmsVerifyResponse cmsVerify(Caller caller, CmsVerifyRequest r) {
        return call(caller, Operation.CMS_VERIFY, null, ctx -> {
            byte[] cms = ctx.input(in.bytes("cms", r.cms()));
            byte[] content = in.optionalBytes("content", r.content());
            Cms.Verified v = Cms.verify(cms, content);
            boolean trusted = false;
            if (ca != null) {
                List<X509CertificateHolder> anchors = ca.chain().isEmpty() ? List.of(ca.certificate()) : List.of(ca.chain().get(ca.chain().size() - 1));
                List<X509CertificateHolder> intermediates = new ArrayList<>(ca.chain());
                intermediates.add(ca.certificate());
                try {
                    new ChainValidator(anchors, List.of()).validate(v.signer(), intermediates, Instant.now(), CertificatePurpose.SIGNATURE);
                } catch (CryptoException e) {
                    throw new ServiceException(ErrorCode.VERIFICATION_FAILED, e.getMessage());
                }
                // revocation straight from the CA's ledger: no CRL is minted per verification
                if (v.signer().getIssuer().equals(ca.certificate().getSubject()) && ca.ledger().isRevoked(v.signer().getSerialNumber())) {
                    throw new ServiceException(ErrorCode.VERIFICATION_FAILED, "signer certificate has been revoked");
                }
                trusted = true;
            }
            return new CmsVerifyResponse(v.signer().getSubject().toString(), v.signer().getSerialNumber().toString(16),
                    v.signingTime() == null ? null : v.signingTime().toString(), content == null ? Inputs.b64(v.content()) : null, trusted);
        });
    }

    /** How many calls were refused, by error code, since this service started (for metrics). */
    public java.util.Map<String, Long> refusedCounts() {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        refused.forEach((code, n) -> out.put(code.code(), n.sum()));
        return out;
    }

    // ------------------------------------------------------------------ the one path every call takes

    /** What a call learns while it runs, for its audit event. */
    private static final class Ctx {
        String inputSm3;
        Integer version;
        Envelope envelope;

        String envelope(Envelope e) {
            envelope = e;
            version = e.version();
            return e.key();
        }

        String userIdSm3;

        /** Notes a signer identity other than the default for the audit event. */
        byte[] userId(byte[] id) {
            if (id != null && !java.util.Arrays.equals(id, org.citywall.crypto.Sm2.defaultUserId())) {
                userIdSm3 = Hex.toHexString(Sm3.digest(id));
            }
            return id;
        }

        byte[] input(byte[] in) {
            inputSm3 = Hex.toHexString(Sm3.digest(in));
            return in;
        }

        void version(int v) {
            version = v;
        }
    }

    @FunctionalInterface
    private interface Body<T> {
        T run(Ctx ctx);
    }

    private <T> T call(Caller caller, Operation op, String key, Body<T> body) {
        return callResolving(caller, op, ctx -> key, body);
    }

    /** Resolves the key a call is about; may parse the request (an envelope names its key). */
    @FunctionalInterface
    private interface KeyResolver {
        String resolve(Ctx ctx);
    }

    private <T> T callResolving(Caller caller, Operation op, KeyResolver resolver, Body<T> body) {
        Ctx ctx = new Ctx();
        AuditEvent.Outcome outcome = AuditEvent.Outcome.FAILED;
        ErrorCode error = null;
        String key = null;
        try {
            key = resolver.resolve(ctx);
            if (op.keyScoped() && (key == null || key.isBlank())) {
                throw new ServiceException(ErrorCode.INVALID_REQUEST, "key is required");
            }
            if (op.keyScoped() && platformKeys.contains(key) && !publicOnly(op)) {
                outcome = AuditEvent.Outcome.DENIED;
                throw new ServiceException(ErrorCode.FORBIDDEN, "key '" + key + "' belongs to the platform: applications may only verify with it");
            }
            if (!authorizer.isPermitted(caller, op.permission(key))) {
                outcome = AuditEvent.Outcome.DENIED;
                throw new ServiceException(ErrorCode.FORBIDDEN, "not permitted: " + op.permission(key));
            }
            T result = body.run(ctx);
            outcome = AuditEvent.Outcome.OK;
            return result;
        } catch (ServiceException e) {
            error = e.code();
            throw e;
        } catch (CryptoException e) {
            ServiceException se = map(op, e);
            error = se.code();
            throw se;
        } catch (RuntimeException e) {
            LOG.error("crypto service call failed caller={} operation={} key={}", caller.id(), op.label(), key, e);
            error = ErrorCode.INTERNAL_ERROR;
            throw new ServiceException(ErrorCode.INTERNAL_ERROR, "internal error");
        } finally {
            if (error != null) {
                refused.computeIfAbsent(error, c -> new java.util.concurrent.atomic.LongAdder()).increment();
            }
            recordOrFail(new AuditEvent(Instant.now(), caller.id(), op, key, ctx.version, ctx.inputSm3, outcome,
                    error == null ? null : error.code(), ctx.userIdSm3));
        }
    }

    /** No call goes unrecorded: if the audit hook fails, so does the call (its result is withheld). */
    private void recordOrFail(AuditEvent event) {
        try {
            audit.record(event);
        } catch (RuntimeException e) {
            LOG.error("audit hook failed operation={} caller={}", event.operation().label(), event.caller(), e);
            // the service is fine, its trail is not: a caller may retry once the trail is back
            throw new ServiceException(ErrorCode.UNAVAILABLE, "the audit trail cannot record this call; nothing was done");
        }
    }

    private static ServiceException map(Operation op, CryptoException e) {
        boolean decrypting = op == Operation.DECRYPT || op == Operation.REWRAP;
        return switch (e.reason()) {
            case DECRYPTION_FAILED -> decryptionFailed();
            case MALFORMED_ENVELOPE, MALFORMED_INPUT -> decrypting ? decryptionFailed() : new ServiceException(ErrorCode.MALFORMED_INPUT, e.getMessage());
            case UNKNOWN_KEY -> new ServiceException(ErrorCode.UNKNOWN_KEY, e.getMessage());
            case WRONG_KEY_TYPE -> new ServiceException(ErrorCode.WRONG_KEY_TYPE, e.getMessage());
            case DISABLED_VERSION -> new ServiceException(ErrorCode.DISABLED_VERSION, e.getMessage());
            case INVALID_REQUEST -> new ServiceException(ErrorCode.INVALID_REQUEST, e.getMessage());
            case VALIDATION_FAILED -> new ServiceException(ErrorCode.VERIFICATION_FAILED, e.getMessage());
            case KEYRING_UNAVAILABLE -> new ServiceException(ErrorCode.UNAVAILABLE, "key ring unavailable");
        };
    }

    private static ServiceException decryptionFailed() {
        return new ServiceException(ErrorCode.DECRYPTION_FAILED, "decryption failed");
    }

    /** Runs a decryption, turning every ciphertext-related failure into the one code. */
    private static <T> T decrypting(java.util.function.Supplier<T> s) {
        try {
            return s.get();
        } catch (CryptoException e) {
            if (e.reason() == CryptoException.Reason.UNKNOWN_KEY || e.reason() == CryptoException.Reason.DISABLED_VERSION
                    || e.reason() == CryptoException.Reason.WRONG_KEY_TYPE) {
                throw e;
            }
            throw decryptionFailed();
        }
    }

    private CertificateAuthority requireCa() {
        if (ca == null) {
            throw new ServiceException(ErrorCode.UNAVAILABLE, "this service has no certificate authority configured");
        }
        return ca;
    }

    private static KeyView view(KeyInfo i) {
        return new KeyView(i.name(), i.type().name(), i.primaryVersion(), i.minDecryptionVersion(),
                i.versions().stream().map(v -> new KeyVersionView(v.version(), v.state().name(), v.created().toString())).toList());
    }
}
