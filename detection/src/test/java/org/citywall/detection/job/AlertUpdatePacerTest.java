package org.citywall.detection.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.citywall.event.Alert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Alert writes are paced per alert id; processing time is the harness's, not the clock's. */
class AlertUpdatePacerTest {
    private KeyedOneInputStreamOperatorTestHarness<String, Alert, Alert> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new AlertUpdatePacer(1000, 4000)), Alert::id, Types.STRING);
        harness.setProcessingTime(0);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void aNewAlertIsWrittenAtOnce() throws Exception {
        send(alert("a", 1));
        assertThat(written()).extracting(Alert::count).containsExactly(1L);
    }

    @Test
    void updatesWithinTheIntervalAreHeldAndOnlyTheNewestIsWritten() throws Exception {
        send(alert("a", 1));
        harness.setProcessingTime(100);
        send(alert("a", 2));
        send(alert("a", 3));
        assertThat(written()).extracting(Alert::count).containsExactly(1L);
        harness.setProcessingTime(1000);
        assertThat(written()).extracting(Alert::count).containsExactly(1L, 3L);
    }

    @Test
    void alertsAreIndependentOfEachOther() throws Exception {
        send(alert("a", 1));
        send(alert("b", 1));
        send(alert("a", 2));
        assertThat(written()).extracting(Alert::id).containsExactly("a", "b");
    }

    @Test
    void afterAQuietIntervalTheNextUpdateIsWrittenAtOnce() throws Exception {
        send(alert("a", 1));
        harness.setProcessingTime(1000); // nothing held: the pacing of "a" ends
        harness.setProcessingTime(5000);
        send(alert("a", 2));
        assertThat(written()).extracting(Alert::count).containsExactly(1L, 2L);
    }

    @Test
    void anAlertThatKeepsChangingIsWrittenLessOftenUpToTheLongestInterval() throws Exception {
        List<Long> writtenAt = new ArrayList<>();
        long count = 0;
        for (long t = 0; t <= 20_000; t += 100) { // a new version every 100 ms
            int before = written().size();
            harness.setProcessingTime(t);
            send(alert("a", ++count));
            if (written().size() > before) {
                writtenAt.add(t);
            }
        }
        // 1 s, then 2 s, then 4 s (the longest) between writes
        assertThat(writtenAt).containsExactly(0L, 1000L, 3000L, 7000L, 11000L, 15000L, 19000L);
    }

    @Test
    void aQuietIntervalResetsThePace() throws Exception {
        send(alert("a", 1));
        send(alert("a", 2));
        harness.setProcessingTime(1000); // 2 written, next turn after 2 s
        harness.setProcessingTime(3000); // nothing held: quiet
        harness.setProcessingTime(10_000);
        send(alert("a", 3));
        send(alert("a", 4));
        harness.setProcessingTime(11_000);
        assertThat(written()).extracting(Alert::count).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void theEndOfABoundedInputWritesWhatIsHeld() throws Exception {
        send(alert("a", 1));
        send(alert("a", 2));
        harness.processWatermark(Long.MAX_VALUE);
        assertThat(written()).extracting(Alert::count).containsExactly(1L, 2L);
        harness.setProcessingTime(1000);
        assertThat(written()).as("not written twice").extracting(Alert::count).containsExactly(1L, 2L);
    }

    @Test
    void aWatermarkBeforeTheEndHoldsNothingBack() throws Exception {
        send(alert("a", 1));
        send(alert("a", 2));
        harness.processWatermark(5_000);
        assertThat(written()).extracting(Alert::count).containsExactly(1L);
    }

    @Test
    void heldUpdatesSurviveARestoreFromASnapshot() throws Exception {
        send(alert("a", 1));
        send(alert("a", 2));
        var snapshot = harness.snapshot(1, 100);
        harness.close();
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new AlertUpdatePacer(1000, 4000)), Alert::id, Types.STRING);
        harness.setProcessingTime(0);
        harness.initializeState(snapshot);
        harness.open();
        harness.setProcessingTime(1000);
        assertThat(written()).extracting(Alert::count).containsExactly(2L);
    }

    private void send(Alert a) throws Exception {
        harness.processElement(new StreamRecord<>(a));
    }

    private List<Alert> written() {
        return harness.extractOutputValues();
    }

    private static Alert alert(String id, long count) {
        return new Alert(id, "2026-01-01T00:00:00Z", "rule", "title", "high", List.of(), List.of(), "d",
                "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", count, Map.of("source.ip", "203.0.113.9"),
                Map.of("user.name", List.of("root")), List.of("e" + count), "reason", Alert.STATUS_OPEN, null, null, null);
    }
}
