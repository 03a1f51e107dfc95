package org.citywall.detection.job;

import java.util.List;
import org.apache.flink.api.common.accumulators.LongMaximum;
import org.apache.flink.api.common.accumulators.LongMinimum;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.citywall.detection.correlation.CorrelationInput;
import org.citywall.detection.decode.DecodeCounters;
import org.citywall.detection.decode.EventDecoder;
import org.citywall.detection.decode.DecoderConfig;
import org.citywall.detection.intel.IndicatorMatch;
import org.citywall.detection.intel.IndicatorSet;
import org.citywall.detection.sigma.RuleMatch;
import org.citywall.detection.sigma.RuleSet;
import org.citywall.detection.sink.EsOperation;
import org.citywall.event.Event;

/**
 * Decodes each raw record and runs the rules over it: matches that alert on their own go to
 * {@link #SINGLE_MATCHES}, matches that feed correlations are the main output, and the event goes
 * to the {@link #ARCHIVE} when the archive policy keeps it. The rule set arrives by broadcast and
 * is swapped without restarting the job; until one arrives, the set compiled at submission is used.
 */
final class DetectFunction extends BroadcastProcessFunction<BusRecord, RuleUpdates.Tick, CorrelationFeed> {
    private static final long serialVersionUID = 1L;

    static final MapStateDescriptor<String, RuleSet> RULES = new MapStateDescriptor<>("rules", Types.STRING,
            JavaSerializedType.of(RuleSet.class));
    static final MapStateDescriptor<String, IndicatorSet> INDICATORS = new MapStateDescriptor<>("indicators", Types.STRING,
            JavaSerializedType.of(IndicatorSet.class));
    static final OutputTag<SingleMatch> SINGLE_MATCHES = new OutputTag<>("single-matches", Types.POJO(SingleMatch.class)) {};
    static final OutputTag<EsOperation> ARCHIVE = new OutputTag<>("archive", JavaSerializedType.of(EsOperation.class)) {};

    private final DecoderConfig decoderConfig;
    private final RuleSet initialRules;
    private final RuleSetLoader loader;
    private final ArchivePolicy archive;
    private final IndicatorSet initialIndicators;

    private transient RawDecoding decoding;
    private transient EventDecoder decoder;
    private transient RuleSet rules;
    private transient CorrelationStages stages;
    private transient IndicatorSet indicators;
    private transient Counter intelMatches;
    private transient Counter events;
    private transient Counter matches;
    private transient Counter noTimestamp;
    private transient LongMinimum firstEventAt;
    private transient LongMaximum lastEventAt;

    DetectFunction(DecoderConfig decoderConfig, RuleSet initialRules, RuleSetLoader loader, IndicatorSet initialIndicators,
            ArchivePolicy archive) {
        this.initialIndicators = initialIndicators;
        this.decoderConfig = decoderConfig;
        this.initialRules = initialRules;
        this.loader = loader;
        this.archive = archive;
    }

    @Override
    public void open(OpenContext openContext) {
        decoder = new EventDecoder(decoderConfig);
        decoding = new RawDecoding(decoder);
        var g = getRuntimeContext().getMetricGroup().addGroup("citywall_detect");
        events = g.counter("events");
        matches = g.counter("rule_matches");
        intelMatches = g.counter("indicator_matches");
        noTimestamp = g.counter("events_without_time");
        DecodeCounters c = decoder.counters();
        for (DecodeCounters.Outcome o : DecodeCounters.Outcome.values()) {
            g.gauge("decode_" + o.id(), () -> c.total(o));
        }
        g.gauge("bus_records_malformed", () -> decoding.malformedRecords);
        g.gauge("regex_searches_stopped", org.citywall.detection.sigma.RuleSet::regexSearchesStopped);
        firstEventAt = new LongMinimum();
        lastEventAt = new LongMaximum();
        getRuntimeContext().addAccumulator(DetectionJob.ACC_FIRST_EVENT_AT, firstEventAt);
        getRuntimeContext().addAccumulator(DetectionJob.ACC_LAST_EVENT_AT, lastEventAt);
    }

    @Override
    public void processElement(BusRecord record, ReadOnlyContext ctx, Collector<CorrelationFeed> out) throws Exception {
        if (indicators == null) {
            IndicatorSet restored = ctx.getBroadcastState(INDICATORS).get("current");
            indicators = restored != null ? restored : initialIndicators;
        }
        if (rules == null) {
            ReadOnlyBroadcastState<String, RuleSet> state = ctx.getBroadcastState(RULES);
            RuleSet restored = state.get("current");
            rules = loader.current(restored != null ? restored : initialRules);
            stages = new CorrelationStages(rules);
        }
        Event event = decoding.decode(record);
        events.inc();
        if ((events.getCount() & 1023) == 1) { // the processing window, for replays' throughput (cheap: every 1024th event)
            long now = System.currentTimeMillis();
            firstEventAt.add(now);
            lastEventAt.add(now);
        }
        if (archive.archives(event.domain(), event.id())) {
            ctx.output(ARCHIVE, ElasticsearchWrites.archivedEvent(event));
        }
        List<RuleMatch> found = rules.match(event);
        List<IndicatorMatch> iocs = indicators.size() == 0 ? List.of() : indicators.match(event);
        if (found.isEmpty() && iocs.isEmpty()) {
            return;
        }
        Long time = CorrelationInput.eventTime(event);
        if (time == null) {
            noTimestamp.inc();
            time = System.currentTimeMillis();
        }
        for (IndicatorMatch ioc : iocs) {
            intelMatches.inc();
            ctx.output(SINGLE_MATCHES, SingleMatch.ofIndicator(ioc, event, time));
        }
        for (RuleMatch m : found) {
            matches.inc();
            if (m.alerting()) {
                ctx.output(SINGLE_MATCHES, SingleMatch.of(m, event, time));
            }
            for (CorrelationInput in : rules.correlationInputs(m, event)) {
                out.collect(CorrelationFeed.of(in, event, stages));
            }
        }
    }

    @Override
    public void processBroadcastElement(RuleUpdates.Tick tick, Context ctx, Collector<CorrelationFeed> out) throws Exception {
        if (tick.indicators() != null) {
            ctx.getBroadcastState(INDICATORS).put("current", tick.indicators());
            indicators = tick.indicators();
        }
        if (tick.ruleSet() == null) {
            return;
        }
        BroadcastState<String, RuleSet> state = ctx.getBroadcastState(RULES);
        RuleSet running = rules != null ? rules : (state.get("current") != null ? state.get("current") : initialRules);
        if (RuleSetLoader.acceptable(running, tick.ruleSet())) {
            state.put("current", tick.ruleSet());
            rules = tick.ruleSet();
            stages = new CorrelationStages(rules);
        }
    }
}
