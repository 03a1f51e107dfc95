package org.citywall.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void flattenAndNestAreInverse() {
        String doc = "{\"source\":{\"ip\":\"10.1.1.1\",\"port\":22},\"user\":{\"name\":\"root\"},\"tags\":[\"a\",\"b\"],\"@timestamp\":\"2026-01-01T00:00:00Z\"}";
        Map<String, Object> flat = Json.flatten(Json.readObject(doc));
        assertThat(flat).containsEntry("source.ip", "10.1.1.1").containsEntry("source.port", 22L)
                .containsEntry("user.name", "root").containsEntry("tags", List.of("a", "b"));
        assertThat(Json.write(Json.nest(flat))).isEqualTo(doc);
    }

    @Test
    void aKeyThatIsBothValueAndParentKeepsBoth() {
        Map<String, Object> nested = Json.nest(Map.of("a", "x"));
        assertThat(nested).containsEntry("a", "x");
        var both = new java.util.LinkedHashMap<String, Object>();
        both.put("a", "x");
        both.put("a.b", "y");
        assertThat(Json.write(Json.nest(both))).isEqualTo("{\"a\":{\"value\":\"x\",\"b\":\"y\"}}");
    }

    @Test
    void malformedJsonSaysWhere() {
        assertThatThrownBy(() -> Json.readObject("{\"a\": }"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 1");
    }

    @Test
    void deeplyNestedHostileJsonIsRejectedNotOverflowed() {
        String deep = "[".repeat(100_000);
        assertThatThrownBy(() -> Json.readObject("{\"a\":" + deep)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eventRoundTripsThroughJson() {
        Event e = new Event().put(Ecs.SOURCE_IP, "192.0.2.7").put(Ecs.USER_NAME, "admin").addTag("sshd");
        assertThat(Event.fromJson(e.toJson())).isEqualTo(e);
    }
}
