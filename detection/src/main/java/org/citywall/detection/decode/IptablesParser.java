package org.citywall.detection.decode;

import java.util.ArrayList;
import java.util.List;
import org.citywall.event.Ecs;
import org.citywall.event.Event;

/**
 * netfilter LOG target lines (iptables, nftables, ufw, firewalld):
 * {@code [12345.678] [UFW BLOCK] IN=eth0 OUT= MAC=... SRC=203.0.113.5 DST=10.0.0.4 LEN=60 ... PROTO=TCP SPT=51234 DPT=22 ... SYN URGP=0}.
 * The log prefix before {@code IN=} names the rule and usually the verdict; keys stay under
 * {@code firewall.<KEY>} as written, bare words (DF, SYN, ACK) under {@code firewall.flags}.
 */
final class IptablesParser {
    private IptablesParser() {}

    static boolean looksLikeNetfilter(String s) {
        return s.contains("IN=") && s.contains(" SRC=") && s.contains(" DST=");
    }

    static boolean parse(String s, DecodeContext ctx) {
        int in = s.startsWith("IN=") ? 0 : s.indexOf(" IN=") + 1;
        if (in <= 0 && !s.startsWith("IN=")) {
            return false;
        }
        if (!looksLikeNetfilter(s)) {
            return false;
        }
        Event e = ctx.event;
        e.put(Ecs.EVENT_MODULE, "firewall");
        e.put(Ecs.EVENT_DATASET, "firewall.log");
        e.put(Ecs.EVENT_KIND, "event");
        EcsFields.category(e, "network");
        e.put(Ecs.EVENT_TYPE, new ArrayList<>(List.of("connection")));
        String prefix = logPrefix(s, in);
        if (!prefix.isEmpty()) {
            e.put("firewall.prefix", prefix);
            String action = FirewallActions.of(prefix);
            if (action != null && e.get(Ecs.EVENT_ACTION) == null) {
                FirewallActions.apply(e, action); // with the outcome and event type, as key=value records get them
            }
        }
        List<Object> flags = new ArrayList<>();
        int n = s.length();
        while (n > in && (s.charAt(n - 1) == '\n' || s.charAt(n - 1) == '\r')) {
            n--;
        }
        KeyValues.scan(s, in, n, new KeyValues.Sink() {
            @Override
            public void pair(String key, String value, boolean quoted) {
                if (value.isEmpty()) {
                    return;
                }
                e.put("firewall." + key, value);
                switch (key) {
                    case "IN" -> e.put("observer.ingress.interface.name", value);
                    case "OUT" -> e.put("observer.egress.interface.name", value);
                    case "SRC" -> EcsFields.source(e, value);
                    case "DST" -> EcsFields.destination(e, value);
                    case "SPT" -> EcsFields.number(e, Ecs.SOURCE_PORT, value);
                    case "DPT" -> EcsFields.number(e, Ecs.DESTINATION_PORT, value);
                    case "PROTO" -> e.put("network.transport", FirewallActions.transport(value));
                    default -> { }
                }
            }

            @Override
            public void flag(String token) {
                flags.add(token);
            }
        });
        if (!flags.isEmpty()) {
            e.put("firewall.flags", flags);
        }
        return true;
    }

    /** The text before IN= without the kernel's "[  123.456]" uptime stamp. */
    private static String logPrefix(String s, int in) {
        int i = 0;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close > 0 && close < in && isUptime(s, 1, close)) {
                i = close + 1;
            }
        }
        return s.substring(i, in).trim();
    }

    private static boolean isUptime(String s, int from, int to) {
        for (int k = from; k < to; k++) {
            char c = s.charAt(k);
            if (!(c == ' ' || c == '.' || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }
}
