package org.citywall.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertTest {

    @Test
    void idIsDeterministicAndIndependentOfGroupByOrder() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("source.ip", "10.0.0.1");
        a.put("host.name", "web1");
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("host.name", "web1");
        b.put("source.ip", "10.0.0.1");
        assertThat(Alert.idFor("r1", "taiyuan", a, 1000)).isEqualTo(Alert.idFor("r1", "taiyuan", b, 1000))
                .hasSize(40);
    }

    @Test
    void idChangesWithRuleDomainGroupAndWindow() {
        Map<String, Object> g = Map.of("source.ip", "10.0.0.1");
        String base = Alert.idFor("r1", "taiyuan", g, 1000);
        assertThat(Alert.idFor("r2", "taiyuan", g, 1000)).isNotEqualTo(base);
        assertThat(Alert.idFor("r1", "datong", g, 1000)).isNotEqualTo(base);
        assertThat(Alert.idFor("r1", "taiyuan", Map.of("source.ip", "10.0.0.2"), 1000)).isNotEqualTo(base);
        assertThat(Alert.idFor("r1", "taiyuan", g, 2000)).isNotEqualTo(base);
    }

    @Test
    void jsonRoundTrip() {
        Alert alert = new Alert("id1", "2026-01-01T00:00:00Z", "r1", "SSH brute force", "high",
                List.of("credential-access"), List.of("T1110.001"), "taiyuan", "2026-01-01T00:00:00Z",
                "2026-01-01T00:00:30Z", 5, Map.of("source.ip", "10.0.0.1"), Map.of("user.name", List.of("root")),
                List.of("e1"), "5 failed logins", Alert.STATUS_OPEN, null, null, null);
        String json = alert.toJson();
        assertThat(json).contains("\"alert_id\":\"id1\"", "\"@timestamp\"").doesNotContain("assignee");
        assertThat(Alert.fromJson(json)).isEqualTo(alert);
    }
}
