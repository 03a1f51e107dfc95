package org.citywall.detection.decode;

import java.time.Instant;
import org.citywall.event.Ecs;
import org.citywall.event.Event;

/**
 * AWS VPC flow log records in the default version-2 format:
 * {@code version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status}.
 * NODATA and SKIPDATA records carry {@code -} for the connection fields.
 */
final class VpcFlowParser {
    private VpcFlowParser() {}

    static boolean parse(String s, DecodeContext ctx) {
        String line = s.strip();
        String[] f = new String[14];
        int count = 0;
        int i = 0;
        while (i <= line.length()) {
            int sp = line.indexOf(' ', i);
            if (sp < 0) {
                sp = line.length();
            }
            if (count == 14) {
                return false;
            }
            f[count++] = line.substring(i, sp);
            i = sp + 1;
        }
        if (count != 14 || !f[0].equals("2")) {
            return false;
        }
        Long start = Numbers.parseLong(f[10]);
        Long end = Numbers.parseLong(f[11]);
        if (start == null || end == null) {
            return false;
        }
        Event e = ctx.event;
        e.put(Ecs.EVENT_MODULE, "aws");
        e.put(Ecs.EVENT_DATASET, "aws.vpcflow");
        e.put(Ecs.EVENT_KIND, "event");
        EcsFields.category(e, "network");
        e.put("cloud.provider", "aws");
        String[] names = {"version", "account_id", "interface_id", "srcaddr", "dstaddr", "srcport", "dstport",
            "protocol", "packets", "bytes", "start", "end", "action", "log_status"};
        for (int k = 0; k < 14; k++) {
            if (!f[k].equals("-")) {
                e.put("aws.vpcflow." + names[k], f[k]);
            }
        }
        if (!f[1].equals("-")) {
            e.put("cloud.account.id", f[1]);
        }
        EcsFields.source(e, f[3]);
        EcsFields.destination(e, f[4]);
        EcsFields.number(e, Ecs.SOURCE_PORT, f[5]);
        EcsFields.number(e, Ecs.DESTINATION_PORT, f[6]);
        if (!f[7].equals("-")) {
            e.put("network.iana_number", f[7]);
            e.put("network.transport", FirewallActions.transport(f[7]));
        }
        EcsFields.number(e, "network.packets", f[8]);
        EcsFields.number(e, "network.bytes", f[9]);
        Instant startAt = Instant.ofEpochSecond(start);
        e.put("event.start", IsoInstant.format(startAt));
        e.put("event.end", IsoInstant.format(end, 0));
        ctx.eventTime(startAt);
        String action = FirewallActions.of(f[12]);
        if (action != null) {
            e.put(Ecs.EVENT_ACTION, action);
        }
        return true;
    }
}
