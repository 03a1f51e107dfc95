package org.citywall.detection.correlation;

import java.time.Instant;

/**
 * Reads the {@code @timestamp} the decoders write ({@code 2026-11-27T21:57:50.759Z}, as
 * {@link Instant#toString()} prints it) to epoch milliseconds without {@link Instant#parse}, whose
 * general formatter cost more than a rule evaluation: every matched event's time is read once per
 * correlation it feeds. Any other shape returns {@link #NOT_CANONICAL} and is left to
 * {@link Instant#parse}, so the result is always the one {@code Instant.parse} gives.
 */
final class EventTimes {
    private EventTimes() {}

    /** Returned for text that is not in the canonical UTC form read here. */
    static final long NOT_CANONICAL = Long.MIN_VALUE;

    private static final int[] DAYS_BEFORE_MONTH = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};

    /** Epoch milliseconds of {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}, or {@link #NOT_CANONICAL}. */
    static long canonicalMillis(String s) {
        int n = s.length();
        if (n < 20 || n > 30 || s.charAt(n - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return NOT_CANONICAL;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month) || hour < 0 || hour > 23
                || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return NOT_CANONICAL; // includes leap seconds (:60), which Instant.parse smooths in its own way
        }
        int millis = 0;
        if (n > 20) {
            int fractionDigits = n - 21;
            if (s.charAt(19) != '.' || fractionDigits < 1 || fractionDigits > 9) {
                return NOT_CANONICAL;
            }
            int fraction = digits(s, 20, fractionDigits);
            if (fraction < 0) {
                return NOT_CANONICAL;
            }
            for (int k = fractionDigits; k < 9; k++) {
                fraction *= 10; // to nanoseconds: at most 999_999_999, fits an int
            }
            millis = fraction / 1_000_000;
        } else if (s.charAt(19) != 'Z') {
            return NOT_CANONICAL;
        }
        long days = daysSinceEpoch(year, month, day);
        return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
    }

    /** The value of {@code len} ASCII digits at {@code from}, or -1. */
    private static int digits(String s, int from, int len) {
        int v = 0;
        for (int i = from; i < from + len; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean leap(int year) {
        return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    }

    private static int lengthOfMonth(int year, int month) {
        return switch (month) {
            case 2 -> leap(year) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days from 1970-01-01 in the proleptic Gregorian calendar, as java.time counts them. */
    private static long daysSinceEpoch(int year, int month, int day) {
        long y = year - 1L; // whole years before this one
        long days = 365 * y + Math.floorDiv(y, 4) - Math.floorDiv(y, 100) + Math.floorDiv(y, 400);
        days += DAYS_BEFORE_MONTH[month - 1] + (month > 2 && leap(year) ? 1 : 0) + day - 1;
        return days - 719_162; // days from 0001-01-01 to 1970-01-01
    }
}
