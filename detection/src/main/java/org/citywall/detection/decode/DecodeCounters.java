package org.citywall.detection.decode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How many events a decoder handled, per codec and outcome. Written by the decoder's one thread,
 * readable from any thread (a metrics reporter): a Flink job registers one gauge per
 * {@link #snapshot()} key, or reads {@link #count} directly.
 */
public final class DecodeCounters {

    /** What became of an event. */
    public enum Outcome {
        /** Read by its codec. */
        DECODED,
        /** Lenient syslog kept a message that broke its RFC (tag {@code syslog_unparsed}). */
        UNPARSED,
        /** Auto-detection knew no format for it: kept as plain text (tag {@code unrecognised_format}). */
        UNRECOGNISED,
        /** The codec rejected it: kept with the error and tag {@code decode_failure}. */
        FAILED;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final Format[] CODECS = Format.values();
    private static final Outcome[] OUTCOMES = Outcome.values();

    // single writer (lazySet is enough for it); AtomicLongArray gives readers untorn values
    private final AtomicLongArray counts = new AtomicLongArray(CODECS.length * OUTCOMES.length);

    void add(Format codec, Outcome outcome) {
        int i = codec.ordinal() * OUTCOMES.length + outcome.ordinal();
        counts.lazySet(i, counts.get(i) + 1);
    }

    /** Events the codec for {@code codec} handled with this outcome. */
    public long count(Format codec, Outcome outcome) {
        return counts.get(codec.ordinal() * OUTCOMES.length + outcome.ordinal());
    }

    /** Events with this outcome, over all codecs. */
    public long total(Outcome outcome) {
        long sum = 0;
        for (Format f : CODECS) {
            sum += count(f, outcome);
        }
        return sum;
    }

    /** All events counted. */
    public long total() {
        long sum = 0;
        for (int i = 0; i < counts.length(); i++) {
            sum += counts.get(i);
        }
        return sum;
    }

    /**
     * Every counter as {@code <codec>.<outcome>} (e.g. {@code rfc5424.failed}) in a fixed order,
     * zeros included, so metric names exist from the start.
     */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Format f : CODECS) {
            if (f == Format.AUTO || f == Format.SYSLOG) {
                continue; // never a codec of their own: they choose one
            }
            for (Outcome o : OUTCOMES) {
                m.put(f.id() + "." + o.id(), count(f, o));
            }
        }
        return m;
    }
}
