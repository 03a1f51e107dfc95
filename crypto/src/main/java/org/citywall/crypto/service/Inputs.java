package org.citywall.crypto.service;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.citywall.crypto.Envelope;
import org.citywall.crypto.KeyType;

/** Decoding of request fields with the service's size limit: base64, PEM, envelopes, enum names. */
final class Inputs {

    private final int maxPayload;

    Inputs(int maxPayload) {
        this.maxPayload = maxPayload;
    }

    Envelope envelope(String field, String text) {
        if (text == null) {
            throw new ServiceException(ErrorCode.INVALID_REQUEST, field + " is required");
        }
        if (text.length() > maxBase64() + 200) {
            throw new ServiceException(ErrorCode.PAYLOAD_TOO_LARGE, field + " is larger than " + maxPayload + " bytes");
        }
        return Envelope.parse(text); // MALFORMED_ENVELOPE: decryption maps it to decryption_failed
    }

    private int maxBase64() {
        return (maxPayload + 2) / 3 * 4;
    }

    byte[] bytes(String field, String b64) {
        if (b64 == null) {
            throw new ServiceException(ErrorCode.INVALID_REQUEST, field + " is required");
        }
        return decode(field, b64);
    }

    byte[] optionalBytes(String field, String b64) {
        return b64 == null ? null : decode(field, b64);
    }

    private byte[] decode(String field, String b64) {
        if (b64.length() > maxBase64()) {
            throw new ServiceException(ErrorCode.PAYLOAD_TOO_LARGE, field + " is larger than " + maxPayload + " bytes");
        }
        try {
            return Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw new ServiceException(ErrorCode.MALFORMED_BASE64, field + " is not valid base64");
        }
    }

    /**
     * An SM2 signer identity as its UTF-8 bytes, or null for the default. Strings that are not
     * valid Unicode (a lone surrogate) are refused rather than silently altered.
     */
    static byte[] userId(String id, int maxBytes) {
        if (id == null) {
            return null;
        }
        byte[] b;
        try {
            java.nio.ByteBuffer bb = StandardCharsets.UTF_8.newEncoder().encode(java.nio.CharBuffer.wrap(id));
            b = java.util.Arrays.copyOf(bb.array(), bb.limit());
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ServiceException(ErrorCode.INVALID_REQUEST, "userId is not valid Unicode text");
        }
        if (b.length == 0 || b.length > maxBytes) {
            throw new ServiceException(ErrorCode.INVALID_REQUEST, "userId must be 1 to " + maxBytes + " bytes of UTF-8");
        }
        return b;
    }

    byte[] pemOrBase64(String field, String value) {
        if (value == null) {
            throw new ServiceException(ErrorCode.INVALID_REQUEST, field + " is required");
        }
        if (value.contains("-----BEGIN ")) {
            if (value.length() > maxBase64() + 200) {
                throw new ServiceException(ErrorCode.PAYLOAD_TOO_LARGE, field + " is larger than " + maxPayload + " bytes");
            }
            return value.getBytes(StandardCharsets.US_ASCII);
        }
        return decode(field, value);
    }

    static KeyType keyType(String name) {
        return enumValue(KeyType.class, name, "type");
    }

    static <E extends Enum<E>> E enumValue(Class<E> type, String name, String field) {
        try {
            return Enum.valueOf(type, name == null ? "" : name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ServiceException(ErrorCode.INVALID_REQUEST, field + " must be one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    static <T> List<T> nz(List<T> l) {
        return l == null ? List.of() : l;
    }

    static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
