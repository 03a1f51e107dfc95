package org.citywall.detection.decode;

import org.citywall.event.Event;

/**
 * PAM module messages, whichever program logs them: {@code pam_unix(sshd:auth): authentication
 * failure; logname= uid=0 ... rhost=1.2.3.4  user=root}, {@code session opened|closed for user X
 * [by Y]}, {@code password changed for X}, faillock lockouts, and sshd's {@code PAM N more
 * authentication failures; ...}.
 */
final class PamNormaliser {
    private PamNormaliser() {}

    /** True when the message starts like a PAM module message or a PAM failure summary. */
    static boolean looksLikePam(String msg) {
        return msg.startsWith("pam_") || msg.startsWith("PAM ");
    }

    static boolean normalise(String msg, Event e) {
        int body = 0;
        if (msg.startsWith("pam_")) {
            int open = msg.indexOf('(');
            int close = msg.indexOf("): ");
            if (open < 0 || close < open) {
                return false;
            }
            e.put("system.auth.pam.module", msg.substring(0, open));
            String serviceAndType = msg.substring(open + 1, close);
            int colon = serviceAndType.lastIndexOf(':');
            if (colon > 0) {
                e.put("system.auth.pam.service", serviceAndType.substring(0, colon));
                e.put("system.auth.pam.type", serviceAndType.substring(colon + 1));
            }
            body = close + 3;
        } else if (msg.startsWith("PAM ")) {
            body = 4;
        }
        String m = msg.substring(body);
        if (m.startsWith("authentication failure;") || m.contains("more authentication failure")) {
            EcsFields.auth(e, "authentication_failure", "failure");
            EcsFields.category(e, "authentication");
            int semi = m.indexOf(';');
            if (semi >= 0) {
                keyValues(m.substring(semi + 1), e);
            }
            return true;
        }
        if (m.startsWith("session opened for user ") || m.startsWith("session closed for user ")) {
            boolean opened = m.charAt(8) == 'o';
            EcsFields.auth(e, opened ? "session_opened" : "session_closed", "success");
            EcsFields.category(e, "session");
            int start = 24;
            int by = m.indexOf(" by ", start);
            EcsFields.user(e, withoutUid(by < 0 ? m.substring(start) : m.substring(start, by)));
            if (by >= 0) {
                String byUser = withoutUid(m.substring(by + 4));
                if (!byUser.isEmpty()) {
                    e.put("system.auth.pam.by", byUser);
                }
            }
            return true;
        }
        if (m.startsWith("password changed for ")) {
            EcsFields.auth(e, "password_changed", "success");
            EcsFields.category(e, "iam");
            EcsFields.user(e, m.substring(21).trim());
            return true;
        }
        if (m.startsWith("Consecutive login failures for user ") || m.contains("account temporarily locked")) {
            EcsFields.auth(e, "account_locked", "failure");
            EcsFields.category(e, "authentication");
            int user = m.indexOf("for user ");
            if (user >= 0) {
                int end = m.indexOf(' ', user + 9);
                EcsFields.user(e, end < 0 ? m.substring(user + 9) : m.substring(user + 9, end));
            }
            return true;
        }
        return false;
    }

    /** {@code logname= uid=0 euid=0 tty=ssh ruser= rhost=1.2.3.4  user=root}: empty values allowed. */
    private static void keyValues(String s, Event e) {
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && s.charAt(i) == ' ') {
                i++;
            }
            int eq = s.indexOf('=', i);
            if (eq < 0) {
                return;
            }
            int end = s.indexOf(' ', eq + 1);
            if (end < 0) {
                end = n;
            }
            String key = s.substring(i, eq);
            String value = s.substring(eq + 1, end);
            if (!value.isEmpty() && key.indexOf(' ') < 0) {
                e.put("system.auth.pam." + key, value);
                switch (key) {
                    case "user" -> EcsFields.user(e, value);
                    case "rhost" -> EcsFields.source(e, value);
                    default -> { }
                }
            }
            i = end + 1;
        }
    }

    /** "bob(uid=1000)" → "bob"; "(uid=0)" → "". */
    private static String withoutUid(String s) {
        String t = s.trim();
        int paren = t.indexOf('(');
        return paren >= 0 ? t.substring(0, paren) : t;
    }
}
