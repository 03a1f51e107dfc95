package org.citywall.app.embedded;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.citywall.audit.AuditRecord;
import org.citywall.event.Json;

/**
 * Turns the platform's own audit records into the log lines the detection job reads as CityWall
 * console and crypto-service logs ({@code {"service":"citywall.console"|"citywall.crypto",...}}),
 * so the built-in rules for console log-in brute force, signature-rate spikes and repeated
 * decryption failures see what the console and the crypto service actually did.
 *
 * <p>Only log-ins, log-outs and crypto-service calls are fed: who, what, which key and version,
 * from where and how it ended. Never an input digest or anything else from the record's details
 * beyond the failure reason and the key version.
 */
final class SelfMonitoringLines {
    private SelfMonitoringLines() {}

    /** The line for {@code r}, or empty when the record is not one the detection job watches. */
    static Optional<String> of(AuditRecord r) {
        String action = r.action();
        boolean console = action.equals("console.login") || action.equals("console.logout");
        boolean crypto = action.startsWith("crypto.");
        if (!console && !crypto) {
            return Optional.empty();
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("@timestamp", r.time().toString());
        line.put("service", console ? "citywall.console" : "citywall.crypto");
        line.put("action", action);
        line.put("outcome", r.result().wireName());
        line.put("user", r.subject());
        if (r.role() != null) {
            line.put("roles", java.util.List.of(r.role()));
        }
        if (r.source() != null) {
            line.put("source_ip", hostOf(r.source()));
        }
        Map<String, Object> details = r.details() == null ? Map.of() : r.details();
        if (crypto) {
            line.put("app", r.subject());
            if (r.object() != null) {
                line.put("key_id", r.object());
            }
            if (details.get("version") instanceof Number v) {
                line.put("key_version", v.longValue());
            }
        }
        Object reason = details.containsKey("reason") ? details.get("reason") : details.get("error");
        if (reason != null) {
            line.put("reason", reason.toString());
        }
        if (r.requestId() != null) {
            line.put("request_id", r.requestId());
        }
        return Optional.of(Json.write(line));
    }

    /** The address of a {@code host}, {@code host:port} or {@code [v6]:port} source. */
    static String hostOf(String source) {
        if (source.startsWith("[")) {
            int end = source.indexOf(']');
            return end > 0 ? source.substring(1, end) : source;
        }
        int colon = source.indexOf(':');
        return colon > 0 && colon == source.lastIndexOf(':') ? source.substring(0, colon) : source;
    }
}
