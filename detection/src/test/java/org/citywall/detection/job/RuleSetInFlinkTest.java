package org.citywall.detection.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.util.InstantiationUtil;
import org.citywall.detection.sigma.RuleSet;
import org.junit.jupiter.api.Test;

/** What the job ships to its operators must survive Java serialisation, as Flink sends it. */
class RuleSetInFlinkTest {

    @Test
    void theBuiltInRuleSetSerialisesAndStillMatches() throws Exception {
        RuleSet rules = new RuleSetLoader(List.of(), true).load();
        RuleSet copy = InstantiationUtil.clone(rules);
        assertThat(copy.rules()).hasSameSizeAs(rules.rules());
        assertThat(copy.correlations()).hasSameSizeAs(rules.correlations());
        assertThat(copy.version()).isEqualTo(rules.version());
    }

    @Test
    void theJobsFunctionsSerialise() throws Exception {
        RuleSet rules = new RuleSetLoader(List.of(), true).load();
        InstantiationUtil.clone(new DetectFunction(org.citywall.detection.decode.DecoderConfig.defaults(), rules, new RuleSetLoader(List.of(), true), org.citywall.detection.intel.IndicatorSet.empty(), ArchivePolicy.all()));
        InstantiationUtil.clone(new CorrelateFunction(rules, new RuleSetLoader(List.of(), true), org.citywall.detection.correlation.CorrelationSettings.DEFAULT, 1, false));
        InstantiationUtil.clone(new AlertDedupeFunction(600_000, 1000));
    }
}
