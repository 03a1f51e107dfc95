package org.citywall.event;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Elasticsearch index names CityWall writes and reads. */
public final class IndexNames {
    private IndexNames() {}

    /** Alerts with their triage state; one index, ids are deterministic. */
    public static final String ALERTS = "citywall-alerts";
    /** Prefix of the per-domain, per-day event indices. */
    public static final String EVENTS_PREFIX = "citywall-events-";
    /** Prefix of the searchable copy of the audit trail. */
    public static final String AUDIT_PREFIX = "citywall-audit-";

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy.MM.dd").withZone(ZoneOffset.UTC);

    /** {@code citywall-events-<domain>-<yyyy.MM.dd>}; the domain is reduced to index-safe characters. */
    public static String events(String domain, Instant day) {
        return EVENTS_PREFIX + safe(domain) + "-" + DAY.format(day);
    }

    public static String audit(Instant day) {
        return AUDIT_PREFIX + DAY.format(day);
    }

    static String safe(String s) {
        String lower = (s == null || s.isBlank() ? "unknown" : s).toLowerCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder(lower.length());
        for (char c : lower.toCharArray()) {
            sb.append((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ? c : '_');
        }
        return sb.toString();
    }
}
