package org.citywall.detection.decode;

/**
 * BSD syslog (RFC 3164) as devices really send it: {@code [<PRI>][TIMESTAMP] [HOSTNAME] [TAG[PID]:] MSG}.
 *
 * <p>Lenient mode never rejects: PRI, timestamp, hostname and tag are each optional (lines read
 * from files have no PRI; Cisco ASA sends no timestamp and no hostname; many daemons send no
 * hostname). Strict mode requires PRI, a timestamp and a hostname and reports the first missing or
 * malformed part with its column. Vendor quirks understood: Cisco IOS sequence numbers
 * ({@code 1250: }) and clock markers ({@code *Mar  1 ...}), a colon after the timestamp,
 * {@code %FAC-SEV-MNEMONIC:} message codes (Cisco, Huawei, H3C) which become the vendor code, and
 * Cisco ASA's {@code device-id : } separator.
 *
 * <p>The hostname is told apart from the tag by shape: a token that ends with {@code :} (or
 * {@code [pid]:}) is a tag; when a timestamp was present the token after it is the hostname (as
 * RFC 3164 places it); without a timestamp a first token counts as a hostname only when a tag
 * follows it.
 */
final class Rfc3164Parser {

    static final String CODEC = "rfc3164";

    static final String PRI = "pri";
    static final String TIMESTAMP = "timestamp";
    static final String HOSTNAME = "hostname";

    private static final int MAX_TAG = 64;
    private static final int MAX_HOSTNAME = 255;

    private final Timestamps timestamps;

    Rfc3164Parser(Timestamps timestamps) {
        this.timestamps = timestamps;
    }

    void parse(String s, boolean strict, long receivedAtMillis, SyslogMessage out) throws DecodeException {
        int n = trimmedLength(s);
        int i = pri(s, n, strict, out);

        int afterSequence = ciscoSequence(s, i, n);
        if (afterSequence > i) {
            i = afterSequence;
        }

        int t = timestamps.iso(s, i, false);
        if (t < 0) {
            t = timestamps.bsd(s, i, receivedAtMillis);
        }
        boolean hasTimestamp = t >= 0;
        if (hasTimestamp) {
            out.timestamp = timestamps.instant;
            out.timezone = timestamps.zone;
            i = t;
            if (i < n && s.charAt(i) == ':') {
                i++; // Cisco: "*Mar  1 18:46:11.123: %SYS-..."
            }
            if (i < n && s.charAt(i) != ' ') {
                if (strict) {
                    throw error(TIMESTAMP, i, "a space after the timestamp");
                }
            }
            i = skipSpaces(s, i, n);
        } else if (strict) {
            throw error(TIMESTAMP, i, "a timestamp (MMM dd HH:mm:ss or RFC 3339)");
        }

        int tokenEnd = tokenEnd(s, i, n);
        if (i < n && s.charAt(i) != '%' && !isTag(s, i, tokenEnd)) {
            int next = skipSpaces(s, tokenEnd, n);
            int nextEnd = tokenEnd(s, next, n);
            boolean asaSeparator = nextEnd - next == 1 && s.charAt(next) == ':';
            boolean hostFollowedByTag = next < n && (asaSeparator || s.charAt(next) == '%' || isTag(s, next, nextEnd));
            if ((hasTimestamp || hostFollowedByTag) && isHostname(s, i, tokenEnd)) {
                out.hostname = s.substring(i, tokenEnd);
                i = asaSeparator ? skipSpaces(s, nextEnd, n) : next;
                tokenEnd = tokenEnd(s, i, n);
            }
        }
        if (strict && out.hostname == null) {
            throw error(HOSTNAME, i, "a hostname");
        }

        if (i < n && s.charAt(i) == '%') {
            i = vendorCode(s, i, n, out);
        } else if (isTag(s, i, tokenEnd)) {
            tag(s, i, tokenEnd, out);
            i = tokenEnd < n ? tokenEnd + 1 : tokenEnd;
        }
        if (i < n) {
            out.message = s.substring(i, n);
        }
    }

    private int pri(String s, int n, boolean strict, SyslogMessage out) throws DecodeException {
        if (n > 0 && s.charAt(0) == '<') {
            int i = 1;
            int v = 0;
            while (i < n && i <= 4 && Timestamps.isDigit(s.charAt(i))) {
                v = v * 10 + (s.charAt(i) - '0');
                i++;
            }
            if (i > 1 && i < n && s.charAt(i) == '>' && v <= 191) {
                out.priority = v;
                return i + 1;
            }
            if (strict) {
                throw error(PRI, i, "a priority value from 0 to 191 within angle brackets");
            }
            return 0;
        }
        if (strict) {
            throw error(PRI, 0, "a priority within angle brackets");
        }
        return 0;
    }

    /** Cisco IOS "service sequence-numbers": digits and ": " before the timestamp. */
    private static int ciscoSequence(String s, int i, int n) {
        int j = i;
        while (j < n && j - i < 10 && Timestamps.isDigit(s.charAt(j))) {
            j++;
        }
        if (j > i && j + 2 < n && s.charAt(j) == ':' && s.charAt(j + 1) == ' ') {
            char c = s.charAt(j + 2);
            if (c == '*' || c == '.' || Timestamps.month(s, j + 2) > 0) {
                return j + 2;
            }
        }
        return i;
    }

    /** A %FACILITY-SEVERITY-MNEMONIC: code; returns where the message text starts. */
    private static int vendorCode(String s, int i, int n, SyslogMessage out) {
        int start = i;
        while (start < n && s.charAt(start) == '%') {
            start++;
        }
        int colon = start;
        while (colon < n && colon - start <= MAX_TAG && s.charAt(colon) != ':' && s.charAt(colon) != ' ') {
            colon++;
        }
        if (colon < n && s.charAt(colon) == ':' && colon > start) {
            out.vendorCode = s.substring(start, colon);
            int j = colon + 1;
            return j < n && s.charAt(j) == ' ' ? j + 1 : j;
        }
        return i;
    }

    private static void tag(String s, int i, int tokenEnd, SyslogMessage out) {
        int colon = tokenEnd - 1; // isTag guarantees the token ends with ':'
        int bracket = s.indexOf('[', i);
        if (bracket > i && bracket < colon && s.charAt(colon - 1) == ']') {
            out.appname = s.substring(i, bracket);
            if (colon - 1 > bracket + 1) {
                out.procid = s.substring(bracket + 1, colon - 1);
            }
        } else {
            out.appname = s.substring(i, colon);
        }
    }

    /** name[pid]: or name: where name has no spaces, brackets or colons. */
    static boolean isTag(String s, int from, int to) {
        if (to - from < 2 || to - from > MAX_TAG || s.charAt(to - 1) != ':') {
            return false;
        }
        int end = to - 1;
        if (s.charAt(end - 1) == ']') {
            int open = s.lastIndexOf('[', end - 1);
            if (open <= from) {
                return false;
            }
            for (int k = open + 1; k < end - 1; k++) {
                char c = s.charAt(k);
                if (c == '[' || c == ']') {
                    return false;
                }
            }
            end = open;
        }
        for (int k = from; k < end; k++) {
            char c = s.charAt(k);
            if (c == '[' || c == ']' || c == ':' || c <= ' ') {
                return false;
            }
        }
        return end > from;
    }

    private static boolean isHostname(String s, int from, int to) {
        if (to <= from || to - from > MAX_HOSTNAME) {
            return false;
        }
        for (int k = from; k < to; k++) {
            char c = s.charAt(k);
            if (c <= ' ' || c > '~' || c == '[' || c == ']' || c == '=' || c == '"') {
                return false;
            }
        }
        return true;
    }

    private static int tokenEnd(String s, int i, int n) {
        int j = i;
        while (j < n && s.charAt(j) != ' ') {
            j++;
        }
        return j;
    }

    private static int skipSpaces(String s, int i, int n) {
        while (i < n && s.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static int trimmedLength(String s) {
        int n = s.length();
        while (n > 0 && (s.charAt(n - 1) == '\n' || s.charAt(n - 1) == '\r' || s.charAt(n - 1) == 0)) {
            n--;
        }
        return n;
    }

    private static DecodeException error(String kind, int column, String expected) {
        return new DecodeException(CODEC, kind, column, "expecting " + expected + " at column " + column);
    }
}
