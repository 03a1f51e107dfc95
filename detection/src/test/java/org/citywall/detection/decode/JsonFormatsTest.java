package org.citywall.detection.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.citywall.event.Event;
import org.junit.jupiter.api.Test;

/** JSON: ECS passes through, other objects are flattened, CityWall's own logs are mapped. */
class JsonFormatsTest {

    @Test
    void ecsDocumentsPassThroughButCannotForgeProvenance() {
        Event e = Decoding.decode("{\"@timestamp\":\"2026-11-27T10:15:30+08:00\",\"ecs\":{\"version\":\"8.11.0\"},"
                + "\"event\":{\"module\":\"custom\",\"dataset\":\"custom.app\",\"id\":\"forged\",\"original\":\"forged\"},"
                + "\"citywall\":{\"domain\":\"forged\"},\"user\":{\"name\":\"clerk17\"},\"source\":{\"ip\":\"10.3.2.1\"},"
                + "\"tags\":[\"x\"],\"process\":{\"args\":[\"a\",\"b\"]}}");
        assertThat(e.fields()).containsEntry("event.module", "custom").containsEntry("event.dataset", "custom.app")
                .containsEntry("user.name", "clerk17").containsEntry("source.ip", "10.3.2.1")
                .containsEntry("@timestamp", "2026-11-27T02:15:30Z").containsEntry("event.id", "test-1")
                .containsEntry("citywall.domain", "taiyuan").containsEntry("ecs.version", "8.11.0")
                .containsEntry("process.args", List.of("a", "b")).containsEntry("tags", List.of("x"));
        assertThat(e.getString("event.original")).startsWith("{\"@timestamp\"");
    }

    @Test
    void otherJsonIsFlattenedUnderJsonWithTheUsualKeysMapped() {
        Event e = Decoding.decode("{\"time\":1764209730,\"level\":\"warn\",\"msg\":\"slow query\",\"db\":{\"name\":\"payroll\",\"hosts\":[{\"h\":\"a\"},{\"h\":\"b\"}]},\"n\":12345678901234567890123,\"ok\":true,\"f\":1.5}");
        assertThat(e.fields()).containsEntry("event.module", "json").containsEntry("event.dataset", "json.log")
                .containsEntry("message", "slow query").containsEntry("log.level", "warn")
                .containsEntry("@timestamp", "2025-11-27T02:15:30Z").containsEntry("json.db.name", "payroll")
                .containsEntry("json.db.hosts.h", List.of("a", "b")).containsEntry("json.n", "12345678901234567890123")
                .containsEntry("json.ok", true).containsEntry("json.f", 1.5).doesNotContainKey("json");
    }

    @Test
    void malformedJsonIsADecodeFailureWithItsColumn() {
        Event e = Decoding.decode("{\"a\":1,,}");
        assertThat(e.fields()).containsEntry("error.type", "json.syntax").containsEntry(EventDecoder.FIELD_DECODE_COLUMN, 7L);
        assertThat(Decoding.decode("{\"a\":1} trailing").fields()).containsEntry("error.type", "json.syntax");
        assertThat(Decoding.decode(Format.JSON, "[1,2]").fields()).containsEntry("error.type", "json.not_object");
    }

    @Test
    void hostileNestingIsRejectedNotFollowed() {
        Event deep = Decoding.decode("{\"a\":" + "[".repeat(100_000));
        assertThat(deep.fields()).containsEntry("error.type", "json.syntax");
        Event deepObjects = Decoding.decode("{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000));
        assertThat(deepObjects.fields()).containsEntry("error.type", "json.syntax");
        assertThat(deepObjects.getString("error.message")).contains("nesting depth");
    }

    @Test
    void cityWallConsoleLog() {
        Event e = Decoding.decode("{\"@timestamp\":\"2026-11-27T02:15:30.456Z\",\"service\":\"citywall.console\",\"action\":\"login\",\"outcome\":\"failure\",\"user\":\"analyst3\",\"roles\":[\"analyst\"],\"source_ip\":\"10.8.1.23\",\"domain\":\"taiyuan\",\"method\":\"POST\",\"path\":\"/api/login\",\"status\":401,\"reason\":\"bad password\",\"request_id\":\"r-88213\",\"duration_ms\":12,\"session\":{\"new\":true}}");
        assertThat(e.fields()).containsEntry("event.module", "citywall").containsEntry("event.dataset", "citywall.console")
                .containsEntry("event.action", "login").containsEntry("event.outcome", "failure")
                .containsEntry("user.name", "analyst3").containsEntry("user.roles", List.of("analyst"))
                .containsEntry("source.ip", "10.8.1.23").containsEntry("citywall.target.domain", "taiyuan")
                .containsEntry("http.request.method", "POST").containsEntry("url.path", "/api/login")
                .containsEntry("http.response.status_code", 401L).containsEntry("event.reason", "bad password")
                .containsEntry("http.request.id", "r-88213").containsEntry("event.duration", 12_000_000L)
                .containsEntry("citywall.console.session.new", true).containsEntry("@timestamp", "2026-11-27T02:15:30.456Z")
                .containsEntry("event.category", List.of("authentication"));
    }

    @Test
    void cityWallCryptoLog() {
        Event e = Decoding.decode("{\"@timestamp\":\"2026-11-27T02:15:31.001Z\",\"service\":\"citywall.crypto\",\"action\":\"decrypt\",\"outcome\":\"failure\",\"user\":\"app:payroll\",\"app\":\"payroll\",\"key_id\":\"payroll-enc\",\"key_version\":3,\"algorithm\":\"SM4-GCM\",\"bytes\":2048,\"reason\":\"authentication tag mismatch\"}");
        assertThat(e.fields()).containsEntry("event.dataset", "citywall.crypto").containsEntry("citywall.app", "payroll")
                .containsEntry("citywall.key.id", "payroll-enc").containsEntry("citywall.key.version", 3L)
                .containsEntry("citywall.crypto.algorithm", "SM4-GCM").containsEntry("citywall.crypto.bytes", 2048L);
        Event viaSyslog = Decoding.decode("<14>1 2026-11-27T02:15:32Z cw-1 citywall - - - {\"service\":\"citywall.crypto\",\"action\":\"sign\",\"outcome\":\"success\",\"app\":\"hr\"}");
        assertThat(viaSyslog.fields()).containsEntry("event.dataset", "citywall.crypto").containsEntry("event.action", "sign")
                .containsEntry("host.name", "cw-1").containsEntry("@timestamp", "2026-11-27T02:15:32Z");
    }

    @Test
    void fixedFormatsRejectOtherRecords() {
        assertThat(Decoding.decode(Format.CLOUDTRAIL, "{\"a\":1}").fields()).containsEntry("error.type", "cloudtrail.not_cloudtrail");
        assertThat(Decoding.decode(Format.CITYWALL, "{\"service\":\"other\"}").fields()).containsEntry("error.type", "citywall.not_citywall");
        assertThat(Decoding.decode(Format.NGINX, "not an access log").fields()).containsEntry("error.type", "nginx.format");
    }
}
