package org.citywall.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A detection: which rule fired, on what, when, and the triage state analysts give it.
 *
 * <p>The id is deterministic ({@link #idFor}): the same rule, group-by values and window always give
 * the same id, so a restarted or replayed job overwrites the alert instead of duplicating it.
 *
 * @param id          deterministic id, see {@link #idFor}
 * @param timestamp   when the alert's activity began (first matching event), ISO-8601
 * @param ruleId      id of the rule (Sigma {@code id} or {@code name})
 * @param ruleTitle   human title of the rule
 * @param level       Sigma level: informational, low, medium, high, critical
 * @param tactics     ATT&amp;CK tactics from the rule's tags, e.g. {@code credential-access}
 * @param techniques  ATT&amp;CK technique ids, e.g. {@code T1110.001}
 * @param domain      the 1+N domain of the events
 * @param firstSeen   event time of the first matching event
 * @param lastSeen    event time of the last matching event
 * @param count       number of matching events
 * @param groupBy     the correlation's group-by values (empty for single-event rules)
 * @param matched     field values that made the rule fire; lists when several events contributed
 * @param eventIds    ids of the matching events (bounded; {@code count} is the true number)
 * @param reason      a one-line explanation for the queue
 * @param status      triage status: open, acknowledged, in_progress, closed
 * @param resolution  when closed: resolved, false_positive or duplicate
 * @param assignee    the analyst it is assigned to, or {@code null}
 * @param updatedAt   when triage state last changed, ISO-8601
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Alert(
        @JsonProperty("alert_id") String id,
        @JsonProperty("@timestamp") String timestamp,
        @JsonProperty("rule_id") String ruleId,
        @JsonProperty("rule_title") String ruleTitle,
        @JsonProperty("level") String level,
        @JsonProperty("tactics") List<String> tactics,
        @JsonProperty("techniques") List<String> techniques,
        @JsonProperty("domain") String domain,
        @JsonProperty("first_seen") String firstSeen,
        @JsonProperty("last_seen") String lastSeen,
        @JsonProperty("count") long count,
        @JsonProperty("group_by") Map<String, Object> groupBy,
        @JsonProperty("matched") Map<String, Object> matched,
        @JsonProperty("event_ids") List<String> eventIds,
        @JsonProperty("reason") String reason,
        @JsonProperty("status") String status,
        @JsonProperty("resolution") String resolution,
        @JsonProperty("assignee") String assignee,
        @JsonProperty("updated_at") String updatedAt) {

    public static final String STATUS_OPEN = "open";

    public Alert {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(ruleId, "ruleId");
        tactics = tactics == null ? List.of() : List.copyOf(tactics);
        techniques = techniques == null ? List.of() : List.copyOf(techniques);
        groupBy = groupBy == null ? Map.of() : Map.copyOf(groupBy);
        matched = matched == null ? Map.of() : Map.copyOf(matched);
        eventIds = eventIds == null ? List.of() : List.copyOf(eventIds);
    }

    /**
     * The deterministic alert id: the first 160 bits, in hex, of SHA-256 over rule id, domain, the group-by
     * values in key order, and the window start. Stable across restarts, replays and JVMs.
     */
    public static String idFor(String ruleId, String domain, Map<String, ?> groupBy, long windowStartMillis) {
        StringBuilder sb = new StringBuilder().append(ruleId).append('\u0000').append(domain).append('\u0000');
        new TreeMap<>(groupBy == null ? Map.of() : groupBy)
                .forEach((k, v) -> sb.append(k).append('=').append(v).append('\u0000'));
        sb.append(windowStartMillis);
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }

    public String toJson() {
        return Json.write(this);
    }

    public static Alert fromJson(String json) {
        return Json.read(json, Alert.class);
    }
}
