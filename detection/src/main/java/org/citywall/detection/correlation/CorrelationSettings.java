package org.citywall.detection.correlation;

import java.io.Serializable;

/**
 * How correlations treat time and repetition.
 *
 * @param allowedLatenessMillis how far behind the watermark an event may arrive and still be counted;
 *                              later events are dropped and counted as late
 * @param suppressionMillis     while matches for the same rule and group keep arriving within this
 *                              period of the last one, they update the open alert instead of opening a
 *                              new one; 0 means "the rule's timespan"
 * @param maxEventIds           how many contributing event ids an alert keeps (the count stays exact)
 * @param maxValues             how many distinct values per reported field an alert keeps
 */
public record CorrelationSettings(long allowedLatenessMillis, long suppressionMillis, int maxEventIds, int maxValues)
        implements Serializable {

    public static final CorrelationSettings DEFAULT = new CorrelationSettings(60_000, 0, 100, 50);

    public CorrelationSettings {
        if (allowedLatenessMillis < 0 || suppressionMillis < 0 || maxEventIds < 1 || maxValues < 1) {
            throw new IllegalArgumentException("lateness and suppression must be >= 0, limits >= 1");
        }
    }

    long suppressionFor(CorrelationRule rule) {
        return suppressionMillis == 0 ? rule.timespanMillis() : suppressionMillis;
    }
}
