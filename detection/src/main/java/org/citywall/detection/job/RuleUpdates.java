package org.citywall.detection.job;

import java.io.Serializable;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.citywall.detection.intel.IndicatorSet;
import org.citywall.detection.sigma.RuleSet;

/**
 * Polls the rule files and indicator files (the source ticks every few seconds) and produces a new
 * rule set or indicator set when they changed; each is {@code null} in a {@link Tick} without a change.
 */
final class RuleUpdates implements GeneratorFunction<Long, RuleUpdates.Tick> {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RuleUpdates.class);
    private static final long serialVersionUID = 1L;

    private final RuleSetLoader loader;
    private final String initialVersion;
    private final IntelLoader intel;
    private final String initialIntelVersion;
    private transient String lastVersion;
    private transient String lastIntelVersion;

    RuleUpdates(RuleSetLoader loader, String initialVersion, IntelLoader intel, String initialIntelVersion) {
        this.loader = loader;
        this.initialVersion = initialVersion;
        this.intel = intel;
        this.initialIntelVersion = initialIntelVersion;
    }

    @Override
    public void open(SourceReaderContext readerContext) {
        lastVersion = initialVersion;
        lastIntelVersion = initialIntelVersion;
    }

    @Override
    public Tick map(Long tick) {
        RuleSet rules = null;
        String now = loader.fingerprint();
        if (!now.equals(lastVersion)) {
            try {
                rules = loader.load();
                lastVersion = now;
            } catch (RuntimeException e) {
                // an unreadable directory or pipeline (a half-copied file, a mount gone): keep the running rules
                // and try again at the next poll, rather than failing the job over
                LOG.error("event=rules_reload_failed error=\"{}\"", e.getMessage());
            }
        }
        IndicatorSet indicators = null;
        if (intel.configured()) {
            String intelNow = intel.fingerprint();
            if (!intelNow.equals(lastIntelVersion)) {
                indicators = intel.load();
                if (indicators != null) {
                    lastIntelVersion = intelNow;
                }
            }
        }
        return new Tick(rules, indicators);
    }

    /** One poll's outcome. */
    record Tick(RuleSet ruleSet, IndicatorSet indicators) implements Serializable {
        boolean changed() {
            return ruleSet != null || indicators != null;
        }
    }
}
