package org.citywall.detection.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.citywall.event.Alert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Single-event matches become one alert per rule and subject while they keep coming; processing time is the harness's. */
class AlertDedupeFunctionTest {
    private static final long SUPPRESSION = 600_000;
    private KeyedOneInputStreamOperatorTestHarness<String, SingleMatch, Alert> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new AlertDedupeFunction(SUPPRESSION, 1000)), SingleMatch::stateKey, Types.STRING);
        harness.setProcessingTime(0);
        harness.setStateTtlProcessingTime(0);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private static SingleMatch match(String ip, long eventTime) {
        SingleMatch m = new SingleMatch();
        m.ruleId = "rule-1";
        m.title = "Scanner";
        m.level = "medium";
        m.tactics = List.of();
        m.techniques = List.of();
        m.domain = "taiyuan";
        m.subjectField = "source.ip";
        m.subjectValue = ip;
        m.eventTime = eventTime;
        m.eventId = ip + "@" + eventTime;
        m.matched = "{\"source.ip\":\"" + ip + "\"}";
        return m;
    }

    private List<Alert> alerts() {
        return harness.extractOutputValues();
    }

    @Test
    void repeatedMatchesWithinTheSuppressionPeriodUpdateOneAlert() throws Exception {
        harness.processElement(new StreamRecord<>(match("203.0.113.9", 1_000)));
        harness.processElement(new StreamRecord<>(match("203.0.113.9", 2_000)));
        harness.setProcessingTime(1_000);
        assertThat(alerts()).extracting(Alert::id).containsOnly(alerts().get(0).id());
        assertThat(alerts().get(alerts().size() - 1).count()).isEqualTo(2);
    }

    @Test
    void aSubjectNobodyContinuesIsForgottenAfterItsRetention() throws Exception {
        harness.processElement(new StreamRecord<>(match("203.0.113.9", 1_000)));
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        long later = AlertDedupeFunction.retention(SUPPRESSION).toMillis() + 1;
        harness.setProcessingTime(later);
        harness.setStateTtlProcessingTime(later);
        // even an event from within the suppression period of the first starts a new alert, counted from one
        harness.processElement(new StreamRecord<>(match("203.0.113.9", 5_000)));
        Alert fresh = alerts().get(alerts().size() - 1);
        assertThat(fresh.count()).isEqualTo(1);
        assertThat(fresh.id()).isNotEqualTo(alerts().get(0).id());
    }

    @Test
    void withinItsRetentionALateMatchStillContinuesTheAlert() throws Exception {
        harness.processElement(new StreamRecord<>(match("203.0.113.9", 1_000)));
        long later = AlertDedupeFunction.retention(SUPPRESSION).toMillis() - 1;
        harness.setProcessingTime(later);
        harness.setStateTtlProcessingTime(later);
        // e.g. a backlog after downtime: the event itself is from within the suppression period
        harness.processElement(new StreamRecord<>(match("203.0.113.9", 5_000)));
        harness.setProcessingTime(later + 1_000);
        assertThat(alerts()).extracting(Alert::id).containsOnly(alerts().get(0).id());
        assertThat(alerts().get(alerts().size() - 1).count()).isEqualTo(2);
    }
}
