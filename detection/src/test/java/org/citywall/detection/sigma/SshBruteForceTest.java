package org.citywall.detection.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.citywall.detection.correlation.CorrelationResult;
import org.citywall.event.Alert;
import org.citywall.event.Event;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The built-in SSH brute force rule: five failed passwords from one address within 60 s of event time. */
class SshBruteForceTest {
    private static final String RULE = "1f0c9a52-6b1e-4d47-9d1c-5f2a7e3b8c01";
    private static RuleSet pack;

    @BeforeAll
    static void load() throws Exception {
        pack = RuleSet.builder().addBuiltInPack().build();
        assertThat(pack.rejections()).isEmpty();
    }

    private static List<Event> positive() throws Exception {
        return PackEvents.read(PackEvents.ROOT + "linux/ssh_brute_force/positive.jsonl");
    }

    @Test
    void sevenFailuresGiveExactlyOneAlertNamingSourceHostUsersCountAndTimes() throws Exception {
        PackEvents.Alerts alerts = PackEvents.run(pack, positive());
        List<CorrelationResult> mine = alerts.correlations().stream().filter(r -> r.ruleId().equals(RULE)).toList();
        assertThat(mine).isNotEmpty();
        assertThat(mine.stream().map(CorrelationResult::alertId).distinct()).hasSize(1);
        CorrelationResult last = mine.get(mine.size() - 1);
        assertThat(last.count()).isEqualTo(7);
        assertThat(last.key().asMap()).containsEntry("source.ip", "203.0.113.9");
        assertThat(last.key().domain()).isEqualTo("taiyuan");
        assertThat(last.matched().get("host.name")).containsExactly("web1");
        assertThat(last.matched().get("user.name")).containsExactly("root", "admin", "oracle", "test", "ubuntu", "postgres", "git");
        Alert alert = last.toAlert();
        assertThat(alert.firstSeen()).isEqualTo("2026-01-15T10:00:00Z");
        assertThat(alert.lastSeen()).isEqualTo("2026-01-15T10:00:36Z");
        assertThat(alert.level()).isEqualTo("high");
        assertThat(alert.tactics()).containsExactly("credential-access");
        assertThat(alert.techniques()).containsExactly("T1110.001");
        assertThat(alert.eventIds()).hasSize(7);
        assertThat(alert.id()).isEqualTo(Alert.idFor(RULE, "taiyuan", java.util.Map.of("source.ip", "203.0.113.9"),
                java.time.Instant.parse("2026-01-15T10:00:00Z").toEpochMilli()));
    }

    @Test
    void theSingleFailuresAreNotAlertsOnTheirOwn() throws Exception {
        PackEvents.Alerts alerts = PackEvents.run(pack, positive());
        assertThat(alerts.matches()).extracting(RuleMatch::ruleId).doesNotContain("6b8f2d3e-0a41-4c7e-a9b2-3d5e7f1c2a10");
    }

    @Test
    void theOutcomeDoesNotDependOnArrivalOrderWithinTheOutOfOrdernessBound() throws Exception {
        List<Event> events = new ArrayList<>(positive().subList(0, 7));
        Collections.shuffle(events, new Random(42));
        events.add(positive().get(7));
        PackEvents.Alerts alerts = PackEvents.run(pack, events);
        // the shuffled attempts span 36 s, more than the loop's 2 s out-of-orderness: some arrive late but
        // within the allowed lateness, and the burst still gives one alert with one id and all seven events
        List<CorrelationResult> mine = alerts.correlations().stream().filter(r -> r.ruleId().equals(RULE)).toList();
        assertThat(mine.stream().map(CorrelationResult::alertId).collect(Collectors.toSet())).hasSize(1);
        assertThat(mine.get(mine.size() - 1).count()).isEqualTo(7);
    }

    @Test
    void belowThresholdSpreadOutOrFromManySourcesGivesNoAlert() throws Exception {
        PackEvents.Alerts alerts = PackEvents.run(pack, PackEvents.read(PackEvents.ROOT + "linux/ssh_brute_force/negative.jsonl"));
        assertThat(alerts.ruleIds()).doesNotContain(RULE);
    }
}
