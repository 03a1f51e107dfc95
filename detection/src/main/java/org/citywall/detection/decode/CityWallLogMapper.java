package org.citywall.detection.decode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.citywall.event.Ecs;
import org.citywall.event.Event;

/**
 * CityWall's own console and crypto-service logs: one flat JSON object per line whose
 * {@code service} is {@code citywall.console} or {@code citywall.crypto}. The shape (documented in
 * FIELDS.md) names who did what, when, from where, with what result: {@code @timestamp}, {@code
 * service}, {@code action}, {@code outcome}, {@code user}, {@code roles}, {@code source_ip},
 * {@code domain}, {@code method}, {@code path}, {@code status}, {@code app}, {@code key_id},
 * {@code key_version}, {@code algorithm}, {@code bytes}, {@code reason}, {@code request_id},
 * {@code duration_ms}, {@code level}, {@code message}. Keys outside the shape stay under
 * {@code citywall.<console|crypto>.<key>}.
 */
final class CityWallLogMapper {
    private CityWallLogMapper() {}

    static final String SERVICE_PREFIX = "citywall.";

    static boolean isCityWall(Map<String, ?> doc) {
        return doc.get("service") instanceof String s && (s.equals("citywall.console") || s.equals("citywall.crypto"));
    }

    static void map(Map<String, Object> doc, DecodeContext ctx) {
        Event e = ctx.event;
        String service = (String) doc.get("service");
        String area = service.substring(SERVICE_PREFIX.length());
        e.put(Ecs.EVENT_MODULE, "citywall");
        e.put(Ecs.EVENT_DATASET, service);
        e.put(Ecs.EVENT_KIND, "event");
        for (Map.Entry<String, Object> entry : doc.entrySet()) {
            Object raw = entry.getValue();
            if (raw == null) {
                continue;
            }
            if (raw instanceof Map<?, ?> || raw instanceof List<?>) {
                // containers only where the shape has none (roles) or outside the shape
                String path = entry.getKey().equals("roles") ? "user.roles" : "citywall." + area + "." + entry.getKey();
                JsonFlattener.value(raw, path, e, raw instanceof List<?>);
                continue;
            }
            Object v = JsonFlattener.scalar(raw);
            String s = v instanceof String str ? str : null;
            switch (entry.getKey()) {
                case "service" -> { }
                case "@timestamp", "timestamp" -> {
                    if (s != null && ctx.timestamps.iso(s, 0, true) == s.length()) {
                        ctx.eventTime(ctx.timestamps.instant);
                    }
                }
                case "action" -> e.put(Ecs.EVENT_ACTION, v.toString());
                case "outcome" -> e.put(Ecs.EVENT_OUTCOME, v.toString());
                case "user" -> EcsFields.user(e, v.toString());
                case "roles" -> e.put("user.roles", new ArrayList<>(List.of(v.toString())));
                case "source_ip" -> EcsFields.source(e, v.toString());
                case "domain" -> e.put("citywall.target.domain", v.toString());
                case "method" -> e.put("http.request.method", v.toString());
                case "path" -> e.put("url.path", v.toString());
                case "status" -> number(e, "http.response.status_code", v);
                case "app" -> e.put("citywall.app", v.toString());
                case "key_id" -> e.put("citywall.key.id", v.toString());
                case "key_version" -> number(e, "citywall.key.version", v);
                case "algorithm" -> e.put("citywall.crypto.algorithm", v.toString());
                case "bytes" -> number(e, "citywall.crypto.bytes", v);
                case "reason" -> e.put("event.reason", v.toString());
                case "request_id" -> e.put("http.request.id", v.toString());
                case "duration_ms" -> {
                    if (v instanceof Long ms) {
                        e.put("event.duration", ms * 1_000_000L);
                    }
                }
                case "level" -> e.put("log.level", v.toString());
                case "message" -> e.put(Ecs.MESSAGE, v.toString());
                default -> e.put("citywall." + area + "." + entry.getKey(), v);
            }
        }
        String action = e.getString(Ecs.EVENT_ACTION);
        if (action != null && (action.equals("login") || action.equals("logout"))) {
            EcsFields.category(e, "authentication");
        }
    }

    private static void number(Event e, String field, Object v) {
        if (v instanceof Long) {
            e.put(field, v);
        } else {
            EcsFields.number(e, field, v.toString());
        }
    }
}
