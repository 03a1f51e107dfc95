package org.citywall.detection.decode;

/**
 * Scans {@code key=value} text: values bare, {@code "double"} or {@code 'single'} quoted (auditd,
 * iptables, firewall exports). No escapes inside quotes (none of these formats has them); an
 * unterminated quote runs to the end. Tokens without {@code =} are flags ({@code DF}, {@code SYN}).
 * Pairs are separated by blanks, or by commas or semicolons (network devices:
 * {@code SourceIP=10.1.1.5,DestinationIP=...}, {@code SrcIPAddr(1003)=10.1.1.1;SrcPort(1004)=22;});
 * {@link #separator} tells which. One pass each, no regex, no backtracking.
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

    /**
     * The separator of the pairs in {@code s[from, to)}: {@code ','} or {@code ';'} when more keys
     * follow that character (blanks after it allowed) than follow a bare blank, else {@code ' '}.
     * Counting per record, not trusting the first pair, keeps a comma inside one value or a blank
     * after each comma ({@code Task=VT0, Ip=10.1.1.1}) from changing the answer. No allocation.
     */
    static char separator(String s, int from, int to) {
        int blank = 0;
        int comma = 0;
        int semicolon = 0;
        for (int i = from; i < to; i++) {
            if (s.charAt(i) != '=') {
                continue;
            }
            int k = i;
            while (k > from && isKeyChar(s.charAt(k - 1))) {
                k--;
            }
            if (k == i || k == from) {
                continue; // no key, or the record's first key: nothing precedes it
            }
            int j = k - 1;
            while (j > from && (s.charAt(j) == ' ' || s.charAt(j) == '\t')) {
                j--;
            }
            char c = s.charAt(j);
            if (c == ',') {
                comma++;
            } else if (c == ';') {
                semicolon++;
            } else if (j < k - 1) {
                blank++;
            }
        }
        if (comma > blank && comma >= semicolon) {
            return ',';
        }
        return semicolon > blank && semicolon > comma ? ';' : ' ';
    }

    private static boolean isKeyChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'
                || c == '.' || c == '(' || c == ')';
    }

    /** Scans with the separator {@link #separator} chooses. */
    static void scanAny(String s, int from, int to, Sink sink) {
        char sep = separator(s, from, to);
        if (sep == ' ') {
            scan(s, from, to, sink);
        } else {
            scan(s, from, to, sep, sink);
        }
    }

    /**
     * Scans pairs separated by {@code sep} (a comma or semicolon), blanks around keys and values
     * trimmed. A key's numeric field code ({@code SrcIPAddr(1003)}, H3C) is dropped. A piece
     * without {@code =} continues the previous unquoted value (an unquoted comma inside a reason
     * text), or is a flag when nothing precedes it.
     */
    static void scan(String s, int from, int to, char sep, Sink sink) {
        String key = null;
        int vs = 0;
        int ve = 0;
        boolean quoted = false;
        int i = from;
        while (i < to) {
            int start = skipBlanks(s, i, to);
            int eq = start;
            while (eq < to && s.charAt(eq) != '=' && s.charAt(eq) != sep) {
                eq++;
            }
            if (eq >= to || s.charAt(eq) == sep) {
                int end = trimEnd(s, start, eq);
                if (key != null && !quoted) {
                    ve = end > start ? end : ve; // the separator and this piece belong to the value
                } else if (end > start) {
                    sink.flag(s.substring(start, end));
                }
                i = eq + 1;
                continue;
            }
            if (key != null) {
                sink.pair(key, s.substring(vs, ve), quoted);
            }
            key = fieldName(s, start, trimEnd(s, start, eq));
            int v = skipBlanks(s, eq + 1, to);
            if (v < to && (s.charAt(v) == '"' || s.charAt(v) == '\'')) {
                int close = s.indexOf(s.charAt(v), v + 1);
                if (close < 0 || close > to) {
                    close = to;
                }
                quoted = true;
                vs = v + 1;
                ve = close;
                int next = close;
                while (next < to && s.charAt(next) != sep) {
                    next++;
                }
                i = next + 1;
            } else {
                quoted = false;
                int end = v;
                while (end < to && s.charAt(end) != sep) {
                    end++;
                }
                vs = v;
                ve = Math.max(v, trimEnd(s, v, end));
                i = end + 1;
            }
        }
        if (key != null) {
            sink.pair(key, s.substring(vs, ve), quoted);
        }
    }

    /** The key without a trailing {@code (digits)} field code. */
    private static String fieldName(String s, int start, int end) {
        if (end - start > 3 && s.charAt(end - 1) == ')') {
            int open = end - 2;
            while (open > start && s.charAt(open) >= '0' && s.charAt(open) <= '9') {
                open--;
            }
            if (open > start && open < end - 2 && s.charAt(open) == '(') {
                return s.substring(start, open);
            }
        }
        return s.substring(start, end);
    }

    private static int skipBlanks(String s, int i, int to) {
        while (i < to && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static int trimEnd(String s, int start, int end) {
        while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        return end;
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
