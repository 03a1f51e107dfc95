package org.citywall.detection.job;

import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.citywall.detection.correlation.CorrelationResult;
import org.citywall.detection.correlation.CorrelationRule;
import org.citywall.detection.correlation.CorrelationSettings;
import org.citywall.detection.correlation.CorrelationState;
import org.citywall.detection.sigma.RuleSet;
import org.citywall.event.Alert;

/**
 * Event-time correlation: one {@link CorrelationState} per correlation rule and group, in keyed
 * state; an event-time timer wakes it when the watermark passes the time it asked for. Results of
 * alerting correlations become alerts (one per occurrence, updated, never repeated).
 */
final class CorrelateFunction extends KeyedBroadcastProcessFunction<String, CorrelationFeed, RuleUpdates.Tick, Alert> {
    private static final long serialVersionUID = 1L;

    /** Results that feed further correlations (correlations of correlations), for the next stage. */
    static final org.apache.flink.util.OutputTag<CorrelationFeed> CHAINED = new org.apache.flink.util.OutputTag<>(
            "chained", org.apache.flink.api.common.typeinfo.Types.POJO(CorrelationFeed.class)) {};

    private final RuleSet initialRules;
    private final RuleSetLoader loader;
    private final int stage;
    private final boolean lastStage;
    private final CorrelationSettings settings;

    private transient ValueState<CorrelationState> state;
    private transient RuleSet rules;
    private transient CorrelationStages stages;
    private transient Counter late;
    private transient Counter unknownRule;
    private transient Counter fired;
    private transient Counter tooDeep;
    private transient Counter retired;

    CorrelateFunction(RuleSet initialRules, RuleSetLoader loader, CorrelationSettings settings, int stage, boolean lastStage) {
        this.initialRules = initialRules;
        this.loader = loader;
        this.stage = stage;
        this.lastStage = lastStage;
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("correlation",
                new CorrelationStateType()));
        var g = getRuntimeContext().getMetricGroup().addGroup("citywall_correlate");
        late = g.counter("late_dropped");
        unknownRule = g.counter("unknown_rule");
        fired = g.counter("alerts");
        tooDeep = g.counter("chained_beyond_last_stage");
        retired = g.counter("groups_of_removed_rules_ended");
    }

    private RuleSet rules(ReadOnlyContext ctx) throws Exception {
        if (rules == null) {
            RuleSet restored = ctx.getBroadcastState(DetectFunction.RULES).get("current");
            rules = loader.current(restored != null ? restored : initialRules);
            stages = new CorrelationStages(rules);
        }
        return rules;
    }

    @Override
    public void processElement(CorrelationFeed feed, ReadOnlyContext ctx, Collector<Alert> out) throws Exception {
        if (feed.stage > stage) {
            forward(feed, ctx); // evaluated by a later stage, with the results it waits for
            return;
        }
        CorrelationState s = state.value();
        if (s == null) {
            CorrelationRule rule = rules(ctx).correlation(feed.correlationId);
            if (rule == null) {
                unknownRule.inc(); // the rule was removed between match and correlation
                return;
            }
            s = CorrelationState.startingAt(rule, feed.groupKey(), settings, ctx.timerService().currentWatermark());
        }
        if (!s.onMatch(feed.sourceRuleId, feed.eventTime, feed.toEvent())) {
            late.inc();
            if (s.isEmpty()) {
                return; // a new group's only match came too late: nothing to keep
            }
        }
        state.update(s);
        schedule(s, ctx.timerService().currentWatermark(), ctx);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        CorrelationState s = state.value();
        if (s == null) {
            return;
        }
        RuleSet rs = rules(ctx);
        if (rs.correlation(s.rule().id()) == null) {
            // the rule was removed: its open groups end here, without a last update of their alerts
            retired.inc();
            state.clear();
            return;
        }
        long watermark = ctx.timerService().currentWatermark();
        List<CorrelationResult> results = s.onWatermark(watermark);
        for (CorrelationResult r : results) {
            if (rs.isAlerting(r)) {
                fired.inc();
                out.collect(r.toAlert());
            }
            for (org.citywall.detection.correlation.CorrelationInput next : rs.correlationInputs(r)) {
                forward(CorrelationFeed.of(next, r.asEvent(), stages), ctx);
            }
        }
        if (s.isEmpty()) {
            state.clear();
        } else {
            state.update(s);
            schedule(s, watermark, ctx);
        }
    }

    private void forward(CorrelationFeed feed, ReadOnlyContext ctx) {
        if (lastStage) {
            tooDeep.inc();
        } else {
            ctx.output(CHAINED, feed);
        }
    }

    private static void schedule(CorrelationState s, long watermark, ReadOnlyContext ctx) {
        long wake = s.nextWakeUp();
        if (wake != Long.MAX_VALUE) {
            long at = Math.max(wake, watermark + 1);
            if (s.needsWakeUp(at, watermark)) {
                ctx.timerService().registerEventTimeTimer(at);
                s.wakeUpRegistered(at);
            }
        }
    }

    @Override
    public void processBroadcastElement(RuleUpdates.Tick tick, Context ctx, Collector<Alert> out) throws Exception {
        if (tick.ruleSet() != null) {
            RuleSet running = rules != null ? rules : initialRules;
            if (RuleSetLoader.acceptable(running, tick.ruleSet())) {
                ctx.getBroadcastState(DetectFunction.RULES).put("current", tick.ruleSet());
                rules = tick.ruleSet();
                stages = new CorrelationStages(rules);
            }
        }
    }
}
