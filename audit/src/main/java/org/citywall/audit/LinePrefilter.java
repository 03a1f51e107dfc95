package org.citywall.audit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Rules out record lines before they are parsed. A record is canonical JSON, so a record whose
 * subject is {@code alice} holds the bytes {@code "subject":"alice"} exactly as
 * {@link CanonicalJson} writes them; a line without them cannot match. Lines that pass are parsed
 * and judged by {@link AuditQuery#matches} as before (a detail can hold the same bytes).
 */
final class LinePrefilter {
    private final byte[] actionPrefix; // the line's start: action is the first member
    private final List<byte[]> needles;

    private LinePrefilter(byte[] actionPrefix, List<byte[]> needles) {
        this.actionPrefix = actionPrefix;
        this.needles = needles;
    }

    static LinePrefilter of(AuditQuery q) {
        List<byte[]> needles = new ArrayList<>();
        member(needles, "subject", q.subject());
        member(needles, "object", q.object());
        member(needles, "domain", q.domain());
        member(needles, "result", q.result() == null ? null : q.result().wireName());
        byte[] action = null;
        if (q.action() != null) {
            boolean prefix = q.action().endsWith("*");
            try {
                byte[] quoted = new CanonicalJson().raw('{').key("action")
                        .string(prefix ? q.action().substring(0, q.action().length() - 1) : q.action()).toByteArray();
                // a prefix leaves the string open: drop its closing quote
                action = prefix ? java.util.Arrays.copyOf(quoted, quoted.length - 1) : quoted;
            } catch (IllegalArgumentException e) {
                needles.add(NEVER);
            }
        }
        return new LinePrefilter(action, needles);
    }

    private static void member(List<byte[]> needles, String key, String value) {
        if (value != null) {
            try {
                needles.add(new CanonicalJson().key(key).string(value).toByteArray());
            } catch (IllegalArgumentException e) {
                needles.add(NEVER); // a value canonical JSON cannot hold (a lone surrogate) is in no record
            }
        }
    }

    /** A raw line feed: canonical JSON escapes every control character, so no record line holds one. */
    private static final byte[] NEVER = {'\n'};

    boolean mayMatch(byte[] line) {
        if (actionPrefix != null && !startsWith(line, actionPrefix)) {
            return false;
        }
        for (byte[] n : needles) {
            if (indexOf(line, n) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(byte[] line, byte[] prefix) {
        return line.length >= prefix.length && java.util.Arrays.equals(line, 0, prefix.length, prefix, 0, prefix.length);
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        byte first = needle[0];
        int last = haystack.length - needle.length;
        outer:
        for (int i = 0; i <= last; i++) {
            if (haystack[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public String toString() {
        return (actionPrefix == null ? "" : new String(actionPrefix, StandardCharsets.UTF_8) + " ")
                + needles.stream().map(n -> new String(n, StandardCharsets.UTF_8)).toList();
    }
}
