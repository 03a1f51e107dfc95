package org.citywall.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * A signature or ciphertext labelled with the key name and key version that produced it, so
 * keys can rotate without breaking old data (the role of Vault's {@code vault:v1:} and Tink's
 * output prefix).
 *
 * <h2>Text form</h2>
 * <pre>citywall:&lt;key&gt;:v&lt;version&gt;:&lt;base64 payload&gt;</pre>
 * e.g. {@code citywall:audit-heads:v3:MEUCIQD...}. Key names match
 * {@code [A-Za-z0-9][A-Za-z0-9._-]{0,63}} (no colon), versions are decimal 1..2^31-1 without
 * leading zeros, the payload is standard base64 with padding. The prefix {@code citywall}
 * names version 1 of this format; a future format gets a new prefix.
 *
 * <h2>Binary form</h2>
 * <pre>"CW" 0x01 | name length (1 byte) | name (UTF-8) | version (4 bytes, big-endian) | payload</pre>
 *
 * <h2>Payload</h2>
 * Depends on the key type: SM2 signing — the DER signature over the message itself (so
 * OpenSSL can verify it with the exported public key); SM4-GCM — {@code nonce(12) ‖
 * ciphertext ‖ tag(16)} with the envelope header bound as associated data; SM2 encryption —
 * the GM/T 0009 ASN.1 ciphertext; HMAC-SM3 — the 32-byte tag.
 */
public record Envelope(String key, int version, byte[] payload) {

    /** The text prefix of this format. */
    public static final String PREFIX = "citywall";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern VERSION = Pattern.compile("[1-9][0-9]{0,9}");
    private static final byte[] MAGIC = {'C', 'W', 0x01};

    public Envelope {
        checkName(key);
        if (version < 1) {
            throw new CryptoException(CryptoException.Reason.MALFORMED_ENVELOPE, "key version must be >= 1");
        }
        payload = payload.clone();
    }

    /** A copy of the payload. */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** Whether {@code name} is a valid key name. */
    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    static void checkName(String name) {
        if (!isValidName(name)) {
            throw new CryptoException(CryptoException.Reason.MALFORMED_ENVELOPE,
                    "key name must match [A-Za-z0-9][A-Za-z0-9._-]{0,63}");
        }
    }

    /** {@code citywall:<key>:v<version>:<base64>}. */
    public String toText() {
        return textHeader() + Base64.getEncoder().encodeToString(payload);
    }

    /** The text form up to and including the last colon; bound as associated data by SM4-GCM keys. */
    String textHeader() {
        return PREFIX + ":" + key + ":v" + version + ":";
    }

    /**
     * Parses the text form.
     *
     * @throws CryptoException {@code MALFORMED_ENVELOPE} for anything that is not exactly that form
     */
    public static Envelope parse(String text) {
        if (text == null) {
            throw malformed("envelope is missing");
        }
        String[] parts = text.split(":", -1);
        if (parts.length != 4 || !parts[0].equals(PREFIX) || !isValidName(parts[1])
                || !parts[2].startsWith("v") || !VERSION.matcher(parts[2].substring(1)).matches()) {
            throw malformed("envelope must look like citywall:<key>:v<version>:<base64>");
        }
        long v = Long.parseLong(parts[2].substring(1));
        if (v > Integer.MAX_VALUE) {
            throw malformed("envelope key version out of range");
        }
        byte[] payload;
        try {
            payload = Base64.getDecoder().decode(parts[3]);
        } catch (IllegalArgumentException e) {
            throw malformed("envelope payload is not base64");
        }
        if (payload.length == 0) {
            throw malformed("envelope payload is empty");
        }
        return new Envelope(parts[1], (int) v, payload);
    }

    /** The binary form (see the class comment). */
    public byte[] toBytes() {
        byte[] header = binaryHeader();
        return ByteBuffer.allocate(header.length + payload.length).put(header).put(payload).array();
    }

    byte[] binaryHeader() {
        byte[] name = key.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(MAGIC.length + 1 + name.length + 4)
                .put(MAGIC).put((byte) name.length).put(name).putInt(version).array();
    }

    /** Parses the binary form; {@code MALFORMED_ENVELOPE} on any deviation. */
    public static Envelope parseBytes(byte[] bytes) {
        if (bytes == null || bytes.length < MAGIC.length + 1 + 1 + 4 + 1
                || bytes[0] != MAGIC[0] || bytes[1] != MAGIC[1] || bytes[2] != MAGIC[2]) {
            throw malformed("not a CityWall binary envelope");
        }
        int nameLength = bytes[3] & 0xff;
        int payloadStart = 4 + nameLength + 4;
        if (nameLength == 0 || nameLength > 64 || bytes.length <= payloadStart) {
            throw malformed("binary envelope header is truncated or invalid");
        }
        String name = new String(bytes, 4, nameLength, StandardCharsets.US_ASCII);
        if (!isValidName(name)) {
            throw malformed("binary envelope names an invalid key");
        }
        int version = ByteBuffer.wrap(bytes, 4 + nameLength, 4).getInt();
        if (version < 1) {
            throw malformed("binary envelope key version out of range");
        }
        byte[] payload = java.util.Arrays.copyOfRange(bytes, payloadStart, bytes.length);
        return new Envelope(name, version, payload);
    }

    private static CryptoException malformed(String message) {
        return new CryptoException(CryptoException.Reason.MALFORMED_ENVELOPE, message);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Envelope e && e.key.equals(key) && e.version == version
                && java.util.Arrays.equals(e.payload, payload);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * key.hashCode() + version) + java.util.Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return textHeader() + "<" + payload.length + " bytes>";
    }
}
