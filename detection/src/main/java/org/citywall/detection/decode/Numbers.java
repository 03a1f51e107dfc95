package org.citywall.detection.decode;

/** Decimal numbers in log text, without exceptions for the (common) case of a non-number. */
final class Numbers {
    private Numbers() {}

    /** The value of an optionally signed decimal integer of up to 18 digits, or null. */
    static Long parseLong(CharSequence s) {
        return s == null ? null : parseLong(s, 0, s.length());
    }

    static Long parseLong(CharSequence s, int from, int to) {
        if (from >= to) {
            return null;
        }
        boolean negative = s.charAt(from) == '-';
        int i = negative || s.charAt(from) == '+' ? from + 1 : from;
        if (i >= to || to - i > 18) {
            return null;
        }
        long v = 0;
        for (; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            v = v * 10 + (c - '0');
        }
        return negative ? -v : v;
    }
}
