package org.citywall.detection.job;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.citywall.event.Alert;

/**
 * Paces the writes of one alert (keyed by alert id): its first version, and the first after a
 * quiet interval, pass at once; later versions are held, the newest replacing older ones, and
 * written when the interval ends. The interval (processing time) starts at {@code firstMillis} and
 * doubles with every held version written, up to {@code maxMillis}; an interval without a new
 * version resets it.
 *
 * <p>A correlation that keeps firing for the same group emits an updated alert on every watermark
 * (ten times a second); without pacing each is an update in Elasticsearch (a get, a re-index and
 * often a refresh), and a busy job spends the node on rewriting the same documents. Updates only
 * move the count, the last-seen time and the matched values forward, so the newest carries
 * everything the held ones did: a burst's alert shows its count within {@code firstMillis}, a
 * long-running one within {@code maxMillis}.
 *
 * <p>Nothing is held back at the end of a bounded input: the final watermark flushes what waits.
 */
final class AlertUpdatePacer extends KeyedProcessFunction<String, Alert, Alert> {
    private static final long serialVersionUID = 1L;
    /** The event-time timer of a held update: fires only at the end of a bounded input. */
    private static final long END_OF_INPUT = Long.MAX_VALUE;

    private final long firstMillis;
    private final long maxMillis;
    private transient ValueState<Long> quietUntil;
    private transient ValueState<Long> interval;
    private transient ValueState<Alert> held;

    /**
     * @param firstMillis the least processing time between the first two writes of an alert
     * @param maxMillis   the longest an update waits however long the alert keeps changing
     */
    AlertUpdatePacer(long firstMillis, long maxMillis) {
        if (firstMillis <= 0 || maxMillis < firstMillis) {
            throw new IllegalArgumentException("need 0 < firstMillis <= maxMillis");
        }
        this.firstMillis = firstMillis;
        this.maxMillis = maxMillis;
    }

    @Override
    public void open(OpenContext openContext) {
        quietUntil = getRuntimeContext().getState(new ValueStateDescriptor<>("quiet-until", Types.LONG));
        interval = getRuntimeContext().getState(new ValueStateDescriptor<>("interval", Types.LONG));
        held = getRuntimeContext().getState(new ValueStateDescriptor<>("held", TypeInformation.of(Alert.class)));
    }

    @Override
    public void processElement(Alert alert, Context ctx, Collector<Alert> out) throws Exception {
        if (quietUntil.value() == null) {
            write(alert, ctx.timerService().currentProcessingTime(), firstMillis, ctx, out);
            return;
        }
        if (held.value() == null) {
            ctx.timerService().registerEventTimeTimer(END_OF_INPUT);
        }
        held.update(alert);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        Alert waiting = held.value();
        if (ctx.timeDomain() == TimeDomain.EVENT_TIME) {
            if (waiting != null) { // the input ended: processing-time timers will not fire any more
                out.collect(waiting);
                held.clear();
            }
            return;
        }
        if (waiting == null) {
            quietUntil.clear(); // a quiet interval: the next version is written at once
            interval.clear();
            return;
        }
        held.clear();
        ctx.timerService().deleteEventTimeTimer(END_OF_INPUT);
        Long last = interval.value();
        long next = Math.min(maxMillis, 2 * (last == null ? firstMillis : last));
        write(waiting, Math.max(timestamp, ctx.timerService().currentProcessingTime()), next, ctx, out);
    }

    private void write(Alert alert, long now, long pause, Context ctx, Collector<Alert> out) throws Exception {
        out.collect(alert);
        long until = now + pause;
        quietUntil.update(until);
        interval.update(pause);
        ctx.timerService().registerProcessingTimeTimer(until);
    }
}
