package org.citywall.detection.decode;

import org.citywall.event.Ecs;
import org.citywall.event.Event;

/**
 * OpenSSH server messages: logins that failed or succeeded (every method), unknown users, users
 * refused by AllowUsers/DenyUsers, too many attempts, disconnects. User names may contain spaces
 * (attackers try {@code "admin admin"}), so the name runs up to the last {@code " from "}.
 */
final class SshdNormaliser {
    private SshdNormaliser() {}

    static final String LOGIN = "ssh_login";

    static boolean normalise(String msg, Event e) {
        EcsFields.auth(e, null, null);
        String m = msg;
        if (m.startsWith("error: ")) {
            m = m.substring(7);
        }
        if (m.startsWith("Failed ")) {
            return attempt(m, 7, "Failed", "failure", e);
        }
        if (m.startsWith("Accepted ")) {
            return attempt(m, 9, "Accepted", "success", e);
        }
        if (m.startsWith("Invalid user ")) {
            return invalidUser(m, e);
        }
        if (m.startsWith("maximum authentication attempts exceeded for ")) {
            return userFromPort(m, "maximum authentication attempts exceeded for ".length(), "ssh_max_attempts", "failure", e);
        }
        if (m.startsWith("User ") && m.contains(" not allowed because ")) {
            int from = m.indexOf(" from ");
            int not = m.indexOf(" not allowed because ");
            if (from > 5 && from < not) {
                EcsFields.auth(e, "ssh_user_not_allowed", "failure");
                EcsFields.category(e, "authentication");
                EcsFields.user(e, m.substring(5, from));
                EcsFields.source(e, m.substring(from + 6, not));
                return true;
            }
        }
        if (m.startsWith("Connection closed by ") || m.startsWith("Disconnected from ")
                || m.startsWith("Received disconnect from ") || m.startsWith("Connection reset by ")) {
            e.put(Ecs.EVENT_ACTION, "ssh_disconnect");
            sourceBeforePort(m, e);
            return true;
        }
        if (m.startsWith("Did not receive identification string from ")
                || m.startsWith("Unable to negotiate with ") || m.startsWith("banner exchange: ")) {
            e.put(Ecs.EVENT_ACTION, "ssh_handshake_failed");
            e.put(Ecs.EVENT_OUTCOME, "failure");
            sourceBeforePort(m, e);
            return true;
        }
        return false;
    }

    /** "Failed|Accepted METHOD for [invalid user ]USER from ADDR port PORT PROTO[: SIGNATURE]". */
    private static boolean attempt(String m, int methodStart, String kind, String outcome, Event e) {
        int forAt = m.indexOf(" for ", methodStart);
        if (forAt < 0) {
            return false;
        }
        int userStart = forAt + 5;
        boolean invalid = m.startsWith("invalid user ", userStart);
        if (invalid) {
            userStart += 13;
        }
        int port = m.lastIndexOf(" port ");
        int from = port < 0 ? m.lastIndexOf(" from ") : m.lastIndexOf(" from ", port);
        if (from < userStart || noAddress(from, port)) {
            return false;
        }
        EcsFields.auth(e, LOGIN, outcome);
        EcsFields.category(e, "authentication");
        e.put("system.auth.ssh.event", kind);
        e.put("system.auth.ssh.method", m.substring(methodStart, forAt));
        if (invalid) {
            e.put("system.auth.ssh.invalid_user", Boolean.TRUE);
        }
        EcsFields.user(e, m.substring(userStart, from));
        int addrEnd = port < 0 ? tokenEnd(m, from + 6) : port;
        EcsFields.source(e, m.substring(from + 6, addrEnd));
        if (port >= 0) {
            int portEnd = digitsEnd(m, port + 6);
            EcsFields.number(e, Ecs.SOURCE_PORT, m.substring(port + 6, portEnd));
            int colon = m.indexOf(": ", portEnd);
            if (colon >= 0) {
                String signature = m.substring(colon + 2).trim();
                if (!signature.isEmpty()) {
                    e.put("system.auth.ssh.signature", signature);
                }
            }
        }
        return true;
    }

    /** "Invalid user USER from ADDR[ port PORT]" (the user may be empty: "Invalid user  from ..."). */
    private static boolean invalidUser(String m, Event e) {
        int port = m.lastIndexOf(" port ");
        int from = port < 0 ? m.lastIndexOf(" from ") : m.lastIndexOf(" from ", port);
        if (from < 12 || noAddress(from, port)) {
            return false;
        }
        EcsFields.auth(e, "ssh_invalid_user", "failure");
        EcsFields.category(e, "authentication");
        e.put("system.auth.ssh.event", "Invalid");
        EcsFields.user(e, m.substring(13, Math.max(13, from)));
        int addrEnd = port < 0 ? tokenEnd(m, from + 6) : port;
        EcsFields.source(e, m.substring(from + 6, addrEnd));
        if (port >= 0) {
            EcsFields.number(e, Ecs.SOURCE_PORT, m.substring(port + 6, digitsEnd(m, port + 6)));
        }
        return true;
    }

    private static boolean userFromPort(String m, int userStart, String action, String outcome, Event e) {
        boolean invalid = m.startsWith("invalid user ", userStart);
        if (invalid) {
            userStart += 13;
        }
        int port = m.lastIndexOf(" port ");
        int from = port < 0 ? m.lastIndexOf(" from ") : m.lastIndexOf(" from ", port);
        if (from < userStart || noAddress(from, port)) {
            return false;
        }
        EcsFields.auth(e, action, outcome);
        EcsFields.category(e, "authentication");
        EcsFields.user(e, m.substring(userStart, from));
        EcsFields.source(e, m.substring(from + 6, port < 0 ? tokenEnd(m, from + 6) : port));
        if (port >= 0) {
            EcsFields.number(e, Ecs.SOURCE_PORT, m.substring(port + 6, digitsEnd(m, port + 6)));
        }
        return true;
    }

    /** "... [user NAME ]ADDR port PORT..." — the address is the token before " port ". */
    private static void sourceBeforePort(String m, Event e) {
        int port = m.indexOf(" port ");
        if (port < 0) {
            int from = m.indexOf(" from ");
            if (from >= 0) {
                EcsFields.source(e, m.substring(from + 6, tokenEnd(m, from + 6)));
            }
            return;
        }
        int start = m.lastIndexOf(' ', port - 1) + 1;
        EcsFields.source(e, m.substring(start, port));
        int portEnd = digitsEnd(m, port + 6);
        EcsFields.number(e, Ecs.SOURCE_PORT, m.substring(port + 6, portEnd));
        int user = m.indexOf(" user ");
        if (user >= 0 && user + 6 < start) {
            EcsFields.user(e, m.substring(user + 6, start - 1));
        }
    }

    /** " from port 22": the " port " found shares its blank with " from ", so no address lies between them. */
    private static boolean noAddress(int from, int port) {
        return port >= 0 && from + 6 > port;
    }

    private static int tokenEnd(String m, int from) {
        int i = from;
        while (i < m.length() && m.charAt(i) != ' ') {
            i++;
        }
        return i;
    }

    private static int digitsEnd(String m, int from) {
        int i = from;
        while (i < m.length() && m.charAt(i) >= '0' && m.charAt(i) <= '9') {
            i++;
        }
        return i;
    }
}
