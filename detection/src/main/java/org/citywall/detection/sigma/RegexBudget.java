package org.citywall.detection.sigma;

import java.util.concurrent.atomic.LongAdder;

/**
 * Bounds the work one regular-expression search may do on one value. Java's regex engine
 * backtracks, so a rule's pattern such as {@code (a+)+$} takes exponential time on a value an
 * attacker can choose (a log line): one event would stall the job. The search reads the value
 * through this {@link CharSequence}, which stops it, as "no match", once it has read
 * {@code STEPS_PER_CHAR} characters per character of the value (plus a floor): far beyond what any
 * sane pattern needs, long before a catastrophic one hurts. Stopped searches are counted.
 */
final class RegexBudget implements CharSequence {
    static final int STEPS_PER_CHAR = 1_000;
    static final int MIN_STEPS = 100_000;
    private static final LongAdder EXCEEDED = new LongAdder();

    /** Thrown through the regex engine when the budget is spent. */
    static final class Exceeded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Exceeded() {
            super("regex step budget exceeded", null, false, false);
        }
    }

    private final String value;
    private long left;

    RegexBudget(String value) {
        this.value = value;
        this.left = Math.max(MIN_STEPS, (long) STEPS_PER_CHAR * value.length());
    }

    /** How many searches were stopped since this JVM started. */
    static long exceeded() {
        return EXCEEDED.sum();
    }

    static void count() {
        EXCEEDED.increment();
    }

    @Override
    public char charAt(int index) {
        if (--left < 0) {
            throw new Exceeded();
        }
        return value.charAt(index);
    }

    @Override
    public int length() {
        return value.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return value.subSequence(start, end);
    }

    @Override
    public String toString() {
        return value;
    }
}
