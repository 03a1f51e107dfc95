package org.citywall.detection.decode;

/**
 * Scans space-separated {@code key=value} text: values bare, {@code "double"} or {@code 'single'}
 * quoted (auditd, iptables, firewall exports). No escapes inside quotes (none of these formats
 * has them); an unterminated quote runs to the end. Tokens without {@code =} are flags
 * ({@code DF}, {@code SYN}). One pass, no regex, no backtracking.
 */
final class KeyValues {
    private KeyValues() {}

    interface Sink {
        void pair(String key, String value, boolean quoted);

        default void flag(String token) {}
    }

    static void scan(String s, int from, int to, Sink sink) {
        int i = from;
        while (i < to) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == 0x1D) { // 0x1D separates auditd's enriched part
                i++;
                continue;
            }
            int start = i;
            while (i < to && s.charAt(i) != '=' && s.charAt(i) != ' ' && s.charAt(i) != '\t') {
                i++;
            }
            if (i >= to || s.charAt(i) != '=') {
                sink.flag(s.substring(start, i));
                continue;
            }
            String key = s.substring(start, i);
            i++; // '='
            if (i < to && (s.charAt(i) == '"' || s.charAt(i) == '\'')) {
                char q = s.charAt(i);
                int close = s.indexOf(q, i + 1);
                if (close < 0 || close > to) {
                    close = to;
                }
                sink.pair(key, s.substring(i + 1, close), true);
                i = Math.min(close + 1, to);
            } else {
                int vs = i;
                while (i < to && s.charAt(i) != ' ' && s.charAt(i) != '\t' && s.charAt(i) != 0x1D) {
                    i++;
                }
                sink.pair(key, s.substring(vs, i), false);
            }
        }
    }

    /** Decodes even-length upper- or lower-case hex to bytes, or returns null when it is not hex. */
    static byte[] hex(String s) {
        int n = s.length();
        if (n == 0 || (n & 1) != 0) {
            return null;
        }
        byte[] out = new byte[n / 2];
        for (int i = 0; i < n; i += 2) {
            int hi = Character.digit(s.charAt(i), 16);
            int lo = Character.digit(s.charAt(i + 1), 16);
            if (hi < 0 || lo < 0) {
                return null;
            }
            out[i / 2] = (byte) (hi << 4 | lo);
        }
        return out;
    }
}
