package org.citywall.detection.decode;

import java.util.Locale;
import org.citywall.event.Ecs;
import org.citywall.event.Event;

/**
 * Huawei (VRP, USG/Eudemon) and H3C (Comware, SecPath) messages, chosen by the vendor code
 * {@code VVMODULE/SEVERITY/MNEMONIC(flags)} ({@code 01SECLOG/6/SESSION_TEARDOWN(l)}; Huawei writes
 * version 01, H3C 10). Bodies are {@code key=value} lists, bare ({@code IPVer=4,Protocol=tcp,...}
 * or H3C's {@code Protocol(1001)=TCP;SrcIPAddr(1003)=...;}) or after a sentence in parentheses
 * ({@code Failed to login. (Ip=10.1.1.1, UserName=admin, ...)}); every pair stays under
 * {@code huawei.<key>} or {@code h3c.<key>} as written. A list naming both ends of a connection is
 * a {@code firewall.log} record whose action comes from its action/event key or else from the
 * mnemonic (SESSION_BUILT, SESSION_TEARDOWN, PACKET_DENY, POLICYDENY...). Device logins become
 * {@code system.auth} events with the action names the sshd normaliser uses ({@code ssh_login}),
 * so failures from devices and servers count alike; recorded CLI commands keep user, address and
 * command line.
 */
final class HuaweiH3cNormaliser {
    private HuaweiH3cNormaliser() {}

    /** Reads the message when the code has the VRP/Comware shape; false leaves it to the generic path. */
    static boolean normalise(String code, String msg, DecodeContext ctx) {
        int slash = code.indexOf('/');
        int slash2 = slash < 0 ? -1 : code.indexOf('/', slash + 1);
        if (slash2 < 0) {
            return false;
        }
        int m = 0;
        while (m < slash && Timestamps.isDigit(code.charAt(m))) {
            m++;
        }
        String vendor = code.startsWith("10") ? "h3c" : code.startsWith("01") ? "huawei" : m == 0 ? "huawei" : null;
        if (vendor == null) {
            return false;
        }
        String module = code.substring(m, slash);
        int end = slash2 + 1;
        while (end < code.length() && code.charAt(end) != '(' && code.charAt(end) != '[') {
            end++;
        }
        String mnemonic = code.substring(slash2 + 1, end);
        Event e = ctx.event;
        boolean done = login(vendor, module, mnemonic, msg, ctx) || pairs(vendor, mnemonic, msg, ctx);
        if (done) {
            e.put("observer.vendor", vendor.equals("h3c") ? "H3C" : "Huawei");
        }
        return done;
    }

    /** The key=value part: the whole message, or the last parenthesised list after a sentence. */
    private static int[] pairRange(String msg) {
        int n = msg.length();
        while (n > 0 && (msg.charAt(n - 1) == '\n' || msg.charAt(n - 1) == '\r' || msg.charAt(n - 1) == ' ')) {
            n--;
        }
        if (n > 0 && msg.charAt(n - 1) == ')') {
            int open = msg.indexOf(" (");
            while (open >= 0 && !startsPair(msg, open + 2, n)) {
                open = msg.indexOf(" (", open + 2);
            }
            if (open >= 0) {
                return new int[] {open + 2, n - 1};
            }
        }
        if (n > 0 && msg.charAt(n - 1) == '.') {
            n--; // SECLOG ends its list with a full stop
        }
        return startsPair(msg, 0, n) ? new int[] {0, n} : null;
    }

    /** An identifier (with an optional H3C field code) followed by '='. */
    private static boolean startsPair(String s, int i, int to) {
        int k = i;
        while (k < to && (Character.isLetterOrDigit(s.charAt(k)) || s.charAt(k) == '_' || s.charAt(k) == '-'
                || s.charAt(k) == '(' || s.charAt(k) == ')')) {
            k++;
        }
        return k > i && k < to && s.charAt(k) == '=';
    }

    private static boolean pairs(String vendor, String mnemonic, String msg, DecodeContext ctx) {
        int[] range = pairRange(msg);
        if (range == null) {
            return false;
        }
        String list = range[0] == 0 && range[1] == msg.length() ? msg : msg.substring(range[0], range[1]);
        Event e = ctx.event;
        if (KeyValueFirewallParser.looksLikeConnectionRecord(list)) {
            KeyValueFirewallParser.parse(list, list.length(), vendor, ctx);
            if (!e.has(Ecs.EVENT_ACTION) || !e.has(Ecs.EVENT_OUTCOME)) {
                String action = FirewallActions.event(mnemonic);
                if (action != null) {
                    FirewallActions.apply(e, action);
                }
            }
            return true;
        }
        keep(vendor, list, e);
        return true;
    }

    private static void keep(String vendor, String list, Event e) {
        String prefix = vendor + ".";
        KeyValues.scanAny(list, 0, list.length(), (key, value, quoted) -> {
            if (!key.isEmpty() && !value.isEmpty()) {
                e.put(prefix + key, value);
            }
        });
    }

    /** Logins and recorded commands; false when the mnemonic is none of those. */
    private static boolean login(String vendor, String module, String mnemonic, String msg, DecodeContext ctx) {
        Event e = ctx.event;
        if (mnemonic.equals("CMDRECORD") || mnemonic.equals("CMDRECORDFAILED")) {
            EcsFields.auth(e, "cli_command", mnemonic.endsWith("FAILED") ? "failure" : "success");
            keepAndMap(vendor, msg, e);
            String command = e.getString(vendor + ".Command");
            if (command != null) {
                e.put(Ecs.PROCESS_COMMAND_LINE, command);
            }
            return true;
        }
        if (mnemonic.equals("SSHS_LOG")) {
            return h3cSshLog(msg, e);
        }
        boolean failed = mnemonic.contains("FAIL");
        boolean login = mnemonic.contains("LOGIN") && !mnemonic.contains("LOGOUT") || module.equals("SSH") && failed;
        if (!login) {
            return false;
        }
        String action = module.startsWith("SSH") || mnemonic.startsWith("SSH") ? SshdNormaliser.LOGIN
                : module.startsWith("TELNET") ? "telnet_login" : "login";
        EcsFields.auth(e, action, failed ? "failure" : "success");
        EcsFields.category(e, "authentication");
        if (pairRange(msg) != null) {
            keepAndMap(vendor, msg, e);
            String access = e.getString(vendor + ".AccessType");
            if (action.equals("login") && access != null && access.toUpperCase(Locale.ROOT).contains("SSH")) {
                e.put(Ecs.EVENT_ACTION, SshdNormaliser.LOGIN);
            }
            return true;
        }
        // Comware prose: "admin logged in from 10.1.1.1." / "admin failed to log in from 10.1.1.1."
        String text = msg.endsWith(".") ? msg.substring(0, msg.length() - 1) : msg;
        int from = text.lastIndexOf(" from ");
        if (from > 0) {
            int verb = text.indexOf(failed ? " failed to log in" : " logged in");
            String user = text.substring(0, verb > 0 ? verb : text.indexOf(' '));
            if (!isLineName(user)) {
                EcsFields.user(e, user);
            }
            address(e, text.substring(from + 6).trim());
        }
        return true;
    }

    /** The pairs under the vendor's namespace, then the user and client address they name. */
    private static void keepAndMap(String vendor, String msg, Event e) {
        int[] range = pairRange(msg);
        if (range == null) {
            return;
        }
        keep(vendor, msg.substring(range[0], range[1]), e);
        String p = vendor + ".";
        for (String k : new String[] {"UserName", "User", "Username", "user-name"}) {
            String v = e.getString(p + k);
            if (v != null && !v.equals("**")) {
                EcsFields.user(e, v);
                break;
            }
        }
        for (String k : new String[] {"Ip", "IP", "IpAddress", "IPAddress", "IPAddr", "UserAddress", "SourceIP"}) {
            String v = e.getString(p + k);
            if (v != null) {
                address(e, v);
                break;
            }
        }
    }

    /** H3C SSH server: "Authentication failed for user U from A port P because ..." / "Accepted password for U from A port P." */
    private static boolean h3cSshLog(String msg, Event e) {
        String m = msg.endsWith(".") ? msg.substring(0, msg.length() - 1) : msg;
        int userStart;
        boolean success;
        if (m.startsWith("Authentication failed for user ")) {
            userStart = 31;
            success = false;
        } else if (m.startsWith("Accepted ") && m.indexOf(" for ") > 9) {
            userStart = m.indexOf(" for ") + 5;
            success = true;
        } else {
            return false;
        }
        int port = m.indexOf(" port ", userStart);
        int from = port < 0 ? m.lastIndexOf(" from ") : m.lastIndexOf(" from ", port);
        if (from < userStart || port >= 0 && from + 6 > port) {
            return false;
        }
        if (success) {
            e.put("system.auth.ssh.method", m.substring(9, userStart - 5));
        }
        EcsFields.auth(e, SshdNormaliser.LOGIN, success ? "success" : "failure");
        EcsFields.category(e, "authentication");
        EcsFields.user(e, m.substring(userStart, from));
        if (port < 0) {
            address(e, m.substring(from + 6).trim());
            return true;
        }
        address(e, m.substring(from + 6, port));
        int digits = port + 6;
        while (digits < m.length() && Timestamps.isDigit(m.charAt(digits))) {
            digits++;
        }
        EcsFields.number(e, Ecs.SOURCE_PORT, m.substring(port + 6, digits));
        if (!success) {
            int because = m.indexOf(" because of ", digits);
            if (because >= 0) {
                e.put("event.reason", m.substring(because + 12));
            }
            if (m.contains("password")) {
                e.put("system.auth.ssh.method", "password");
            }
        }
        return true;
    }

    /** Only an IP goes to source: devices write {@code **} or a console port name where they have none. */
    private static void address(Event e, String a) {
        if (Ips.isIp(a)) {
            EcsFields.source(e, a);
        }
    }

    /** Comware 5 names the line instead of the user ("VTY logged in from ..."). */
    private static boolean isLineName(String s) {
        return s.isEmpty() || s.equals("VTY") || s.equals("TTY") || s.equals("AUX") || s.equals("CON")
                || s.startsWith("VTY") && s.length() <= 6;
    }
}
