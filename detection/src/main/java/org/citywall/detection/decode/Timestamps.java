package org.citywall.detection.decode;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Reads the timestamps real logs carry, by hand (no regex, no DateTimeFormatter on the hot path).
 *
 * <p>Each reader looks at {@code s} from {@code from}; on success it returns the index just past
 * the timestamp and leaves the result in {@link #instant} and {@link #zone}; on no match it returns
 * -1. Times without a UTC offset are read in the deployment's zone. Not thread-safe.
 */
final class Timestamps {

    private static final String MONTHS = "janfebmaraprmayjunjulaugsepoctnovdec";

    private final ZoneId defaultZone;

    /** The last timestamp read. */
    Instant instant;
    /** The offset as written ({@code +08:00}, {@code Z}, {@code UTC}), or null when there was none. */
    String zone;

    Timestamps(ZoneId defaultZone) {
        this.defaultZone = defaultZone;
    }

    /**
     * ISO 8601 / RFC 3339 date-time: {@code yyyy-MM-dd('T'|' ')HH:mm:ss[(.|,)fraction][Z|±HH:mm|±HHmm|±HH]}.
     * A space separator is accepted only when {@code allowSpace} (JSON fields, not syslog headers).
     */
    int iso(CharSequence s, int from, boolean allowSpace) {
        int n = s.length();
        if (from + 19 > n) {
            return -1;
        }
        int year = num(s, from, 4);
        int month = num(s, from + 5, 2);
        int day = num(s, from + 8, 2);
        char sep = s.charAt(from + 10);
        int hour = num(s, from + 11, 2);
        int minute = num(s, from + 14, 2);
        int second = num(s, from + 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0
                || s.charAt(from + 4) != '-' || s.charAt(from + 7) != '-' || s.charAt(from + 13) != ':'
                || s.charAt(from + 16) != ':' || !(sep == 'T' || (allowSpace && sep == ' '))) {
            return -1;
        }
        int i = from + 19;
        int nanos = 0;
        if (i < n && (s.charAt(i) == '.' || s.charAt(i) == ',')) {
            i++;
            int start = i;
            int scale = 100_000_000;
            while (i < n && isDigit(s.charAt(i))) {
                nanos += (s.charAt(i) - '0') * scale;
                scale /= 10;
                i++;
            }
            if (i == start) {
                return -1;
            }
        }
        i = offset(s, i);
        if (i < 0) {
            return -1;
        }
        return build(year, month, day, hour, minute, second, nanos) ? i : -1;
    }

    private ZoneOffset parsedOffset;

    /** Reads an optional offset at i (Z, ±HH:mm, ±HHmm, ±HH); returns the index after it, or -1 if malformed. */
    private int offset(CharSequence s, int i) {
        int n = s.length();
        parsedOffset = null;
        zone = null;
        if (i < n && (s.charAt(i) == 'Z' || s.charAt(i) == 'z')) {
            parsedOffset = ZoneOffset.UTC;
            zone = "Z";
            return i + 1;
        }
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            int sign = s.charAt(i) == '-' ? -1 : 1;
            int h = num(s, i + 1, 2);
            if (h < 0 || h > 18) {
                return -1;
            }
            int j = i + 3;
            int m = 0;
            if (j < n && s.charAt(j) == ':') {
                m = num(s, j + 1, 2);
                j += 3;
            } else if (num(s, j, 2) >= 0) {
                m = num(s, j, 2);
                j += 2;
            }
            if (m < 0 || m > 59) {
                return -1;
            }
            try {
                parsedOffset = ZoneOffset.ofHoursMinutes(sign * h, sign * m);
            } catch (DateTimeException e) {
                return -1;
            }
            zone = s.subSequence(i, j).toString();
            return j;
        }
        return i;
    }

    private boolean build(int year, int month, int day, int hour, int minute, int second, int nanos) {
        try {
            LocalDateTime t = LocalDateTime.of(year, month, day, hour, minute, second, nanos);
            instant = parsedOffset != null ? t.toInstant(parsedOffset) : t.atZone(defaultZone).toInstant();
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    /**
     * The BSD syslog timestamp and the variants devices send: {@code MMM dd HH:mm:ss} (day space- or
     * zero-padded or bare), an optional fraction ({@code .123} or H3C's {@code :123}), a year before
     * or after the time (Cisco ASA, Huawei, H3C), an offset glued to the time ({@code +08:00}) or a
     * {@code UTC}/{@code GMT} word after it. Cisco's leading {@code *} or {@code .} (clock not
     * synchronised) is skipped. Without a year, the year is the latest that puts the time no more than a
     * week after {@code receivedAtMillis}, so December logs received in January land in the old year and
     * January lines replayed in November in this one.
     */
    int bsd(CharSequence s, int from, long receivedAtMillis) {
        int n = s.length();
        int i = from;
        if (i < n && (s.charAt(i) == '*' || s.charAt(i) == '.')) {
            i++;
        }
        int month = month(s, i);
        if (month < 0 || i + 4 > n || s.charAt(i + 3) != ' ') {
            return -1;
        }
        i += 4;
        if (i < n && s.charAt(i) == ' ') {
            i++;
        }
        int day;
        if (num(s, i, 2) >= 0) {
            day = num(s, i, 2);
            i += 2;
        } else if (num(s, i, 1) >= 0) {
            day = num(s, i, 1);
            i += 1;
        } else {
            return -1;
        }
        if (i >= n || s.charAt(i) != ' ') {
            return -1;
        }
        i++;
        int year = -1;
        if (num(s, i, 4) >= 0 && i + 4 < n && s.charAt(i + 4) == ' ') {
            year = num(s, i, 4);
            i += 5;
        }
        if (i + 8 > n || s.charAt(i + 2) != ':' || s.charAt(i + 5) != ':') {
            return -1;
        }
        int hour = num(s, i, 2);
        int minute = num(s, i + 3, 2);
        int second = num(s, i + 6, 2);
        if (hour < 0 || minute < 0 || second < 0) {
            return -1;
        }
        i += 8;
        int nanos = 0;
        boolean fraction = i + 1 < n && s.charAt(i) == '.' && isDigit(s.charAt(i + 1));
        boolean h3cMillis = i + 3 < n && s.charAt(i) == ':' && num(s, i + 1, 3) >= 0 && (i + 4 == n || s.charAt(i + 4) == ' ');
        if (fraction || h3cMillis) {
            i++;
            int scale = 100_000_000;
            while (i < n && isDigit(s.charAt(i))) {
                nanos += (s.charAt(i) - '0') * scale;
                scale /= 10;
                i++;
            }
        }
        i = offset(s, i);
        if (i < 0) {
            return -1;
        }
        if (parsedOffset == null && i + 4 <= n && s.charAt(i) == ' ' && isUtcWord(s, i + 1)) {
            parsedOffset = ZoneOffset.UTC;
            zone = s.subSequence(i + 1, i + 4).toString();
            i += 4;
        }
        if (year < 0 && i + 5 <= n && s.charAt(i) == ' ' && num(s, i + 1, 4) >= 0 && (i + 5 == n || s.charAt(i + 5) == ' ')) {
            int y = num(s, i + 1, 4);
            if (y >= 1970 && y <= 2200) {
                year = y;
                i += 5;
            }
        }
        if (year >= 0) {
            return build(year, month, day, hour, minute, second, nanos) ? i : -1;
        }
        return yearless(month, day, hour, minute, second, nanos, receivedAtMillis) ? i : -1;
    }

    /** How far ahead of its receive time a yearless timestamp may be (a sender's clock running fast) and keep its year. */
    static final long YEARLESS_FUTURE_TOLERANCE_SECONDS = 7 * 24 * 3600;

    private boolean yearless(int month, int day, int hour, int minute, int second, int nanos, long receivedAtMillis) {
        ZoneId z = parsedOffset != null ? parsedOffset : defaultZone;
        Instant received = Instant.ofEpochMilli(receivedAtMillis);
        int receivedYear = received.atZone(z).getYear();
        // logs tell of the past: the latest year that does not put the line more than a week after its receipt
        // (December lines received in January keep the old year; a file of January lines replayed in November
        // is from this January, not next)
        for (int year = receivedYear + 1; year >= receivedYear - 1; year--) {
            if (month == 2 && day == 29 && !LocalDate.of(year, 1, 1).isLeapYear()) {
                continue;
            }
            try {
                Instant candidate = ZonedDateTime.of(year, month, day, hour, minute, second, nanos, z).toInstant();
                if (candidate.getEpochSecond() - received.getEpochSecond() <= YEARLESS_FUTURE_TOLERANCE_SECONDS) {
                    instant = candidate;
                    return true;
                }
            } catch (DateTimeException e) {
                return false;
            }
        }
        return false;
    }

    private static boolean isUtcWord(CharSequence s, int i) {
        return (s.charAt(i) == 'U' && s.charAt(i + 1) == 'T' && s.charAt(i + 2) == 'C')
                || (s.charAt(i) == 'G' && s.charAt(i + 1) == 'M' && s.charAt(i + 2) == 'T');
    }

    /** 1..12 for a three-letter English month abbreviation at i (any case), else -1. */
    static int month(CharSequence s, int i) {
        if (i + 3 > s.length()) {
            return -1;
        }
        char a = Character.toLowerCase(s.charAt(i));
        char b = Character.toLowerCase(s.charAt(i + 1));
        char c = Character.toLowerCase(s.charAt(i + 2));
        for (int m = 0; m < 12; m++) {
            int k = m * 3;
            if (MONTHS.charAt(k) == a && MONTHS.charAt(k + 1) == b && MONTHS.charAt(k + 2) == c) {
                return m + 1;
            }
        }
        return -1;
    }

    /** The decimal value of exactly {@code len} digits at i, or -1. */
    static int num(CharSequence s, int i, int len) {
        if (i < 0 || i + len > s.length()) {
            return -1;
        }
        int v = 0;
        for (int k = i; k < i + len; k++) {
            char c = s.charAt(k);
            if (!isDigit(c)) {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
