package org.citywall.detection.decode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.citywall.event.Ecs;
import org.citywall.event.Event;

/**
 * Connection records written as {@code key=value} pairs (FortiGate, many NetFlow/IPFIX exporters,
 * home-grown firewall exports): {@code srcip=1.2.3.4 dstip=5.6.7.8 srcport=1 dstport=22 proto=6 action=deny};
 * also comma- or semicolon-separated, as Huawei USG ({@code SourceIP=..,DestinationIP=..}) and H3C
 * SecPath ({@code SrcIPAddr(1003)=..;DstIPAddr(1007)=..;}) write them (see {@link KeyValues#separator}).
 * Vendors spell the same thing many ways, so keys are matched case-insensitively against alias
 * lists; every key stays under {@code firewall.<key>} (or {@code netflow.<key>}, or the vendor's
 * namespace when a device normaliser asks) as written, without an H3C field code. A record that
 * counts bytes or packets is a flow ({@code netflow.log}), otherwise a firewall decision
 * ({@code firewall.log}). An action or session event ({@code Event(1048)=(8)Session created})
 * sets {@code event.action}, {@code event.outcome} and {@code event.type} through {@link FirewallActions}.
 */
final class KeyValueFirewallParser {
    private KeyValueFirewallParser() {}

    private enum Role { SRC_IP, DST_IP, SRC_PORT, DST_PORT, PROTO, ACTION, USER, RULE, BYTES, PACKETS, COUNTER }

    private static final Map<String, Role> ALIASES = Map.ofEntries(
            Map.entry("src", Role.SRC_IP), Map.entry("srcip", Role.SRC_IP), Map.entry("src_ip", Role.SRC_IP),
            Map.entry("srcaddr", Role.SRC_IP), Map.entry("src_addr", Role.SRC_IP), Map.entry("sourceip", Role.SRC_IP),
            Map.entry("source_ip", Role.SRC_IP), Map.entry("sip", Role.SRC_IP), Map.entry("ipv4_src_addr", Role.SRC_IP),
            Map.entry("source-ip", Role.SRC_IP), Map.entry("srcipaddr", Role.SRC_IP),
            Map.entry("dst", Role.DST_IP), Map.entry("dstip", Role.DST_IP), Map.entry("dst_ip", Role.DST_IP),
            Map.entry("dstaddr", Role.DST_IP), Map.entry("dst_addr", Role.DST_IP), Map.entry("destip", Role.DST_IP),
            Map.entry("dest_ip", Role.DST_IP), Map.entry("destination_ip", Role.DST_IP),
            Map.entry("dip", Role.DST_IP), Map.entry("ipv4_dst_addr", Role.DST_IP),
            Map.entry("destinationip", Role.DST_IP), Map.entry("destination-ip", Role.DST_IP), Map.entry("dstipaddr", Role.DST_IP),
            Map.entry("sport", Role.SRC_PORT), Map.entry("srcport", Role.SRC_PORT), Map.entry("src_port", Role.SRC_PORT),
            Map.entry("spt", Role.SRC_PORT), Map.entry("source_port", Role.SRC_PORT), Map.entry("l4_src_port", Role.SRC_PORT),
            Map.entry("sourceport", Role.SRC_PORT), Map.entry("source-port", Role.SRC_PORT),
            Map.entry("dport", Role.DST_PORT), Map.entry("dstport", Role.DST_PORT), Map.entry("dst_port", Role.DST_PORT),
            Map.entry("dpt", Role.DST_PORT), Map.entry("destport", Role.DST_PORT), Map.entry("dest_port", Role.DST_PORT),
            Map.entry("destination_port", Role.DST_PORT), Map.entry("l4_dst_port", Role.DST_PORT),
            Map.entry("destinationport", Role.DST_PORT), Map.entry("destination-port", Role.DST_PORT),
            Map.entry("proto", Role.PROTO), Map.entry("protocol", Role.PROTO), Map.entry("transport", Role.PROTO),
            Map.entry("action", Role.ACTION), Map.entry("act", Role.ACTION), Map.entry("disposition", Role.ACTION),
            Map.entry("verdict", Role.ACTION), Map.entry("event", Role.ACTION),
            Map.entry("policyname", Role.RULE), Map.entry("rule-name", Role.RULE), Map.entry("rulename", Role.RULE),
            Map.entry("rule_name", Role.RULE),
            Map.entry("user", Role.USER), Map.entry("srcuser", Role.USER), Map.entry("username", Role.USER),
            Map.entry("bytes", Role.BYTES), Map.entry("in_bytes", Role.COUNTER), Map.entry("out_bytes", Role.COUNTER),
            Map.entry("sentbyte", Role.COUNTER), Map.entry("rcvdbyte", Role.COUNTER),
            Map.entry("packets", Role.PACKETS), Map.entry("pkts", Role.PACKETS), Map.entry("in_pkts", Role.COUNTER),
            Map.entry("out_pkts", Role.COUNTER), Map.entry("sentpkt", Role.COUNTER), Map.entry("rcvdpkt", Role.COUNTER));

    /** True when the bytes hold key=value pairs naming both a source and a destination address. */
    static boolean looksLikeConnectionRecord(byte[] b, int from) {
        if (FormatSniffer.indexOf(b, from, "=") < 0) {
            return false;
        }
        return looksLikeConnectionRecord(new String(b, from, b.length - from, StandardCharsets.ISO_8859_1));
    }

    static boolean looksLikeConnectionRecord(String s) {
        if (s.indexOf('=') < 0) {
            return false;
        }
        boolean[] seen = new boolean[2];
        KeyValues.scanAny(s, 0, s.length(), (key, value, quoted) -> {
            Role r = ALIASES.get(key.toLowerCase(Locale.ROOT));
            if (r == Role.SRC_IP) {
                seen[0] = true;
            } else if (r == Role.DST_IP) {
                seen[1] = true;
            }
        });
        return seen[0] && seen[1];
    }

    static boolean parse(String s, DecodeContext ctx) {
        return looksLikeConnectionRecord(s) && parse(s, trimmed(s), null, ctx);
    }

    /**
     * Reads {@code s[0, to)} as a connection record (the caller has checked it is one); keys go
     * under {@code namespace.} when given, else under the module's name.
     */
    static boolean parse(String s, int to, String namespace, DecodeContext ctx) {
        Event e = ctx.event;
        List<String[]> pairs = new ArrayList<>();
        boolean[] flow = new boolean[1];
        KeyValues.scanAny(s, 0, to, (key, value, quoted) -> {
            pairs.add(new String[] {key, value});
            Role r = ALIASES.get(key.toLowerCase(Locale.ROOT));
            if (r == Role.BYTES || r == Role.PACKETS || r == Role.COUNTER) {
                flow[0] = true;
            }
        });
        String module = flow[0] ? "netflow" : "firewall";
        e.put(Ecs.EVENT_MODULE, module);
        e.put(Ecs.EVENT_DATASET, module + ".log");
        e.put(Ecs.EVENT_KIND, "event");
        EcsFields.category(e, "network");
        e.put(Ecs.EVENT_TYPE, new ArrayList<>(List.of("connection")));
        String prefix = (namespace != null ? namespace : module) + ".";
        for (String[] kv : pairs) {
            String key = kv[0];
            String value = kv[1];
            if (value.isEmpty()) {
                continue;
            }
            e.put(prefix + key, value);
            Role r = ALIASES.get(key.toLowerCase(Locale.ROOT));
            if (r == null) {
                continue;
            }
            switch (r) {
                case SRC_IP -> EcsFields.source(e, value);
                case DST_IP -> EcsFields.destination(e, value);
                case SRC_PORT -> EcsFields.number(e, Ecs.SOURCE_PORT, value);
                case DST_PORT -> EcsFields.number(e, Ecs.DESTINATION_PORT, value);
                case PROTO -> e.put("network.transport", FirewallActions.transport(value));
                case ACTION -> {
                    String action = FirewallActions.event(value);
                    if (action != null) {
                        FirewallActions.apply(e, action);
                    } else if (!key.equalsIgnoreCase("event")) {
                        e.put(Ecs.EVENT_ACTION, value.toLowerCase(Locale.ROOT));
                    }
                }
                case USER -> EcsFields.user(e, value);
                case RULE -> e.put("rule.name", value);
                case BYTES -> EcsFields.number(e, "network.bytes", value);
                case PACKETS -> EcsFields.number(e, "network.packets", value);
                default -> { }
            }
        }
        return true;
    }

    private static int trimmed(String s) {
        int n = s.length();
        while (n > 0 && (s.charAt(n - 1) == '\n' || s.charAt(n - 1) == '\r')) {
            n--;
        }
        return n;
    }
}
