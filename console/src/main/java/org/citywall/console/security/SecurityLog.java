package org.citywall.console.security;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.citywall.event.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Log-in events as one ECS JSON line each on the logger {@code citywall.console.security}, so the
 * detection job (JSON codec, ECS passes through) can alert on brute force against the console:
 * {@code {"@timestamp":..,"event":{"module":"citywall-console","action":"login","outcome":"failure",
 * "reason":"bad_credentials"},"user":{"name":"alice"},"source":{"ip":"10.0.0.5"}}}.
 * Never a password.
 */
public final class SecurityLog {
    /** The logger name operators route to the collector. */
    public static final String LOGGER = "citywall.console.security";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private SecurityLog() {}

    /**
     * Writes one event.
     *
     * @param action   {@code login}, {@code logout}, {@code lockout}
     * @param outcome  {@code success} or {@code failure}
     * @param reason   a stable code or {@code null}
     */
    public static void event(String action, String outcome, String user, String sourceIp, String reason) {
        LOG.info(line(Instant.now(), action, outcome, user, sourceIp, reason));
    }

    static String line(Instant at, String action, String outcome, String user, String sourceIp, String reason) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("module", "citywall-console");
        event.put("action", action);
        event.put("outcome", outcome);
        if (reason != null) {
            event.put("reason", reason);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("@timestamp", at.toString());
        m.put("event", event);
        m.put("user", Map.of("name", user == null ? "" : user));
        m.put("source", Map.of("ip", sourceIp == null ? "" : sourceIp));
        return Json.write(m);
    }
}
