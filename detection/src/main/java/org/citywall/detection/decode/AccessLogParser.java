package org.citywall.detection.decode;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.citywall.event.Ecs;
import org.citywall.event.Event;

/**
 * nginx and Apache httpd access logs in the common and combined formats, with an optional leading
 * virtual host ({@code vhost_combined}) and any extra fields after the user agent:
 * {@code client ident user [10/Oct/2000:13:55:36 -0700] "GET /a?b HTTP/1.1" 200 2326 "referer" "agent"}.
 *
 * <p>Quoted fields may contain backslash-escaped quotes (Apache writes {@code \"}, nginx
 * {@code \x22}); they are kept as written. A request line that is not {@code METHOD TARGET
 * VERSION} (scanners send TLS handshakes and junk to port 80) keeps its URL fields out.
 */
final class AccessLogParser {
    private AccessLogParser() {}

    /** Reads {@code s} as an access log line for {@code module} ("nginx" or "apache"); false when it is not one. */
    static boolean parse(String s, String module, DecodeContext ctx) {
        int n = s.length();
        while (n > 0 && (s.charAt(n - 1) == '\n' || s.charAt(n - 1) == '\r')) {
            n--;
        }
        int open = s.indexOf(" [");
        if (open < 0) {
            return false;
        }
        // tokens before the time: client ident user, or vhost client ident user
        String[] head = new String[5];
        int count = 0;
        int i = 0;
        while (i < open && count < 5) {
            int sp = s.indexOf(' ', i);
            if (sp < 0 || sp > open) {
                sp = open;
            }
            head[count++] = s.substring(i, sp);
            i = sp + 1;
        }
        if (i < open || (count != 3 && count != 4)) {
            return false;
        }
        int base = count - 3;
        int close = s.indexOf(']', open + 2);
        if (close < 0 || close + 2 >= n || s.charAt(close + 1) != ' ' || s.charAt(close + 2) != '"') {
            return false;
        }
        int reqStart = close + 3;
        int reqEnd = closingQuote(s, reqStart, n);
        if (reqEnd < 0) {
            return false;
        }
        int p = reqEnd + 1;
        if (p >= n || s.charAt(p) != ' ') {
            return false;
        }
        int statusEnd = s.indexOf(' ', p + 1);
        if (statusEnd < 0) {
            statusEnd = n;
        }
        Long status = Numbers.parseLong(s, p + 1, statusEnd);
        if (status == null) {
            return false;
        }

        Event e = ctx.event;
        e.put(Ecs.EVENT_MODULE, module);
        e.put(Ecs.EVENT_DATASET, module + ".access");
        e.put(Ecs.EVENT_KIND, "event");
        EcsFields.category(e, "web");
        if (base == 1) {
            String vhost = head[0];
            int colon = vhost.lastIndexOf(':');
            e.put("url.domain", colon > 0 && vhost.indexOf(']') < colon ? vhost.substring(0, colon) : vhost);
        }
        EcsFields.source(e, head[base]);
        String user = head[base + 2];
        if (!user.equals("-")) {
            EcsFields.user(e, user);
        }
        ctx.eventTime(time(s, open + 2, close));
        request(s.substring(reqStart, reqEnd), e);
        e.put("http.response.status_code", status);
        e.put(Ecs.EVENT_OUTCOME, status < 400 ? "success" : "failure");

        int q = statusEnd + 1;
        if (q < n) {
            int bytesEnd = s.indexOf(' ', q);
            if (bytesEnd < 0) {
                bytesEnd = n;
            }
            EcsFields.number(e, "http.response.body.bytes", s.substring(q, bytesEnd));
            q = bytesEnd + 1;
        }
        String referrer = nextQuoted(s, q, n);
        if (referrer != null) {
            if (!referrer.equals("-")) {
                e.put("http.request.referrer", referrer);
            }
            int agentStart = closingQuote(s, s.indexOf('"', q) + 1, n) + 2;
            String agent = nextQuoted(s, agentStart, n);
            if (agent != null && !agent.equals("-")) {
                e.put("user_agent.original", agent);
            }
        }
        return true;
    }

    private static void request(String req, Event e) {
        int sp1 = req.indexOf(' ');
        int sp2 = req.lastIndexOf(' ');
        if (sp1 <= 0 || sp2 <= sp1 || !req.startsWith("HTTP/", sp2 + 1)) {
            return;
        }
        String method = req.substring(0, sp1);
        for (int k = 0; k < method.length(); k++) {
            char c = method.charAt(k);
            if (!(c >= 'A' && c <= 'Z') && c != '-' && c != '_') {
                return;
            }
        }
        String target = req.substring(sp1 + 1, sp2);
        e.put("http.request.method", method);
        e.put("url.original", target);
        int query = target.indexOf('?');
        int fragment = target.indexOf('#');
        int pathEnd = query >= 0 ? query : fragment >= 0 ? fragment : target.length();
        e.put("url.path", target.substring(0, pathEnd));
        if (query >= 0) {
            int queryEnd = fragment > query ? fragment : target.length();
            if (queryEnd > query + 1) {
                e.put("url.query", target.substring(query + 1, queryEnd));
            }
        }
        e.put("http.version", req.substring(sp2 + 6));
    }

    /** The quoted string starting at a '"' at or after {@code from} (spaces skipped), or null. */
    private static String nextQuoted(String s, int from, int n) {
        int i = from;
        while (i < n && s.charAt(i) == ' ') {
            i++;
        }
        if (i < 0 || i >= n || s.charAt(i) != '"') {
            return null;
        }
        int end = closingQuote(s, i + 1, n);
        return end < 0 ? null : s.substring(i + 1, end);
    }

    /** Index of the '"' that closes a string whose content starts at {@code from}; backslash escapes skipped. */
    private static int closingQuote(String s, int from, int n) {
        for (int i = from; i < n; i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        return -1;
    }

    /** {@code 10/Oct/2000:13:55:36 -0700}; null when malformed. */
    private static java.time.Instant time(String s, int from, int to) {
        if (to - from < 20) {
            return null;
        }
        int day = Timestamps.num(s, from, 2);
        int month = Timestamps.month(s, from + 3);
        int year = Timestamps.num(s, from + 7, 4);
        int hour = Timestamps.num(s, from + 12, 2);
        int minute = Timestamps.num(s, from + 15, 2);
        int second = Timestamps.num(s, from + 18, 2);
        if (day < 0 || month < 0 || year < 0 || hour < 0 || minute < 0 || second < 0) {
            return null;
        }
        ZoneOffset offset = ZoneOffset.UTC;
        if (to - from >= 26 && s.charAt(from + 20) == ' ') {
            int sign = s.charAt(from + 21) == '-' ? -1 : 1;
            int oh = Timestamps.num(s, from + 22, 2);
            int om = Timestamps.num(s, from + 24, 2);
            if (oh < 0 || om < 0) {
                return null;
            }
            try {
                offset = ZoneOffset.ofHoursMinutes(sign * oh, sign * om);
            } catch (DateTimeException ex) {
                return null;
            }
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second).toInstant(offset);
        } catch (DateTimeException ex) {
            return null;
        }
    }
}
