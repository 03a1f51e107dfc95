package org.citywall.detection.decode;

import java.util.Locale;
import org.citywall.event.Ecs;
import org.citywall.event.Event;

/**
 * Cisco ASA (and FTD, PIX) messages, chosen by the message number in the vendor code
 * ({@code ASA-6-302013}): connections built and torn down (302013-302016), packets denied (106001,
 * 106006, 106015, 106023), AAA authentication (113004, 113005, 113015) and management logins
 * (605004, 605005). Connections and denials become {@code firewall.log} records, logins
 * {@code system.auth}; anything else keeps its syslog fields. Read with index arithmetic: the
 * texts are fixed by Cisco's message catalogue.
 *
 * <p>An outbound connection ({@code Built outbound TCP connection 1 for outside:A/443 (...) to
 * inside:B/51234 (...)}) names the responder first; the initiator is always {@code source}.
 */
final class CiscoAsaNormaliser {
    private CiscoAsaNormaliser() {}

    static boolean isAsa(String code) {
        return code.startsWith("ASA-") || code.startsWith("FTD-") || code.startsWith("PIX-");
    }

    static boolean normalise(String code, String msg, Event e) {
        String id = code.substring(code.lastIndexOf('-') + 1);
        boolean done = switch (id) {
            case "302013", "302015" -> built(msg, e);
            case "302014", "302016" -> teardown(msg, e);
            case "106023" -> between(msg, " src ", " dst ", 1, e);
            case "106001", "106015" -> between(msg, " from ", " to ", 1, e);
            case "106006" -> between(msg, " from ", " to ", 2, e);
            case "113004", "113005", "113015" -> aaa(msg, id.equals("113004"), e);
            case "605004", "605005" -> login(msg, id.equals("605005"), e);
            default -> false;
        };
        if (done) {
            e.put("observer.vendor", "Cisco");
            e.put("observer.product", code.substring(0, 3));
        }
        return done;
    }

    /** "Built {inbound|outbound} {TCP|UDP} connection ID for IF:ADDR/PORT (MAPPED) ... to IF:ADDR/PORT (MAPPED) ...". */
    private static boolean built(String m, Event e) {
        if (!m.startsWith("Built ")) {
            return false;
        }
        boolean outbound = m.startsWith("Built outbound ");
        int forAt = m.indexOf(" for ");
        int forEnd = tokenEnd(m, forAt + 5);
        int toAt = forAt < 0 ? -1 : m.indexOf(" to ", forEnd);
        if (toAt < 0) {
            return false;
        }
        connection(e, word(m, 2));
        String first = m.substring(forAt + 5, forEnd);
        String second = m.substring(toAt + 4, tokenEnd(m, toAt + 4));
        endpoints(e, outbound ? second : first, outbound ? first : second);
        e.put("network.direction", outbound ? "outbound" : "inbound");
        FirewallActions.apply(e, FirewallActions.SESSION_START);
        return true;
    }

    /** "Teardown {TCP|UDP} connection ID for IF:ADDR/PORT to IF:ADDR/PORT duration H:MM:SS bytes N [reason]". */
    private static boolean teardown(String m, Event e) {
        if (!m.startsWith("Teardown ")) {
            return false;
        }
        int forAt = m.indexOf(" for ");
        int forEnd = tokenEnd(m, forAt + 5);
        int toAt = forAt < 0 ? -1 : m.indexOf(" to ", forEnd);
        if (toAt < 0) {
            return false;
        }
        connection(e, word(m, 1));
        endpoints(e, m.substring(forAt + 5, forEnd), m.substring(toAt + 4, tokenEnd(m, toAt + 4)));
        int bytes = m.indexOf(" bytes ", toAt);
        if (bytes >= 0) {
            int end = tokenEnd(m, bytes + 7);
            EcsFields.number(e, "network.bytes", m.substring(bytes + 7, end));
            String reason = m.substring(end).trim();
            if (!reason.isEmpty()) {
                e.put("event.reason", reason);
            }
        }
        FirewallActions.apply(e, FirewallActions.SESSION_END);
        return true;
    }

    /** A denied packet: the protocol is word {@code protoWord}, the endpoints follow {@code before} and {@code after}. */
    private static boolean between(String m, String before, String after, int protoWord, Event e) {
        int a = m.indexOf(before);
        int aEnd = tokenEnd(m, a + before.length());
        int b = a < 0 ? -1 : m.indexOf(after, aEnd);
        if (b < 0 || !m.regionMatches(true, 0, "Deny", 0, 4) && !m.contains(" denied ")) {
            return false;
        }
        connection(e, word(m, protoWord));
        endpoints(e, m.substring(a + before.length(), aEnd), m.substring(b + after.length(), tokenEnd(m, b + after.length())));
        int group = m.indexOf("by access-group \"");
        if (group >= 0) {
            int close = m.indexOf('"', group + 17);
            if (close > group + 17) {
                e.put("rule.name", m.substring(group + 17, close));
            }
        }
        FirewallActions.apply(e, "deny");
        return true;
    }

    /** "AAA user authentication {Successful|Rejected} : reason = R : server = S : user = U[ : user IP = A]". */
    private static boolean aaa(String m, boolean success, Event e) {
        if (!m.startsWith("AAA user authentication ")) {
            return false;
        }
        EcsFields.auth(e, "aaa_authentication", success ? "success" : "failure");
        EcsFields.category(e, "authentication");
        int i = 0;
        while (i < m.length()) {
            int next = m.indexOf(" : ", i);
            int end = next < 0 ? m.length() : next;
            int eq = m.indexOf(" = ", i);
            if (eq > i && eq < end) {
                String key = m.substring(i, eq);
                String value = m.substring(eq + 3, end).trim();
                switch (key) {
                    case "user" -> EcsFields.user(e, value);
                    case "user IP" -> EcsFields.source(e, value);
                    case "server" -> e.put("cisco.asa.aaa.server", value);
                    case "reason" -> e.put("event.reason", value);
                    default -> { }
                }
            }
            i = next < 0 ? m.length() : next + 3;
        }
        return true;
    }

    /** "Login {permitted|denied} from ADDR/PORT to IF:ADDR/SERVICE for user \"U\"". */
    private static boolean login(String m, boolean success, Event e) {
        int from = m.indexOf(" from ");
        int to = from < 0 ? -1 : m.indexOf(" to ", from + 6);
        if (!m.startsWith("Login ") || to < 0) {
            return false;
        }
        Endpoint src = Endpoint.of(m.substring(from + 6, to));
        Endpoint dst = Endpoint.of(m.substring(to + 4, tokenEnd(m, to + 4)));
        String service = dst.port == null ? "" : dst.port.toLowerCase(Locale.ROOT);
        String action = switch (service) {
            case "ssh" -> SshdNormaliser.LOGIN;
            case "telnet" -> "telnet_login";
            case "http", "https" -> "http_login";
            default -> "login";
        };
        EcsFields.auth(e, action, success ? "success" : "failure");
        EcsFields.category(e, "authentication");
        src.put(e, true);
        dst.put(e, false);
        int user = m.indexOf(" for user ", to);
        if (user >= 0) {
            String name = m.substring(user + 10).trim();
            if (name.length() >= 2 && name.charAt(0) == '"' && name.charAt(name.length() - 1) == '"') {
                name = name.substring(1, name.length() - 1);
            }
            EcsFields.user(e, name);
        }
        return true;
    }

    private static void connection(Event e, String protocol) {
        e.put(Ecs.EVENT_MODULE, "firewall");
        e.put(Ecs.EVENT_DATASET, "firewall.log");
        e.put(Ecs.EVENT_KIND, "event");
        EcsFields.category(e, "network");
        if (!protocol.isEmpty()) {
            e.put("network.transport", FirewallActions.transport(protocol));
        }
    }

    private static void endpoints(Event e, String source, String destination) {
        Endpoint.of(source).put(e, true);
        Endpoint.of(destination).put(e, false);
    }

    /** {@code [interface:]address[/port]}; the interface ends at the first colon unless the rest is an address. */
    private record Endpoint(String iface, String address, String port) {
        static Endpoint of(String t) {
            int slash = t.lastIndexOf('/');
            String host = slash < 0 ? t : t.substring(0, slash);
            String port = slash < 0 ? null : t.substring(slash + 1);
            int colon = host.indexOf(':');
            if (colon > 0 && !Ips.isIp(host)) {
                return new Endpoint(host.substring(0, colon), host.substring(colon + 1), port);
            }
            return new Endpoint(null, host, port);
        }

        void put(Event e, boolean source) {
            if (source) {
                EcsFields.source(e, address);
            } else {
                EcsFields.destination(e, address);
            }
            if (port != null) {
                EcsFields.number(e, source ? Ecs.SOURCE_PORT : Ecs.DESTINATION_PORT, port);
            }
            if (iface != null && !iface.isEmpty()) {
                e.put(source ? "observer.ingress.interface.name" : "observer.egress.interface.name", iface);
            }
        }
    }

    /** The n-th (0-based) blank-separated word, or "" when there are fewer. */
    private static String word(String m, int n) {
        int i = 0;
        for (int k = 0; k < n; k++) {
            int sp = m.indexOf(' ', i);
            if (sp < 0) {
                return "";
            }
            i = sp + 1;
        }
        return m.substring(i, tokenEnd(m, i));
    }

    private static int tokenEnd(String m, int from) {
        int i = Math.max(0, Math.min(from, m.length()));
        while (i < m.length() && m.charAt(i) != ' ') {
            i++;
        }
        return i;
    }
}
