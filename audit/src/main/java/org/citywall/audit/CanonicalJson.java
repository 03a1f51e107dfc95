package org.citywall.audit;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Canonical JSON: the one byte form of every audit record, so that the same record always
 * hashes to the same leaf. The rules are a strict subset of RFC 8785 (JSON Canonicalization
 * Scheme), so any JCS implementation reproduces the bytes:
 *
 * <ul>
 *   <li>UTF-8, no byte order mark, no whitespace between tokens, no trailing newline.
 *   <li>Object members sorted by key, comparing keys as sequences of UTF-16 code units
 *       ({@link String#compareTo}); keys are unique.
 *   <li>Strings: {@code "} and {@code \} are escaped as {@code \"} and {@code \\}; U+0008, U+0009,
 *       U+000A, U+000C, U+000D as {@code \b \t \n \f \r}; every other code point below U+0020 as
 *       {@code \}{@code u00xx} with lower-case hex; everything else, including {@code /}, U+007F and all
 *       non-ASCII, is written literally as UTF-8. Unpaired surrogates are refused (they have no
 *       UTF-8 form).
 *   <li>Numbers: integers only, in [-(2^53-1), 2^53-1], in shortest decimal form (no sign for
 *       positives, no leading zeros, no exponent). Fractions are refused, so no floating-point
 *       formatting question can arise; write such values as strings.
 *   <li>Literals {@code true}, {@code false}, {@code null}.
 * </ul>
 *
 * Because every control character is escaped, a canonical document never contains a raw
 * line feed, which is what lets segment files hold one record per line.
 */
final class CanonicalJson {

    static final long MAX_SAFE_INTEGER = (1L << 53) - 1;
    static final int MAX_DEPTH = 16;

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final BigInteger MAX_BIG = BigInteger.valueOf(MAX_SAFE_INTEGER);

    private byte[] buf;
    private int len;

    CanonicalJson(int capacity) {
        buf = new byte[capacity];
    }

    CanonicalJson() {
        this(512);
    }

    /** The canonical bytes of {@code value}. */
    static byte[] encode(Object value) {
        CanonicalJson w = new CanonicalJson();
        w.value(value, "$", 0);
        return w.toByteArray();
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    int length() {
        return len;
    }

    /** The internal buffer; bytes [0, length()) are the document. */
    byte[] buffer() {
        return buf;
    }

    void reset() {
        len = 0;
    }

    // ------------------------------------------------------------------ writing

    CanonicalJson raw(char c) {
        ensure(1);
        buf[len++] = (byte) c;
        return this;
    }

    /** Writes {@code "key":} — the caller is responsible for key order. */
    CanonicalJson key(String key) {
        string(key);
        return raw(':');
    }

    CanonicalJson number(long n) {
        if (n > MAX_SAFE_INTEGER || n < -MAX_SAFE_INTEGER) {
            throw new IllegalArgumentException("integer " + n + " is outside +-(2^53-1); write it as a string");
        }
        String s = Long.toString(n);
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf[len++] = (byte) s.charAt(i);
        }
        return this;
    }

    CanonicalJson string(String s) {
        ensure(s.length() * 3 + 2);
        buf[len++] = '"';
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x80) {
                if (c == '"' || c == '\\') {
                    ensure(2 + (s.length() - i) * 3);
                    buf[len++] = '\\';
                }
                buf[len++] = (byte) c;
            } else if (c < 0x20) {
                ensure(6 + (s.length() - i) * 3);
                buf[len++] = '\\';
                switch (c) {
                    case '\b' -> buf[len++] = 'b';
                    case '\t' -> buf[len++] = 't';
                    case '\n' -> buf[len++] = 'n';
                    case '\f' -> buf[len++] = 'f';
                    case '\r' -> buf[len++] = 'r';
                    default -> {
                        buf[len++] = 'u';
                        buf[len++] = '0';
                        buf[len++] = '0';
                        buf[len++] = HEX[c >> 4];
                        buf[len++] = HEX[c & 0xF];
                    }
                }
            } else if (c < 0x800) {
                buf[len++] = (byte) (0xC0 | (c >> 6));
                buf[len++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    throw new IllegalArgumentException("unpaired surrogate U+" + Integer.toHexString(c).toUpperCase()
                            + " at index " + i + " has no UTF-8 form");
                }
                int cp = Character.toCodePoint(c, s.charAt(++i));
                buf[len++] = (byte) (0xF0 | (cp >> 18));
                buf[len++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buf[len++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                buf[len++] = (byte) (0xE0 | (c >> 12));
                buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buf[len++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        buf[len++] = '"';
        return this;
    }

    /** Writes any supported value; {@code path} names where it sits, for error messages. */
    CanonicalJson value(Object v, String path, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException(path + ": nested deeper than " + MAX_DEPTH + " levels");
        }
        if (v == null) {
            return literal("null");
        } else if (v instanceof String s) {
            return string(s);
        } else if (v instanceof Boolean b) {
            return literal(b ? "true" : "false");
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return numberAt(((Number) v).longValue(), path);
        } else if (v instanceof BigInteger bi) {
            if (bi.abs().compareTo(MAX_BIG) > 0) {
                throw new IllegalArgumentException(path + ": integer " + bi + " is outside +-(2^53-1); write it as a string");
            }
            return number(bi.longValue());
        } else if (v instanceof Number n) {
            throw new IllegalArgumentException(path + ": " + n.getClass().getSimpleName() + " " + n
                    + " is not an integer; audit records hold integers only (write fractions as strings)");
        } else if (v instanceof Map<?, ?> m) {
            return object(m, path, depth);
        } else if (v instanceof List<?> l) {
            raw('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    raw(',');
                }
                value(l.get(i), path + "[" + i + "]", depth + 1);
            }
            return raw(']');
        }
        throw new IllegalArgumentException(path + ": a " + v.getClass().getSimpleName()
                + " cannot be written to an audit record (use string, integer, boolean, null, list or map)");
    }

    private CanonicalJson numberAt(long n, String path) {
        try {
            return number(n);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
        }
    }

    private CanonicalJson object(Map<?, ?> m, String path, int depth) {
        String[] keys = new String[m.size()];
        int i = 0;
        for (Object k : m.keySet()) {
            if (!(k instanceof String s)) {
                throw new IllegalArgumentException(path + ": object keys must be strings, found " + k);
            }
            keys[i++] = s;
        }
        Arrays.sort(keys);
        raw('{');
        for (int j = 0; j < keys.length; j++) {
            if (j > 0) {
                raw(',');
            }
            key(keys[j]);
            value(m.get(keys[j]), path + "." + keys[j], depth + 1);
        }
        return raw('}');
    }

    private CanonicalJson literal(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf[len++] = (byte) s.charAt(i);
        }
        return this;
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }
}
