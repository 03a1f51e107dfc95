package org.citywall.detection.decode;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A strict RFC 5424 parser working on bytes, so error columns are byte offsets.
 *
 * <p>Error kinds and columns follow the grammar of RFC 5424 section 6 read as a state machine: the
 * column is the first byte that no valid message could have there. Inside HOSTNAME, APP-NAME,
 * PROCID and MSGID, a bad byte right after the field (where a space belongs) is reported against
 * that field; after VERSION, TIMESTAMP and STRUCTURED-DATA it is a {@code parse} error.
 *
 * <p>Deliberate readings of the RFC: SD-PARAM values are unescaped ({@code \"}, {@code \\},
 * {@code \]}); any other backslash sequence, and an unescaped {@code ]}, are {@code escape}
 * errors. A repeated SD-PARAM keeps every value (as a list). A message that starts with a BOM must
 * be well-formed UTF-8 ({@code msg_not_utf8}); without a BOM it may be any octets, which are read as
 * UTF-8 when well-formed and in the fallback charset otherwise. The BOM is not part of
 * {@code message}. Trailing CR, LF and NUL bytes are not part of {@code message} either.
 *
 * <p>Not thread-safe (reuses a scratch buffer); one instance per decoder.
 */
final class Rfc5424Parser {

    static final String CODEC = "rfc5424";

    static final String PRI = "pri";
    static final String PRIVAL = "prival";
    static final String VERSION = "version";
    static final String TIMESTAMP = "timestamp";
    static final String HOSTNAME = "hostname";
    static final String APPNAME = "appname";
    static final String PROCID = "procid";
    static final String MSGID = "msgid";
    static final String STRUCTURED_DATA = "structured_data";
    static final String SD_ID = "sd_id";
    static final String SD_ID_DUPLICATE = "sd_id_duplicate";
    static final String SD_PARAM = "sd_param";
    static final String ESCAPE = "escape";
    static final String MSG_NOT_UTF8 = "msg_not_utf8";
    static final String PARSE = "parse";

    private byte[] b;
    private int end;
    private int p;
    private byte[] scratch = new byte[128];

    /**
     * Parses {@code bytes} into {@code out}.
     *
     * @throws DecodeException at the first byte that breaks the grammar; {@code out} then holds the
     *     fields read before it
     */
    void parse(byte[] bytes, Charset fallback, SyslogMessage out) throws DecodeException {
        b = bytes;
        end = bytes.length;
        p = 0;
        try {
            out.priority = pri();
            out.version = version();
            timestamp(out);
            out.hostname = headerField(HOSTNAME, 255, "a hostname (1 to 255 printable US-ASCII characters) or '-'");
            out.appname = headerField(APPNAME, 48, "an app-name (1 to 48 printable US-ASCII characters) or '-'");
            out.procid = headerField(PROCID, 128, "a procid (1 to 128 printable US-ASCII characters) or '-'");
            out.msgid = headerField(MSGID, 32, "a msgid (1 to 32 printable US-ASCII characters) or '-'");
            structuredData(out);
            message(out, fallback);
        } finally {
            b = null;
        }
    }

    private DecodeException error(String kind, int column, String expected) {
        return new DecodeException(CODEC, kind, column, "expecting " + expected + " at column " + column);
    }

    private int pri() throws DecodeException {
        if (p >= end || b[p] != '<') {
            throw error(PRI, p, "a priority within angle brackets");
        }
        p++;
        String expected = "a priority value from 0 to 191";
        if (p >= end || !isDigit(b[p])) {
            throw error(PRIVAL, p, expected);
        }
        int value;
        if (b[p] == '0') {
            value = 0;
            p++;
        } else {
            value = b[p++] - '0';
            for (int digits = 1; p < end && isDigit(b[p]); digits++, p++) {
                value = value * 10 + (b[p] - '0');
                if (digits == 3 || value > 191) {
                    throw error(PRIVAL, p, expected);
                }
            }
        }
        if (p >= end || b[p] != '>') {
            throw error(PRIVAL, p, expected);
        }
        p++;
        return value;
    }

    private int version() throws DecodeException {
        String expected = "a version from 1 to 999";
        if (p >= end || b[p] < '1' || b[p] > '9') {
            throw error(VERSION, p, expected);
        }
        int value = b[p++] - '0';
        for (int digits = 1; p < end && isDigit(b[p]); digits++, p++) {
            if (digits == 3) {
                throw error(VERSION, p, expected);
            }
            value = value * 10 + (b[p] - '0');
        }
        return value;
    }

    /** After a complete VERSION, TIMESTAMP or STRUCTURED-DATA only a space (or, late, the end) may follow. */
    private void space() throws DecodeException {
        if (p >= end || b[p] != ' ') {
            throw error(PARSE, p, "a space");
        }
        p++;
    }

    private void timestamp(SyslogMessage out) throws DecodeException {
        space();
        String expected = "an RFC 3339 timestamp with at most microseconds, or '-'";
        if (p < end && b[p] == '-') {
            p++;
            space();
            return;
        }
        int year = digits(4, expected);
        literal('-', expected);
        int month = twoDigits('0', '1', expected, '1', '9', '0', '2');
        literal('-', expected);
        int day = day(expected);
        literal('T', expected);
        int hour = twoDigits('0', '2', expected, '0', '9', '0', '3');
        literal(':', expected);
        int minute = sexagesimal(expected);
        literal(':', expected);
        int second = sexagesimal(expected);
        int nanos = 0;
        if (p < end && b[p] == '.') {
            p++;
            int n = 0;
            int scale = 100_000_000;
            while (p < end && isDigit(b[p])) {
                if (n == 6) {
                    throw error(TIMESTAMP, p, expected);
                }
                nanos += (b[p] - '0') * scale;
                scale /= 10;
                n++;
                p++;
            }
            if (n == 0) {
                throw error(TIMESTAMP, p, expected);
            }
        }
        int offsetSeconds;
        String zone;
        if (p < end && b[p] == 'Z') {
            p++;
            offsetSeconds = 0;
            zone = "Z";
        } else if (p < end && (b[p] == '+' || b[p] == '-')) {
            int sign = b[p] == '-' ? -1 : 1;
            int zoneStart = p;
            p++;
            int h = twoDigits('0', '2', expected, '0', '9', '0', '3');
            literal(':', expected);
            int m = sexagesimal(expected);
            // RFC 3339 allows offsets up to 23:59, beyond java.time.ZoneOffset's 18:00: apply it by hand
            offsetSeconds = sign * (h * 3600 + m * 60);
            zone = new String(b, zoneStart, p - zoneStart, StandardCharsets.ISO_8859_1);
        } else {
            throw error(TIMESTAMP, p, expected);
        }
        try {
            long local = LocalDateTime.of(year, month, day, hour, minute, second).toEpochSecond(ZoneOffset.UTC);
            out.timestamp = Instant.ofEpochSecond(local - offsetSeconds, nanos);
            out.timezone = zone;
        } catch (DateTimeException e) {
            throw new DecodeException(CODEC, TIMESTAMP, p, "no such date: " + year + "-" + month + "-" + day + " at column " + p);
        }
        space();
    }

    private int digits(int count, String expected) throws DecodeException {
        int v = 0;
        for (int i = 0; i < count; i++) {
            if (p >= end || !isDigit(b[p])) {
                throw error(TIMESTAMP, p, expected);
            }
            v = v * 10 + (b[p++] - '0');
        }
        return v;
    }

    private void literal(char c, String expected) throws DecodeException {
        if (p >= end || b[p] != c) {
            throw error(TIMESTAMP, p, expected);
        }
        p++;
    }

    /**
     * Two digits where the first lies in [firstLo, firstHi]; when the first is firstLo the second lies
     * in [lowLo, lowHi], when it is firstHi in [highLo, highHi], otherwise it is any digit.
     */
    private int twoDigits(char firstLo, char firstHi, String expected, char lowLo, char lowHi, char highLo, char highHi)
            throws DecodeException {
        if (p >= end || b[p] < firstLo || b[p] > firstHi) {
            throw error(TIMESTAMP, p, expected);
        }
        int first = b[p++];
        char lo = first == firstLo ? lowLo : first == firstHi ? highLo : '0';
        char hi = first == firstLo ? lowHi : first == firstHi ? highHi : '9';
        if (p >= end || b[p] < lo || b[p] > hi) {
            throw error(TIMESTAMP, p, expected);
        }
        return (first - '0') * 10 + (b[p++] - '0');
    }

    private int day(String expected) throws DecodeException {
        if (p >= end || b[p] < '0' || b[p] > '3') {
            throw error(TIMESTAMP, p, expected);
        }
        int first = b[p++];
        char lo = first == '0' ? '1' : '0';
        char hi = first == '3' ? '1' : '9';
        if (p >= end || b[p] < lo || b[p] > hi) {
            throw error(TIMESTAMP, p, expected);
        }
        return (first - '0') * 10 + (b[p++] - '0');
    }

    private int sexagesimal(String expected) throws DecodeException {
        return twoDigits('0', '5', expected, '0', '9', '0', '9');
    }

    /** HOSTNAME, APP-NAME, PROCID or MSGID and the space after it; null for the nil value. */
    private String headerField(String kind, int max, String expected) throws DecodeException {
        int start = p;
        while (p < end && isPrintUsAscii(b[p])) {
            if (p - start == max) {
                throw error(kind, p, expected);
            }
            p++;
        }
        if (p == start || p >= end || b[p] != ' ') {
            throw error(kind, p, expected);
        }
        String value = p - start == 1 && b[start] == '-' ? null : ascii(start, p);
        p++;
        return value;
    }

    private void structuredData(SyslogMessage out) throws DecodeException {
        if (p < end && b[p] == '-') {
            p++;
            return;
        }
        if (p >= end || b[p] != '[') {
            throw error(STRUCTURED_DATA, p, "structured data ('[' or '-')");
        }
        while (p < end && b[p] == '[') {
            element(out);
        }
    }

    private void element(SyslogMessage out) throws DecodeException {
        p++; // '['
        String id = sdName(SD_ID, "an SD-ID (1 to 32 printable US-ASCII characters except '=', ' ', ']' and '\"')");
        if (out.structuredData != null && out.structuredData.containsKey(id)) {
            throw new DecodeException(CODEC, SD_ID_DUPLICATE, p, "SD-ID " + id + " appears twice (ends at column " + p + ")");
        }
        Map<String, Object> params = out.addElement(id);
        boolean afterParam = false;
        while (true) {
            if (p < end && b[p] == ']') {
                p++;
                return;
            }
            if (p >= end || b[p] != ' ') {
                throw afterParam
                        ? error(SD_PARAM, p, "' ' or ']' after an SD-PARAM")
                        : error(SD_ID, p, "' ' or ']' after the SD-ID");
            }
            p++;
            param(params);
            afterParam = true;
        }
    }

    private void param(Map<String, Object> params) throws DecodeException {
        String expected = "an SD-PARAM (name=\"value\")";
        String name = sdName(SD_PARAM, expected);
        if (p >= end || b[p] != '=') {
            throw error(SD_PARAM, p, expected);
        }
        p++;
        if (p >= end || b[p] != '"') {
            throw error(SD_PARAM, p, expected);
        }
        p++;
        int start = p;
        int len = 0;
        boolean escaped = false;
        while (true) {
            if (p >= end) {
                throw error(SD_PARAM, p, "a closing '\"'");
            }
            byte c = b[p];
            if (c == '"') {
                break;
            }
            if (c == ']') {
                throw error(ESCAPE, p, "']' to be escaped as '\\]'");
            }
            if (c == '\\') {
                if (p + 1 >= end || (b[p + 1] != '"' && b[p + 1] != ']' && b[p + 1] != '\\')) {
                    throw error(ESCAPE, p + 1, "'\"', ']' or '\\' after '\\'");
                }
                if (!escaped) {
                    escaped = true;
                    len = p - start;
                    ensureScratch(len + (end - p));
                    System.arraycopy(b, start, scratch, 0, len);
                }
                p++;
                c = b[p];
            }
            if (escaped) {
                scratch[len++] = c;
            }
            p++;
        }
        // escapes are ASCII, so the raw bytes are well-formed exactly when the unescaped ones are
        int invalid = Utf8.firstInvalid(b, start, p);
        if (invalid >= 0) {
            throw error(SD_PARAM, invalid, "a UTF-8 param value");
        }
        String value = escaped
                ? new String(scratch, 0, len, StandardCharsets.UTF_8)
                : new String(b, start, p - start, StandardCharsets.UTF_8);
        p++; // closing quote
        addParam(params, name, value);
    }

    @SuppressWarnings("unchecked")
    private static void addParam(Map<String, Object> params, String name, String value) {
        Object existing = params.putIfAbsent(name, value);
        if (existing instanceof List<?> l) {
            ((List<Object>) l).add(value);
        } else if (existing != null) {
            List<Object> values = new ArrayList<>(2);
            values.add(existing);
            values.add(value);
            params.put(name, values);
        }
    }

    private String sdName(String kind, String expected) throws DecodeException {
        int start = p;
        while (p < end && isSdNameChar(b[p])) {
            if (p - start == 32) {
                throw error(kind, p, expected);
            }
            p++;
        }
        if (p == start) {
            throw error(kind, p, expected);
        }
        return ascii(start, p);
    }

    private void message(SyslogMessage out, Charset fallback) throws DecodeException {
        if (p >= end) {
            return;
        }
        space();
        int start = p;
        int stop = end;
        while (stop > start && (b[stop - 1] == '\n' || b[stop - 1] == '\r' || b[stop - 1] == 0)) {
            stop--;
        }
        boolean bom = stop - start >= 3 && (b[start] & 0xFF) == 0xEF && (b[start + 1] & 0xFF) == 0xBB
                && (b[start + 2] & 0xFF) == 0xBF;
        if (bom) {
            start += 3;
            int invalid = Utf8.firstInvalid(b, start, end);
            if (invalid >= 0) {
                throw error(MSG_NOT_UTF8, invalid, "UTF-8 after the BOM");
            }
        }
        if (stop > start) {
            out.message = Text.decode(b, start, stop, fallback);
        }
    }

    private void ensureScratch(int n) {
        if (scratch.length < n) {
            scratch = new byte[Math.max(n, scratch.length * 2)];
        }
    }

    private String ascii(int from, int to) {
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isPrintUsAscii(byte c) {
        return c >= '!' && c <= '~';
    }

    private static boolean isSdNameChar(byte c) {
        return c >= '!' && c <= '~' && c != '=' && c != ']' && c != '"';
    }
}
