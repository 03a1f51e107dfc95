package org.citywall.detection.decode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.citywall.event.Ecs;
import org.citywall.event.Event;

/** Vendor words for what a firewall did, mapped to ECS-style {@code allow}, {@code deny}, {@code drop}. */
final class FirewallActions {
    private FirewallActions() {}

    /** The normalised action a word or log prefix names, or null when it names none. */
    static String of(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        String t = text.toUpperCase(Locale.ROOT);
        if (t.contains("DROP")) {
            return "drop";
        }
        if (t.contains("DENY") || t.contains("DENIED") || t.contains("BLOCK") || t.contains("REJECT")) {
            return "deny";
        }
        if (t.contains("ACCEPT") || t.contains("ALLOW") || t.contains("PERMIT") || t.contains("PASS")) {
            return "allow";
        }
        return null;
    }

    /** A firewall let a new session through. */
    static final String SESSION_START = "session_start";
    /** A session ended (closed, aged out, reset). */
    static final String SESSION_END = "session_end";

    /**
     * What a firewall log's action, event or message code names: a verdict ({@link #of}), or the
     * start or end of a session ({@code Session created}, {@code SESSION_TEARDOWN}, {@code Built},
     * {@code Aged for timeout}); null when it names neither.
     */
    static String event(String text) {
        String verdict = of(text);
        if (verdict != null || text == null) {
            return verdict;
        }
        String t = text.toUpperCase(Locale.ROOT);
        if (t.contains("CREATE") || t.contains("BUILT") || t.contains("BUILD")) {
            return SESSION_START;
        }
        if (t.contains("DELETE") || t.contains("TEARDOWN") || t.contains("AGED") || t.contains("CLOSE")
                || t.contains("NORMAL OVER")) {
            return SESSION_END;
        }
        return null;
    }

    /**
     * Sets {@code event.action} and what follows from it: {@code event.outcome} (a refused
     * connection is a failure) and the ECS {@code event.type} beside {@code connection}.
     */
    static void apply(Event e, String action) {
        e.put(Ecs.EVENT_ACTION, action);
        String type = switch (action) {
            case "allow" -> "allowed";
            case "deny", "drop" -> "denied";
            case SESSION_START -> "start";
            case SESSION_END -> "end";
            default -> null;
        };
        if (type == null) {
            return;
        }
        e.put(Ecs.EVENT_OUTCOME, type.equals("denied") ? "failure" : "success");
        List<Object> types = new ArrayList<>(2);
        types.add("connection");
        types.add(type);
        e.put(Ecs.EVENT_TYPE, types);
    }

    /** IANA protocol number or name to the lower-case transport name ECS uses. */
    static String transport(String proto) {
        if (proto == null || proto.isEmpty()) {
            return null;
        }
        return switch (proto) {
            case "6" -> "tcp";
            case "17" -> "udp";
            case "1" -> "icmp";
            case "58" -> "ipv6-icmp";
            case "47" -> "gre";
            case "50" -> "esp";
            case "132" -> "sctp";
            default -> proto.toLowerCase(Locale.ROOT);
        };
    }
}
