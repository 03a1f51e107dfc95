package org.citywall.detection.job;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.citywall.event.Alert;

/**
 * Turns matches of single-event rules into alerts without flooding: the first match of an
 * occurrence is an alert at once; later matches within the suppression period update it, at most
 * once per {@code updateIntervalMillis} (processing time), so a scanner's ten thousand requests
 * are one alert with a count, not ten thousand alerts or ten thousand writes.
 */
final class AlertDedupeFunction extends KeyedProcessFunction<String, SingleMatch, Alert> {
    private static final long serialVersionUID = 1L;

    private final long suppressionMillis;
    private final long updateIntervalMillis;
    private transient ValueState<Occurrence> occurrence;
    private transient ValueState<SingleMatch> pending;

    AlertDedupeFunction(long suppressionMillis, long updateIntervalMillis) {
        this.suppressionMillis = suppressionMillis;
        this.updateIntervalMillis = updateIntervalMillis;
    }

    /**
     * How long (processing time) an occurrence nobody continues is kept: well past its suppression
     * period, so a restore after downtime or a backlog still continues it, but not forever — every
     * scanner address on the internet would otherwise stay in the state and its checkpoints.
     */
    static java.time.Duration retention(long suppressionMillis) {
        return java.time.Duration.ofMillis(2 * suppressionMillis).plusHours(1);
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<Occurrence> occurrences = new ValueStateDescriptor<>("occurrence", JavaSerializedType.of(Occurrence.class));
        occurrences.enableTimeToLive(org.apache.flink.api.common.state.StateTtlConfig.newBuilder(retention(suppressionMillis))
                .setUpdateType(org.apache.flink.api.common.state.StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(org.apache.flink.api.common.state.StateTtlConfig.StateVisibility.NeverReturnExpired)
                .cleanupIncrementally(10, false)
                .build());
        occurrence = getRuntimeContext().getState(occurrences);
        pending = getRuntimeContext().getState(new ValueStateDescriptor<>("pending", Types.POJO(SingleMatch.class)));
    }

    @Override
    public void processElement(SingleMatch m, Context ctx, Collector<Alert> out) throws Exception {
        Occurrence o = occurrence.value();
        boolean fresh = o == null || !o.continuedBy(m.eventTime, suppressionMillis);
        if (fresh) {
            if (o != null && pending.value() != null) {
                out.collect(o.toAlert(pending.value())); // flush the previous occurrence's last update
                pending.clear();
            }
            o = new Occurrence();
        }
        o.add(m);
        occurrence.update(o);
        if (fresh) {
            out.collect(o.toAlert(m));
        } else if (pending.value() == null) {
            pending.update(m);
            ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + updateIntervalMillis);
        } else {
            pending.update(m);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        SingleMatch m = pending.value();
        Occurrence o = occurrence.value();
        if (m != null && o != null) {
            out.collect(o.toAlert(m));
        }
        pending.clear();
    }
}
