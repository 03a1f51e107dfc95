package org.citywall.detection.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.citywall.detection.correlation.CorrelationInput;
import org.citywall.detection.correlation.CorrelationSettings;
import org.citywall.detection.decode.DecoderConfig;
import org.citywall.detection.decode.EventDecoder;
import org.citywall.detection.sigma.RuleMatch;
import org.citywall.detection.sigma.RuleSet;
import org.citywall.event.Alert;
import org.citywall.event.Event;
import org.citywall.event.RawEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The correlation operator with the rule set swapped under it: event time and rule updates are the test's. */
class CorrelateFunctionTest {
    private static final long T0 = Instant.parse("2026-11-28T10:00:00Z").toEpochMilli();

    @TempDir
    Path dir;
    private RuleSet withBruteForce;
    private CorrelationStages stages;
    private RuleSetLoader loader;
    private KeyedBroadcastOperatorTestHarness<String, CorrelationFeed, RuleUpdates.Tick, Alert> harness;

    @BeforeEach
    void open() throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        try (InputStream in = getClass().getResourceAsStream("/org/citywall/detection/rules/linux/ssh_brute_force.yml")) {
            Files.copy(in, rules.resolve("ssh_brute_force.yml"));
        }
        loader = new RuleSetLoader(List.of(rules.toString()), false);
        withBruteForce = loader.load();
        assertThat(withBruteForce.correlations()).hasSize(1);
        stages = new CorrelationStages(withBruteForce);
        harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new CorrelateFunction(withBruteForce, loader, new CorrelationSettings(0, 0, 100, 50), 1, true),
                CorrelationFeed::stateKey, Types.STRING, DetectFunction.RULES);
        harness.open();
        harness.processBroadcastWatermark(Long.MAX_VALUE - 1); // the rule stream never holds event time back (DetectionJob.EndOfTime)
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    /** The feeds one failed SSH password line from {@code ip} at {@code at} makes, as the detect stage makes them. */
    private List<CorrelationFeed> failedPassword(String ip, long at) {
        String line = "<38>1 " + Instant.ofEpochMilli(at) + " bastion-01 sshd 2211 - - Failed password for root from " + ip
                + " port 50022 ssh2";
        Event e = new EventDecoder(DecoderConfig.defaults())
                .decode(new RawEvent(line.getBytes(StandardCharsets.UTF_8), at, "10.9.9.9:514", "syslog-tcp", "taiyuan"), "e-" + at);
        List<CorrelationFeed> out = new java.util.ArrayList<>();
        for (RuleMatch m : withBruteForce.match(e)) {
            for (CorrelationInput in : withBruteForce.correlationInputs(m, e)) {
                out.add(CorrelationFeed.of(in, e, stages));
            }
        }
        assertThat(out).as("the line feeds the brute-force correlation").hasSize(1);
        return out;
    }

    private int stateEntries() {
        var backend = ((org.apache.flink.streaming.api.operators.AbstractStreamOperator<?>) harness.getOperator()).getKeyedStateBackend();
        return ((org.apache.flink.runtime.state.TestableKeyedStateBackend<?>) backend).numKeyValueStateEntries();
    }

    private void send(String ip, long at) throws Exception {
        for (CorrelationFeed f : failedPassword(ip, at)) {
            harness.processElement(f, at);
        }
    }

    @Test
    void aRunningBurstFiresAndKeepsItsAlertUpToDate() throws Exception {
        for (int i = 0; i < 5; i++) {
            send("203.0.113.7", T0 + i * 1000);
        }
        assertThat(harness.numEventTimeTimers()).as("one wake-up for the group, not one per match").isEqualTo(1);
        harness.processWatermark(T0 + 5000);
        assertThat(harness.extractOutputValues()).hasSize(1);
        send("203.0.113.7", T0 + 5500);
        harness.processWatermark(T0 + 120_000);
        List<Alert> alerts = harness.extractOutputValues();
        assertThat(alerts).hasSizeGreaterThan(1).extracting(Alert::id).containsOnly(alerts.get(0).id());
        assertThat(alerts.get(alerts.size() - 1).count()).isEqualTo(6);
        assertThat(stateEntries()).isZero();
    }

    @Test
    void whenTheRuleIsRemovedItsOpenGroupsEndWithoutAnotherWord() throws Exception {
        for (int i = 0; i < 5; i++) {
            send("203.0.113.7", T0 + i * 1000);
        }
        send("198.51.100.4", T0 + 4000); // a group that has not reached the threshold
        harness.processWatermark(T0 + 5000);
        assertThat(harness.extractOutputValues()).hasSize(1);
        send("203.0.113.7", T0 + 5500); // the occurrence has news it has not written yet

        Files.delete(dir.resolve("rules/ssh_brute_force.yml"));
        RuleSet without = loader.load();
        assertThat(without.correlations()).isEmpty();
        harness.processBroadcastElement(new RuleUpdates.Tick(without, null), T0 + 5600);
        harness.processWatermark(T0 + 120_000);

        assertThat(harness.extractOutputValues()).as("no update of the removed rule's alert").hasSize(1);
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(stateEntries()).as("both groups' state is gone").isZero();
    }

    @Test
    void matchesLaterThanTheAllowedLatenessAreDroppedEvenForAGroupNotSeenBefore() throws Exception {
        harness.processWatermark(T0 + 600_000);
        for (int i = 0; i < 5; i++) {
            send("192.0.2.50", T0 + i * 1000); // ten minutes behind event time, the lateness is zero
        }
        harness.processWatermark(T0 + 720_000);
        assertThat(harness.extractOutputValues()).as("no alert from matches the watermark had passed").isEmpty();
        assertThat(stateEntries()).as("and no state kept for them").isZero();
        assertThat(harness.numEventTimeTimers()).isZero();

        for (int i = 0; i < 5; i++) {
            send("192.0.2.50", T0 + 721_000 + i * 1000); // on time: the same group fires
        }
        harness.processWatermark(T0 + 730_000);
        assertThat(harness.extractOutputValues()).hasSize(1);
    }
}
