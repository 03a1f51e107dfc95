package org.citywall.collector;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Tells which frames are not plain text. Such frames are still forwarded exactly as they came: the bus
 * keeps raw bytes and decoding is detection's job, and much of what is not UTF-8 is real data (legacy devices
 * log in GBK). But an operator should see that a source sends NUL bytes or non-UTF-8 (a misconfigured sender,
 * a scanner, the wrong protocol on a port), so the stream handlers count them.
 */
final class FrameText {

    static final int TEXT = 0;
    /** Holds a NUL byte (whatever else it holds). */
    static final int NUL = 1;
    /** No NUL, but not well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF). */
    static final int NOT_UTF8 = 2;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private FrameText() {}

    /** {@link #TEXT}, {@link #NUL} or {@link #NOT_UTF8}. */
    static int kind(byte[] b) {
        int i = 0;
        // eight bytes at a time while they are ASCII without NUL: most frames are, and cost a few operations a word
        for (; i + 8 <= b.length; i += 8) {
            long w = (long) LONGS.get(b, i);
            if (((((w - ONES) & ~w) | w) & HIGHS) != 0) {
                break;
            }
        }
        return kindFrom(b, i);
    }

    private static int kindFrom(byte[] b, int i) {
        boolean utf8 = true;
        while (i < b.length) {
            int c = b[i] & 0xff;
            if (c == 0) {
                return NUL;
            }
            if (c < 0x80 || !utf8) {
                i++;
                continue;
            }
            int n = sequence(b, i);
            if (n == 0) {
                utf8 = false; // keep looking for a NUL
                i++;
            } else {
                i += n;
            }
        }
        return utf8 ? TEXT : NOT_UTF8;
    }

    /** The length of the well-formed UTF-8 sequence starting with a non-ASCII byte at {@code i}, or 0. */
    private static int sequence(byte[] b, int i) {
        int c = b[i] & 0xff;
        int n;
        int lo = 0x80;
        int hi = 0xbf;
        if (c >= 0xc2 && c <= 0xdf) {
            n = 2;
        } else if (c >= 0xe0 && c <= 0xef) {
            n = 3;
            lo = c == 0xe0 ? 0xa0 : 0x80; // no overlong forms
            hi = c == 0xed ? 0x9f : 0xbf; // no surrogates
        } else if (c >= 0xf0 && c <= 0xf4) {
            n = 4;
            lo = c == 0xf0 ? 0x90 : 0x80;
            hi = c == 0xf4 ? 0x8f : 0xbf; // nothing past U+10FFFF
        } else {
            return 0;
        }
        if (i + n > b.length) {
            return 0;
        }
        int second = b[i + 1] & 0xff;
        if (second < lo || second > hi) {
            return 0;
        }
        for (int k = 2; k < n; k++) {
            if ((b[i + k] & 0xc0) != 0x80) {
                return 0;
            }
        }
        return n;
    }
}
