package org.citywall.detection.sink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BulkOutcomeTest {

    private static EsOperation merge(String id, long count) {
        return EsOperation.merge("citywall-alerts", id, "{\"count\":" + count + "}", "{\"alert_id\":\"" + id + "\",\"count\":" + count + "}");
    }

    @Test
    void anOlderUpdateOfAnAlertIsNotRetriedWhenALaterOneInTheSameBulkWasWritten() {
        BulkOutcome o = new BulkOutcome();
        o.add(merge("a1", 5), 429, "es_rejected_execution_exception", "queue full");
        o.add(merge("a1", 6), 200, null, null);
        assertThat(o.retries()).isEmpty();
        assertThat(o.superseded).isEqualTo(1);
        assertThat(o.written).isEqualTo(1);
    }

    @Test
    void whenBothUpdatesOfAnAlertFailOnlyTheLaterIsRetried() {
        BulkOutcome o = new BulkOutcome();
        EsOperation newer = merge("a1", 6);
        o.add(merge("a1", 5), 503, "unavailable_shards_exception", "primary not active");
        o.add(newer, 503, "unavailable_shards_exception", "primary not active");
        assertThat(o.retries()).containsExactly(newer);
    }

    @Test
    void failedWritesOfOtherDocumentsAreRetriedInRequestOrder() {
        BulkOutcome o = new BulkOutcome();
        EsOperation a = merge("a1", 5);
        EsOperation event = EsOperation.create("citywall-events-taiyuan-2026.11.29", "e1", "{}");
        EsOperation b = merge("a2", 1);
        o.add(a, 429, "es_rejected_execution_exception", "queue full");
        o.add(event, 500, "internal", "boom");
        o.add(merge("a3", 2), 200, null, null);
        o.add(b, 409, "version_conflict_engine_exception", "concurrent triage");
        assertThat(o.retries()).containsExactly(a, event, b);
        assertThat(o.superseded).isZero();
    }

    @Test
    void replayedCreatesAreDuplicatesAndDocumentErrorsAreRejectedNotRetried() {
        BulkOutcome o = new BulkOutcome();
        o.add(EsOperation.create("citywall-events-taiyuan-2026.11.29", "e1", "{}"), 409, "version_conflict_engine_exception", "exists");
        o.add(EsOperation.create("citywall-events-taiyuan-2026.11.29", "e2", "{}"), 400, "mapper_parsing_exception", "bad date");
        assertThat(o.duplicates).isEqualTo(1);
        assertThat(o.rejected).singleElement().satisfies(r -> assertThat(r.reason()).contains("mapper_parsing_exception"));
        assertThat(o.retries()).isEmpty();
    }
}
