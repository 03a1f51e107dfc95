package org.citywall.detection.decode;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** UTF-8 well-formedness per RFC 3629 (no overlongs, no surrogates, nothing above U+10FFFF). */
final class Utf8 {
    private Utf8() {}

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    /**
     * The offset of the first byte in {@code [from, to)} that cannot continue a well-formed UTF-8
     * sequence, {@code to} when the range ends inside a sequence, or -1 when the range is well-formed.
     */
    static int firstInvalid(byte[] b, int from, int to) {
        int i = from;
        // logs are mostly ASCII: skip it eight bytes at a time
        while (i + 8 <= to && ((long) LONGS.get(b, i) & HIGH_BITS) == 0) {
            i += 8;
        }
        while (i < to) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                i++;
                continue;
            }
            int need;
            int lo = 0x80;
            int hi = 0xBF;
            if (c >= 0xC2 && c <= 0xDF) {
                need = 1;
            } else if (c >= 0xE0 && c <= 0xEF) {
                need = 2;
                if (c == 0xE0) {
                    lo = 0xA0; // overlong
                } else if (c == 0xED) {
                    hi = 0x9F; // UTF-16 surrogates
                }
            } else if (c >= 0xF0 && c <= 0xF4) {
                need = 3;
                if (c == 0xF0) {
                    lo = 0x90; // overlong
                } else if (c == 0xF4) {
                    hi = 0x8F; // above U+10FFFF
                }
            } else {
                return i;
            }
            i++;
            for (int k = 0; k < need; k++, i++) {
                if (i >= to) {
                    return to;
                }
                int t = b[i] & 0xFF;
                if (t < lo || t > hi) {
                    return i;
                }
                lo = 0x80;
                hi = 0xBF;
            }
        }
        return -1;
    }

    /** True when every byte in the range is below 0x80. */
    static boolean isAscii(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] < 0) {
                return false;
            }
        }
        return true;
    }
}
