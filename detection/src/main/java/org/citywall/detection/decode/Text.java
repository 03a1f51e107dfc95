package org.citywall.detection.decode;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/** Bytes to text: UTF-8 when well-formed, otherwise a fallback charset chosen per deployment. */
final class Text {
    private Text() {}

    /**
     * Decodes {@code [from, to)} as UTF-8 when it is well-formed, otherwise with {@code fallback}.
     * With ISO-8859-1 as the fallback nothing is ever lost: every byte maps to one char.
     */
    static String decode(byte[] b, int from, int to, Charset fallback) {
        Charset cs = Utf8.firstInvalid(b, from, to) < 0 ? StandardCharsets.UTF_8 : fallback;
        return new String(b, from, to - from, cs);
    }

    static boolean isWellFormedUtf8(byte[] b) {
        return Utf8.firstInvalid(b, 0, b.length) < 0;
    }
}
