package org.citywall.app.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import org.citywall.detection.correlation.CorrelationInput;
import org.citywall.detection.correlation.CorrelationSettings;
import org.citywall.detection.correlation.CorrelationState;
import org.citywall.detection.decode.DecoderConfig;
import org.citywall.detection.decode.EventDecoder;
import org.citywall.detection.sigma.RuleMatch;
import org.citywall.detection.sigma.RuleSet;
import org.citywall.detection.sigma.RuleSetBuilder;
import org.citywall.event.Event;
import org.citywall.event.RawEvent;

/**
 * The baseline: the same decoding, rules and correlation state as the job, in one thread with a
 * hash map and a timer queue instead of Flink. What Flink costs is the difference.
 */
final class PlainLoop {
    private final RuleSet rules;
    long alerts;
    long correlations;

    PlainLoop(List<Path> ruleDirs) throws IOException {
        RuleSetBuilder b = RuleSet.builder().addBuiltInPack();
        for (Path d : ruleDirs) {
            b.addPath(d);
        }
        this.rules = b.build();
        System.out.println("  rules loaded: " + rules.rules().size() + " detection, " + rules.correlations().size()
                + " correlation, " + rules.rejections().size() + " rejected");
    }

    /**
     * Events per second over {@code events}, after one warm-up pass over them: a tenth was too little
     * for the JIT to finish compiling the decoders and rules, and the job runs are measured warm too.
     */
    double run(List<RawEvent> events) {
        once(events);
        long t0 = System.nanoTime();
        once(events);
        return events.size() / ((System.nanoTime() - t0) / 1e9);
    }

    private void once(List<RawEvent> events) {
        EventDecoder decoder = new EventDecoder(DecoderConfig.defaults());
        Map<String, CorrelationState> states = new HashMap<>();
        Timers timers = new Timers();
        long maxTime = Long.MIN_VALUE;
        int i = 0;
        for (RawEvent raw : events) {
            Event e = decoder.decode(raw, "loop-" + i);
            for (RuleMatch m : rules.match(e)) {
                if (m.alerting()) {
                    alerts++;
                }
                for (CorrelationInput in : rules.correlationInputs(m, e)) {
                    String key = in.rule().id() + '\u0000' + in.key().asString();
                    CorrelationState s = states.computeIfAbsent(key,
                            k -> new CorrelationState(in.rule(), in.key(), CorrelationSettings.DEFAULT));
                    s.onMatch(in.sourceRuleId(), in.eventTime(), e);
                    timers.register(s.nextWakeUp(), key);
                    maxTime = Math.max(maxTime, in.eventTime());
                }
            }
            if (++i % 1000 == 0) {
                advance(maxTime - 500, states, timers);
            }
        }
        advance(Long.MAX_VALUE - 1, states, timers);
    }

    private void advance(long watermark, Map<String, CorrelationState> states, Timers timers) {
        for (String key = timers.pollDue(watermark); key != null; key = timers.pollDue(watermark)) {
            CorrelationState s = states.get(key);
            if (s == null) {
                continue;
            }
            correlations += s.onWatermark(watermark).size();
            if (s.isEmpty()) {
                states.remove(key);
            } else if (s.nextWakeUp() != Long.MAX_VALUE) {
                timers.register(s.nextWakeUp(), key);
            }
        }
    }

    /**
     * Event-time timers as Flink's timer service keeps them: at most one per key and time, so a key
     * matched a thousand times with the same wake-up time is woken once, not a thousand times.
     */
    static final class Timers {
        private record Timer(long time, String key) {}

        private final PriorityQueue<Timer> queue = new PriorityQueue<>(Comparator.comparingLong(Timer::time));
        private final Set<Timer> registered = new HashSet<>();

        void register(long time, String key) {
            Timer t = new Timer(time, key);
            if (time != Long.MAX_VALUE && registered.add(t)) {
                queue.add(t);
            }
        }

        /** The key of the earliest timer at or before {@code watermark}, removed; null when none is due. */
        String pollDue(long watermark) {
            if (queue.isEmpty() || queue.peek().time() > watermark) {
                return null;
            }
            Timer t = queue.poll();
            registered.remove(t);
            return t.key();
        }

        int size() {
            return queue.size();
        }
    }
}
