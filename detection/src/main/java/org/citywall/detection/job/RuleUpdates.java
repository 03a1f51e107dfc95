package org.citywall.detection.job;

import java.io.Serializable;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.citywall.detection.sigma.RuleSet;

/**
 * Polls the rule files (the source ticks every few seconds) and produces a new rule set when they
 * changed; {@link Tick#ruleSet} is {@code null} on ticks without a change.
 */
final class RuleUpdates implements GeneratorFunction<Long, RuleUpdates.Tick> {
    private static final long serialVersionUID = 1L;

    private final RuleSetLoader loader;
    private final String initialVersion;
    private transient String lastVersion;

    RuleUpdates(RuleSetLoader loader, String initialVersion) {
        this.loader = loader;
        this.initialVersion = initialVersion;
    }

    @Override
    public void open(SourceReaderContext readerContext) {
        lastVersion = initialVersion;
    }

    @Override
    public Tick map(Long tick) {
        String now = loader.fingerprint();
        if (now.equals(lastVersion)) {
            return new Tick(null);
        }
        lastVersion = now;
        return new Tick(loader.load());
    }

    /** One poll's outcome. */
    record Tick(RuleSet ruleSet) implements Serializable {}
}
