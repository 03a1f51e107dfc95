package org.citywall.detection.decode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Formats instants exactly as {@link Instant#toString()} does (UTC, {@code Z}, fraction in groups of
 * three digits), several times faster: every event carries two or three timestamps, and the JDK's
 * formatter was the largest single cost of a simple decode.
 */
final class IsoInstant {
    private IsoInstant() {}

    private static final long SECONDS_0000_TO_1970 = 62_167_219_200L;
    private static final long SECONDS_1970_TO_10000 = 253_402_300_800L;

    static String format(Instant t) {
        return format(t.getEpochSecond(), t.getNano());
    }

    static String format(long epochSecond, int nanos) {
        if (epochSecond < -SECONDS_0000_TO_1970 || epochSecond >= SECONDS_1970_TO_10000) {
            return Instant.ofEpochSecond(epochSecond, nanos).toString();
        }
        long days = Math.floorDiv(epochSecond, 86_400L);
        int secs = (int) Math.floorMod(epochSecond, 86_400L);
        // civil-from-days (Howard Hinnant's algorithm), proleptic Gregorian like java.time
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        int year = (int) (yoe + era * 400 + (month <= 2 ? 1 : 0));

        byte[] c = new byte[30];
        int i = 0;
        i = digits(c, i, year, 4);
        c[i++] = (byte) '-';
        i = digits(c, i, month, 2);
        c[i++] = (byte) '-';
        i = digits(c, i, day, 2);
        c[i++] = (byte) 'T';
        i = digits(c, i, secs / 3600, 2);
        c[i++] = (byte) ':';
        i = digits(c, i, secs / 60 % 60, 2);
        c[i++] = (byte) ':';
        i = digits(c, i, secs % 60, 2);
        if (nanos != 0) {
            c[i++] = (byte) '.';
            if (nanos % 1_000_000 == 0) {
                i = digits(c, i, nanos / 1_000_000, 3);
            } else if (nanos % 1000 == 0) {
                i = digits(c, i, nanos / 1000, 6);
            } else {
                i = digits(c, i, nanos, 9);
            }
        }
        c[i++] = (byte) 'Z';
        return new String(c, 0, i, StandardCharsets.ISO_8859_1);
    }

    private static int digits(byte[] c, int at, int value, int width) {
        for (int k = at + width - 1; k >= at; k--) {
            c[k] = (byte) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }
}
