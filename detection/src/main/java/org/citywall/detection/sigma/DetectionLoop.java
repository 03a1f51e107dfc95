package org.citywall.detection.sigma;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.citywall.detection.correlation.CorrelationInput;
import org.citywall.detection.correlation.CorrelationResult;
import org.citywall.detection.correlation.CorrelationSettings;
import org.citywall.detection.correlation.CorrelationState;
import org.citywall.event.Event;

/**
 * Runs a {@link RuleSet} over events in one thread: single-event matching, correlation state per
 * (correlation, group), correlations over correlations, and a bounded-out-of-orderness watermark
 * (the highest event time seen minus {@code outOfOrdernessMillis}). It is the reference the Flink
 * job is compared with, and what {@code citywall rules test} and the benchmark use. Not thread-safe.
 */
public final class DetectionLoop {

    /** What one step produced: rule matches that alert on their own, and correlation results that alert. */
    public record Output(List<RuleMatch> matches, List<CorrelationResult> correlations) {
        static final Output NONE = new Output(List.of(), List.of());
    }

    private record Wake(long at, String key) {}

    private final RuleSet rules;
    private final CorrelationSettings settings;
    private final long outOfOrdernessMillis;
    private final Map<String, CorrelationState> states = new HashMap<>();
    private final PriorityQueue<Wake> wakeUps = new PriorityQueue<>((a, b) -> Long.compare(a.at, b.at));
    /** The wake-up each state is queued for, so a state is queued again only when it needs to wake earlier. */
    private final Map<String, Long> scheduled = new HashMap<>();
    private long maxEventTime = Long.MIN_VALUE;
    private long watermark = Long.MIN_VALUE;
    private long lateDropped;

    public DetectionLoop(RuleSet rules, CorrelationSettings settings, long outOfOrdernessMillis) {
        this.rules = rules;
        this.settings = settings;
        this.outOfOrdernessMillis = outOfOrdernessMillis;
    }

    /** Matches one event, feeds its correlations, and advances the watermark by its time. */
    public Output process(Event event) {
        List<RuleMatch> matches = rules.match(event);
        if (matches.isEmpty() && maxEventTime != Long.MIN_VALUE) {
            return advanceWith(event, List.of());
        }
        List<RuleMatch> alerting = new ArrayList<>();
        for (RuleMatch m : matches) {
            if (m.alerting()) {
                alerting.add(m);
            }
            for (CorrelationInput in : rules.correlationInputs(m, event)) {
                feed(in, event);
            }
        }
        return advanceWith(event, alerting);
    }

    private Output advanceWith(Event event, List<RuleMatch> alerting) {
        Long t = CorrelationInput.eventTime(event);
        List<CorrelationResult> fired = List.of();
        if (t != null && t > maxEventTime) {
            maxEventTime = t;
            fired = advanceTo(maxEventTime - outOfOrdernessMillis);
        }
        return alerting.isEmpty() && fired.isEmpty() ? Output.NONE : new Output(alerting, fired);
    }

    private void feed(CorrelationInput in, Event event) {
        String key = in.rule().id() + "\u0000" + in.key().asString();
        CorrelationState s = states.computeIfAbsent(key, k -> CorrelationState.startingAt(in.rule(), in.key(), settings, watermark));
        if (!s.onMatch(in.sourceRuleId(), in.eventTime(), event)) {
            lateDropped++;
            if (s.isEmpty()) {
                states.remove(key);
                return;
            }
        }
        schedule(key, s);
    }

    private void schedule(String key, CorrelationState s) {
        long at = s.nextWakeUp();
        Long queued = scheduled.get(key);
        if (at != Long.MAX_VALUE && (queued == null || at < queued)) {
            scheduled.put(key, at);
            wakeUps.add(new Wake(at, key));
        }
    }

    /** Advances event time to {@code newWatermark} and returns the alerting correlation results. */
    public List<CorrelationResult> advanceTo(long newWatermark) {
        if (newWatermark <= watermark) {
            return List.of();
        }
        watermark = newWatermark;
        List<CorrelationResult> out = new ArrayList<>();
        while (!wakeUps.isEmpty() && wakeUps.peek().at <= watermark) {
            Wake w = wakeUps.poll();
            Long queued = scheduled.get(w.key);
            if (queued == null || queued != w.at) {
                continue; // a stale reminder: the state was queued again for an earlier time since
            }
            scheduled.remove(w.key);
            CorrelationState s = states.get(w.key);
            if (s == null) {
                continue;
            }
            if (s.nextWakeUp() > watermark) {
                schedule(w.key, s);
                continue;
            }
            for (CorrelationResult r : s.onWatermark(watermark)) {
                if (rules.isAlerting(r)) {
                    out.add(r);
                }
                for (CorrelationInput in : rules.correlationInputs(r)) {
                    feed(in, r.asEvent());
                }
            }
            if (s.isEmpty()) {
                states.remove(w.key);
            } else {
                schedule(w.key, s);
            }
        }
        return out;
    }

    /** Ends the stream: advances event time past everything, flushing every open window. */
    public List<CorrelationResult> finish() {
        return advanceTo(Long.MAX_VALUE - 1);
    }

    /** Matches that arrived too late for their correlation window. */
    public long lateDropped() {
        return lateDropped;
    }

    /** How many (correlation, group) states are open. */
    public int openStates() {
        return states.size();
    }
}
