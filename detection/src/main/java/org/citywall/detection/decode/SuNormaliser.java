package org.citywall.detection.decode;

import org.citywall.event.Event;

/**
 * su's own messages in the forms util-linux, shadow-utils and BSD write them:
 * {@code (to root) bob on pts/0}, {@code FAILED SU (to root) bob on pts/0},
 * {@code Successful su for root by bob}, {@code FAILED su for root by bob},
 * {@code + pts/0 bob:root}, {@code - pts/0 bob:root}, {@code 'su root' failed for bob on /dev/pts/8}.
 * {@code user.name} is who ran su, {@code user.effective.name} whom they became.
 */
final class SuNormaliser {
    private SuNormaliser() {}

    static boolean normalise(String msg, Event e) {
        String m = msg.trim();
        if (m.startsWith("(to ") || m.startsWith("FAILED SU (to ")) {
            boolean failed = m.charAt(0) == 'F';
            int to = m.indexOf("(to ") + 4;
            int close = m.indexOf(')', to);
            int on = m.lastIndexOf(" on ");
            if (close < 0 || on < close) {
                return false;
            }
            return su(e, m.substring(close + 1, on).trim(), m.substring(to, close), m.substring(on + 4), !failed);
        }
        if (m.startsWith("Successful su for ") || m.startsWith("FAILED su for ")) {
            boolean ok = m.charAt(0) == 'S';
            int start = ok ? 18 : 14;
            int by = m.indexOf(" by ", start);
            if (by < 0) {
                return false;
            }
            return su(e, m.substring(by + 4).trim(), m.substring(start, by), null, ok);
        }
        if ((m.startsWith("+ ") || m.startsWith("- ")) && m.indexOf(':') > 0) {
            int space = m.indexOf(' ', 2);
            int colon = m.lastIndexOf(':');
            if (space < 0 || colon < space) {
                return false;
            }
            return su(e, m.substring(space + 1, colon), m.substring(colon + 1), m.substring(2, space), m.charAt(0) == '+');
        }
        if (m.startsWith("'su ") && m.contains("' failed for ")) {
            int quote = m.indexOf('\'', 4);
            int forAt = m.indexOf(" failed for ", quote);
            int on = m.indexOf(" on ", forAt);
            String target = m.substring(4, quote).trim();
            String user = on < 0 ? m.substring(forAt + 12) : m.substring(forAt + 12, on);
            return su(e, user, target.isEmpty() ? "root" : target, on < 0 ? null : m.substring(on + 4), false);
        }
        return false;
    }

    private static boolean su(Event e, String user, String target, String tty, boolean success) {
        EcsFields.auth(e, "su", success ? "success" : "failure");
        EcsFields.category(e, "authentication");
        EcsFields.user(e, user);
        if (!target.isEmpty()) {
            e.put("user.effective.name", target);
            e.put("system.auth.su.target", target);
        }
        if (tty != null && !tty.isEmpty()) {
            e.put("system.auth.su.tty", tty.trim());
        }
        return true;
    }
}
