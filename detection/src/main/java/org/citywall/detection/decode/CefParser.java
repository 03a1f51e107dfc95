package org.citywall.detection.decode;

import java.util.Map;
import org.citywall.event.Ecs;
import org.citywall.event.Event;

/**
 * ArcSight Common Event Format:
 * {@code CEF:Version|Device Vendor|Device Product|Device Version|Signature ID|Name|Severity|Extension}.
 *
 * <p>Header fields unescape {@code \|} and {@code \\}. Extension values run to the space before
 * the next {@code key=}; they unescape {@code \=}, {@code \\}, {@code \n}, {@code \r} (and a
 * stray {@code \|}). An {@code =} whose left side is not a plain key (a URL query, say) stays in
 * the value, as real devices forget to escape it. Every extension key stays under
 * {@code cef.<key>}; the usual ones are mapped to ECS as well.
 */
final class CefParser {

    static final String CODEC = "cef";

    /** CEF extension key → ECS field, where the meaning is the same. */
    private static final Map<String, String> ECS = Map.ofEntries(
            Map.entry("src", Ecs.SOURCE_IP), Map.entry("dst", Ecs.DESTINATION_IP),
            Map.entry("spt", Ecs.SOURCE_PORT), Map.entry("dpt", Ecs.DESTINATION_PORT),
            Map.entry("smac", "source.mac"), Map.entry("dmac", "destination.mac"),
            Map.entry("shost", "source.domain"), Map.entry("dhost", "destination.domain"),
            Map.entry("suser", Ecs.USER_NAME), Map.entry("duser", "destination.user.name"),
            Map.entry("act", Ecs.EVENT_ACTION), Map.entry("app", "network.protocol"),
            Map.entry("request", "url.original"), Map.entry("requestMethod", "http.request.method"),
            Map.entry("requestClientApplication", "user_agent.original"),
            Map.entry("fname", "file.name"), Map.entry("filePath", "file.path"),
            Map.entry("sproc", Ecs.PROCESS_NAME), Map.entry("spid", Ecs.PROCESS_PID),
            Map.entry("dvc", "observer.ip"), Map.entry("dvchost", "observer.hostname"),
            Map.entry("in", "source.bytes"), Map.entry("out", "destination.bytes"),
            Map.entry("cnt", "cef.count"));

    private final Timestamps timestamps;

    CefParser(Timestamps timestamps) {
        this.timestamps = timestamps;
    }

    static boolean isCef(String s, int from) {
        return s.startsWith("CEF:", from);
    }

    /**
     * Reads a CEF record starting at {@code from}.
     *
     * @throws DecodeException when the header does not have its seven fields
     */
    void parse(String s, int from, DecodeContext ctx) throws DecodeException {
        if (!isCef(s, from)) {
            throw new DecodeException(CODEC, "header", from, "expecting 'CEF:' at column " + from);
        }
        int n = s.length();
        while (n > from && (s.charAt(n - 1) == '\n' || s.charAt(n - 1) == '\r')) {
            n--;
        }
        String[] header = new String[7];
        int i = from + 4;
        StringBuilder field = new StringBuilder(32);
        for (int k = 0; k < 7; k++) {
            field.setLength(0);
            while (true) {
                if (i >= n) {
                    throw new DecodeException(CODEC, "header", i,
                            "expecting 7 '|'-separated header fields, found " + k + ", at column " + i);
                }
                char c = s.charAt(i);
                if (c == '\\' && i + 1 < n && (s.charAt(i + 1) == '|' || s.charAt(i + 1) == '\\')) {
                    field.append(s.charAt(i + 1));
                    i += 2;
                } else if (c == '|') {
                    i++;
                    break;
                } else {
                    field.append(c);
                    i++;
                }
            }
            header[k] = field.toString();
        }
        Event e = ctx.event;
        e.put(Ecs.EVENT_MODULE, "cef");
        e.put(Ecs.EVENT_DATASET, "cef.log");
        e.put(Ecs.EVENT_KIND, "event");
        e.put("cef.version", header[0]);
        e.put("cef.device.vendor", header[1]);
        e.put("cef.device.product", header[2]);
        e.put("cef.device.version", header[3]);
        e.put("cef.signature_id", header[4]);
        e.put("cef.name", header[5]);
        e.put("cef.severity", header[6]);
        e.put("observer.vendor", header[1]);
        e.put("observer.product", header[2]);
        e.put("observer.version", header[3]);
        e.put("event.code", header[4]);
        Long severity = severity(header[6]);
        if (severity != null) {
            e.put(Ecs.EVENT_SEVERITY, severity);
        }
        e.put(Ecs.MESSAGE, header[5]);
        extension(s, i, n, e, ctx);
    }

    private void extension(String s, int from, int n, Event e, DecodeContext ctx) {
        int i = from;
        while (i < n && s.charAt(i) == ' ') {
            i++;
        }
        int eq = keyEnd(s, i, n);
        if (eq < 0) {
            return;
        }
        String key = s.substring(i, eq);
        int valueStart = eq + 1;
        StringBuilder value = new StringBuilder(64);
        int lastSpace = -1;
        int j = valueStart;
        while (j <= n) {
            if (j == n) {
                put(e, key, unescape(s, valueStart, n, value), ctx);
                return;
            }
            char c = s.charAt(j);
            if (c == '\\') {
                j = Math.min(j + 2, n);
                continue;
            }
            if (c == ' ') {
                lastSpace = j;
            } else if (c == '=' && lastSpace >= valueStart && isKey(s, lastSpace + 1, j)) {
                put(e, key, unescape(s, valueStart, lastSpace, value), ctx);
                key = s.substring(lastSpace + 1, j);
                valueStart = j + 1;
                lastSpace = -1;
            }
            j++;
        }
    }

    private static int keyEnd(String s, int i, int n) {
        int j = i;
        while (j < n && s.charAt(j) != '=' && s.charAt(j) != ' ') {
            j++;
        }
        return j < n && s.charAt(j) == '=' && isKey(s, i, j) ? j : -1;
    }

    private static boolean isKey(String s, int from, int to) {
        if (to <= from) {
            return false;
        }
        for (int k = from; k < to; k++) {
            char c = s.charAt(k);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '.' || c == '-' || c == '[' || c == ']';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static String unescape(String s, int from, int to, StringBuilder out) {
        int end = to;
        while (end > from && s.charAt(end - 1) == ' ') {
            end--;
        }
        if (s.indexOf('\\', from) < 0 || s.indexOf('\\', from) >= end) {
            return s.substring(from, end);
        }
        out.setLength(0);
        for (int k = from; k < end; k++) {
            char c = s.charAt(k);
            if (c == '\\' && k + 1 < end) {
                char d = s.charAt(++k);
                out.append(d == 'n' ? '\n' : d == 'r' ? '\r' : d);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private void put(Event e, String key, String value, DecodeContext ctx) {
        e.put("cef." + key, value);
        if (value.isEmpty()) {
            return;
        }
        switch (key) {
            case "src", "dst", "dvc" -> {
                if (Ips.isIp(value)) {
                    e.put(ECS.get(key), value);
                }
            }
            case "spt", "dpt", "spid", "in", "out", "cnt" -> EcsFields.number(e, ECS.get(key), value);
            case "msg" -> e.put(Ecs.MESSAGE, value);
            case "outcome" -> {
                String o = value.toLowerCase(java.util.Locale.ROOT);
                e.put(Ecs.EVENT_OUTCOME, o.startsWith("succ") || o.equals("allow") ? "success"
                        : o.startsWith("fail") || o.equals("deny") ? "failure" : "unknown");
            }
            case "proto" -> e.put("network.transport", FirewallActions.transport(value));
            case "rt" -> ctx.eventTime(time(value, ctx));
            case "start" -> timeField(e, "event.start", value, ctx);
            case "end" -> timeField(e, "event.end", value, ctx);
            default -> {
                String field = ECS.get(key);
                if (field != null) {
                    e.put(field, value);
                }
            }
        }
    }

    private void timeField(Event e, String field, String value, DecodeContext ctx) {
        java.time.Instant t = time(value, ctx);
        if (t != null) {
            e.put(field, IsoInstant.format(t));
        }
    }

    /** CEF times: epoch milliseconds, {@code MMM dd yyyy HH:mm:ss[.SSS][ zone]}, {@code MMM dd HH:mm:ss}, or ISO 8601. */
    private java.time.Instant time(String v, DecodeContext ctx) {
        Long millis = Numbers.parseLong(v);
        if (millis != null) {
            return java.time.Instant.ofEpochMilli(millis);
        }
        if (timestamps.iso(v, 0, true) > 0) {
            return timestamps.instant;
        }
        if (timestamps.bsd(v, 0, ctx.receivedAtMillis) > 0) {
            return timestamps.instant;
        }
        return null;
    }

    private static Long severity(String s) {
        Long n = Numbers.parseLong(s);
        if (n != null) {
            return n;
        }
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "low" -> 3L;
            case "medium" -> 6L;
            case "high" -> 8L;
            case "very-high", "very high" -> 10L;
            default -> null;
        };
    }
}
