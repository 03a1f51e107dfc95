package org.citywall.detection.decode;

/**
 * Recognises the format of one event from its first bytes, for {@link Format#AUTO}. Costs a few
 * byte comparisons (a scan of the line only for the firewall shapes); the chosen codec then reads
 * the event, and for the shapes recognised by a weak signal (access log, firewall, flow log, BSD
 * syslog without PRI) a codec that cannot read the line leaves it as unrecognised plain text.
 */
final class FormatSniffer {
    private FormatSniffer() {}

    static Format sniff(byte[] b) {
        int i = 0;
        int n = b.length;
        if (n >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) {
            i = 3; // a UTF-8 BOM before JSON or plain lines
        }
        while (i < n && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        if (i >= n) {
            return Format.PLAIN;
        }
        byte c = b[i];
        if (c == '<') {
            return syslogVersion(b, i) ? Format.RFC5424 : Format.RFC3164;
        }
        if (c == '{') {
            return Format.JSON;
        }
        if (startsWith(b, i, "CEF:")) {
            return Format.CEF;
        }
        if (startsWith(b, i, "type=") || startsWith(b, i, "node=")) {
            return Format.AUDITD;
        }
        if (isMonthStart(b, i) || isIsoDateStart(b, i)) {
            return Format.RFC3164; // a syslog line from a file, without PRI
        }
        if (c == '2' && i + 1 < n && b[i + 1] == ' ' && countSpaces(b, i) == 13) {
            return Format.VPCFLOW;
        }
        if (looksLikeAccessLog(b, i)) {
            return Format.NGINX;
        }
        if (indexOf(b, i, "SRC=") >= 0 && indexOf(b, i, "DST=") >= 0) {
            return Format.FIREWALL;
        }
        if (KeyValueFirewallParser.looksLikeConnectionRecord(b, i)) {
            return Format.FIREWALL;
        }
        return Format.PLAIN;
    }

    /** {@code <PRI>} followed by a 1-3 digit version and a space: RFC 5424. */
    static boolean syslogVersion(byte[] b, int i) {
        int n = b.length;
        int j = i + 1;
        while (j < n && j - i <= 4 && b[j] >= '0' && b[j] <= '9') {
            j++;
        }
        if (j >= n || b[j] != '>') {
            return false;
        }
        int v = j + 1;
        int k = v;
        while (k < n && k - v < 3 && b[k] >= '0' && b[k] <= '9') {
            k++;
        }
        return k > v && b[v] != '0' && k < n && b[k] == ' ';
    }

    private static boolean isMonthStart(byte[] b, int i) {
        if (i < b.length && (b[i] == '*' || b[i] == '.')) {
            i++;
        }
        if (i + 4 > b.length || b[i + 3] != ' ') {
            return false;
        }
        return Timestamps.month(new String(b, i, 3, java.nio.charset.StandardCharsets.ISO_8859_1), 0) > 0;
    }

    private static boolean isIsoDateStart(byte[] b, int i) {
        return i + 11 <= b.length && isDigit(b[i]) && isDigit(b[i + 1]) && isDigit(b[i + 2]) && isDigit(b[i + 3])
                && b[i + 4] == '-' && isDigit(b[i + 5]) && isDigit(b[i + 6]) && b[i + 7] == '-' && isDigit(b[i + 8])
                && isDigit(b[i + 9]) && b[i + 10] == 'T';
    }

    /** {@code host ident user [time] "} — the start every common/combined access log line shares. */
    private static boolean looksLikeAccessLog(byte[] b, int i) {
        int n = b.length;
        int spaces = 0;
        int j = i;
        while (j < n && spaces < 3) {
            if (b[j] == ' ') {
                spaces++;
            } else if (b[j] == '"' || b[j] == '[') {
                return false;
            }
            j++;
        }
        return spaces == 3 && j < n && b[j] == '[';
    }

    private static int countSpaces(byte[] b, int i) {
        int count = 0;
        for (int j = i; j < b.length; j++) {
            if (b[j] == ' ') {
                count++;
            } else if (b[j] == '\n' || b[j] == '\r') {
                break;
            }
        }
        return count;
    }

    static boolean startsWith(byte[] b, int i, String prefix) {
        if (i + prefix.length() > b.length) {
            return false;
        }
        for (int k = 0; k < prefix.length(); k++) {
            if (b[i + k] != prefix.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    static int indexOf(byte[] b, int from, String needle) {
        int last = b.length - needle.length();
        byte first = (byte) needle.charAt(0);
        outer:
        for (int i = from; i <= last; i++) {
            if (b[i] != first) {
                continue;
            }
            for (int k = 1; k < needle.length(); k++) {
                if (b[i + k] != needle.charAt(k)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }
}
