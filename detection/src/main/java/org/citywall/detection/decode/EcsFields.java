package org.citywall.detection.decode;

import java.util.ArrayList;
import java.util.Arrays;
import org.citywall.event.Ecs;
import org.citywall.event.Event;

/** Small setters shared by the normalisers, so every one fills ECS fields the same way. */
final class EcsFields {
    private EcsFields() {}

    static final String SOURCE_ADDRESS = "source.address";
    static final String SOURCE_DOMAIN = "source.domain";
    static final String DESTINATION_ADDRESS = "destination.address";
    static final String DESTINATION_DOMAIN = "destination.domain";

    /** An address as written goes to {@code source.address}; an IP also to {@code source.ip}, a name to {@code source.domain}. */
    static void source(Event e, String address) {
        endpoint(e, address, SOURCE_ADDRESS, Ecs.SOURCE_IP, SOURCE_DOMAIN);
    }

    static void destination(Event e, String address) {
        endpoint(e, address, DESTINATION_ADDRESS, Ecs.DESTINATION_IP, DESTINATION_DOMAIN);
    }

    private static void endpoint(Event e, String address, String addressField, String ipField, String domainField) {
        if (address == null || address.isEmpty() || address.equals("-") || address.equals("?")) {
            return;
        }
        String a = address;
        if (a.length() > 2 && a.charAt(0) == '[' && a.charAt(a.length() - 1) == ']') {
            a = a.substring(1, a.length() - 1);
        }
        e.put(addressField, a);
        if (Ips.isIp(a)) {
            e.put(ipField, a);
        } else if (a.indexOf(' ') < 0) {
            e.put(domainField, a);
        }
    }

    /** Puts a port (or any non-negative count) when the text is a number. */
    static void number(Event e, String field, String text) {
        Long v = Numbers.parseLong(text);
        if (v != null && v >= 0) {
            e.put(field, v);
        }
    }

    static void auth(Event e, String action, String outcome) {
        e.put(Ecs.EVENT_MODULE, "system");
        e.put(Ecs.EVENT_DATASET, "system.auth");
        e.put(Ecs.EVENT_KIND, "event");
        if (action != null) {
            e.put(Ecs.EVENT_ACTION, action);
        }
        if (outcome != null) {
            e.put(Ecs.EVENT_OUTCOME, outcome);
        }
    }

    /** Lists are mutable ArrayLists: Flink's Kryo fallback cannot rebuild the JDK's immutable lists. */
    static void category(Event e, String... categories) {
        e.put(Ecs.EVENT_CATEGORY, new ArrayList<>(Arrays.asList(categories)));
    }

    static void user(Event e, String name) {
        if (name != null && !name.isEmpty()) {
            e.put(Ecs.USER_NAME, name);
        }
    }
}
