package org.citywall.console.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The alert feed's memory: new and changed alerts are told apart, and what it remembers is bounded. */
class AlertMemoryTest {

    @Test
    void theFirstPollOnlyLearnsThenNewAndChangedAlertsAreReported() {
        AlertMemory memory = new AlertMemory(100);
        assertThat(memory.compare(window(alert("a", 1, "open")))).isEmpty();
        List<AlertFeed.Change> changes = memory.compare(window(alert("b", 1, "open"), alert("a", 2, "open")));
        assertThat(changes).extracting(c -> c.kind() + ":" + c.alert().get("alert_id")).containsExactly("new:b", "updated:a");
        assertThat(memory.compare(window(alert("b", 1, "open"), alert("a", 2, "open")))).as("nothing changed").isEmpty();
    }

    @Test
    void anAlertThatLeftTheWindowIsNotNewWhenItReturnsUnchanged() {
        AlertMemory memory = new AlertMemory(100);
        memory.compare(window(alert("a", 1, "open")));
        memory.compare(window(alert("b", 1, "open")));
        assertThat(memory.compare(window(alert("a", 1, "open")))).isEmpty();
    }

    @Test
    void howeverManyAlertsPassByTheMemoryStaysWithinItsBound() {
        AlertMemory memory = new AlertMemory(50);
        memory.compare(window());
        for (int poll = 0; poll < 100; poll++) {
            Map<String, Map<String, Object>> now = new LinkedHashMap<>();
            for (int i = 0; i < 10; i++) {
                String id = "p" + poll + "-" + i;
                now.put(id, alert(id, 1, "open"));
            }
            assertThat(memory.compare(now)).hasSize(10).allMatch(c -> c.kind().equals("new"));
            assertThat(memory.remembered()).isLessThanOrEqualTo(50);
        }
        assertThat(memory.remembered()).isEqualTo(50);
    }

    private static Map<String, Map<String, Object>> window(Map<String, Object>... alerts) {
        Map<String, Map<String, Object>> m = new LinkedHashMap<>();
        for (Map<String, Object> a : alerts) {
            m.put((String) a.get("alert_id"), a);
        }
        return m;
    }

    private static Map<String, Object> alert(String id, long count, String status) {
        return Map.of("alert_id", id, "count", count, "status", status, "domain", "taiyuan");
    }
}
