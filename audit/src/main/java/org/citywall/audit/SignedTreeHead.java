package org.citywall.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.citywall.crypto.Envelope;
import org.citywall.crypto.Sm2PublicKey;

/**
 * A {@link TreeHead} with the SM2 signature of the key version that signed it.
 *
 * <h2>What is signed</h2>
 * The UTF-8 bytes of {@code CITYWALL-AUDIT-STH-V1\n} followed by the canonical JSON object
 * {@code {"keyId":..,"keyVersion":..,"logId":..,"root":"<hex>","size":..,"time":".."}}; the
 * signature is SM2 with SM3 and the default user id {@code 1234567812345678}, DER-encoded,
 * so OpenSSL 3 can check it: {@code openssl dgst -sm3 -verify key.pem -sigopt
 * distid:1234567812345678 -signature head.sig head.msg} (with {@link #signedMessage()} in head.msg).
 *
 * <h2>JSON form</h2>
 * The same object plus {@code "signature":"<base64 DER>"}, canonical, one line.
 */
public record SignedTreeHead(TreeHead head, String keyId, int keyVersion, byte[] signature) {

    static final String DOMAIN = "CITYWALL-AUDIT-STH-V1\n";
    private static final Set<String> MEMBERS = Set.of("keyId", "keyVersion", "logId", "root", "signature", "size", "time");

    public SignedTreeHead {
        if (head == null) {
            throw new IllegalArgumentException("head is required");
        }
        if (!Envelope.isValidName(keyId)) {
            throw new IllegalArgumentException("keyId must match [A-Za-z0-9][A-Za-z0-9._-]{0,63}");
        }
        if (keyVersion < 1) {
            throw new IllegalArgumentException("keyVersion must be >= 1");
        }
        if (signature == null || signature.length == 0 || signature.length > 128) {
            throw new IllegalArgumentException("signature must be 1-128 bytes");
        }
        signature = signature.clone();
    }

    /** Signs {@code head} with the signer's current key version. */
    public static SignedTreeHead sign(TreeHead head, TreeHeadSigner signer) {
        int version = signer.currentVersion();
        byte[] sig = signer.sign(version, signedMessage(head, signer.keyId(), version));
        return new SignedTreeHead(head, signer.keyId(), version, sig);
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    public long size() {
        return head.size();
    }

    public byte[] root() {
        return head.root();
    }

    public Instant time() {
        return head.time();
    }

    /** The exact bytes the signature covers. */
    public byte[] signedMessage() {
        return signedMessage(head, keyId, keyVersion);
    }

    /** Whether the signature is valid for this head under {@code key}. */
    public boolean verify(Sm2PublicKey key) {
        return key.verify(signedMessage(), signature);
    }

    static byte[] signedMessage(TreeHead head, String keyId, int keyVersion) {
        CanonicalJson w = new CanonicalJson(256);
        byte[] domain = DOMAIN.getBytes(StandardCharsets.UTF_8);
        w.raw('{');
        w.key("keyId").string(keyId);
        w.raw(',').key("keyVersion").number(keyVersion);
        w.raw(',').key("logId").string(head.logId());
        w.raw(',').key("root").string(TreeHashes.hex(head.root()));
        w.raw(',').key("size").number(head.size());
        w.raw(',').key("time").string(AuditRecord.TIME.format(head.time()));
        w.raw('}');
        byte[] json = w.toByteArray();
        byte[] out = Arrays.copyOf(domain, domain.length + json.length);
        System.arraycopy(json, 0, out, domain.length, json.length);
        return out;
    }

    /** The canonical one-line JSON form. */
    public String toJson() {
        CanonicalJson w = new CanonicalJson(384);
        w.raw('{');
        w.key("keyId").string(keyId);
        w.raw(',').key("keyVersion").number(keyVersion);
        w.raw(',').key("logId").string(head.logId());
        w.raw(',').key("root").string(TreeHashes.hex(head.root()));
        w.raw(',').key("signature").string(Base64.getEncoder().encodeToString(signature));
        w.raw(',').key("size").number(head.size());
        w.raw(',').key("time").string(AuditRecord.TIME.format(head.time()));
        w.raw('}');
        return new String(w.toByteArray(), StandardCharsets.UTF_8);
    }

    /**
     * Parses the JSON form.
     *
     * @throws IllegalArgumentException saying which member is missing or wrong
     */
    public static SignedTreeHead parse(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return fromMap(RecordJson.readObject(b, 0, b.length));
    }

    static SignedTreeHead fromMap(Map<String, Object> m) {
        for (String k : m.keySet()) {
            if (!MEMBERS.contains(k)) {
                throw new IllegalArgumentException("unknown tree head member '" + k + "'");
            }
        }
        try {
            TreeHead head = new TreeHead(string(m, "logId"), integer(m, "size"), TreeHashes.fromHex(string(m, "root")),
                    AuditRecord.TIME.parse(string(m, "time"), Instant::from));
            long version = integer(m, "keyVersion");
            if (version > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("keyVersion is too large");
            }
            return new SignedTreeHead(head, string(m, "keyId"), (int) version,
                    Base64.getDecoder().decode(string(m, "signature")));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("time is not yyyy-MM-ddTHH:mm:ss.SSSSSSZ");
        }
    }

    static String string(Map<String, Object> m, String key) {
        if (!(m.get(key) instanceof String s)) {
            throw new IllegalArgumentException(key + " must be a string");
        }
        return s;
    }

    static long integer(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (!(v instanceof Integer || v instanceof Long)) {
            throw new IllegalArgumentException(key + " must be an integer");
        }
        return ((Number) v).longValue();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignedTreeHead s && s.head.equals(head) && s.keyId.equals(keyId) && s.keyVersion == keyVersion
                && Arrays.equals(s.signature, signature);
    }

    @Override
    public int hashCode() {
        return head.hashCode();
    }

    @Override
    public String toString() {
        return "SignedTreeHead[size=" + head.size() + ", root=" + TreeHashes.hex(head.root()) + ", key=" + keyId + " v" + keyVersion + "]";
    }
}
