package org.citywall.audit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Names and classifies the first altered record once the verifier knows where to look: either
 * at a position whose hash differs from an authenticated leaf (exact), or within the span of
 * records between the last head that matched and the first that did not.
 */
final class Locator {

    private final RecordWindow window;
    private final TrailSource src;
    private final long start;
    private final List<RecordWindow.Entry> span = new ArrayList<>();
    private long spanFirst;

    Locator(RecordWindow window, TrailSource src, long start) {
        this.window = window;
        this.src = src;
        this.start = start;
        this.spanFirst = start;
    }

    /** Keeps a record of the span still waiting for its head. */
    void remember(RecordWindow.Entry e) {
        span.add(e);
    }

    /** The span was confirmed by a head; start a new one after it. */
    void forget() {
        spanFirst += span.size();
        span.clear();
    }

    /** Record {@code i} differs from authenticated leaf {@code i}: look around it to say how. */
    Finding byLeaves(long i, long authEnd) throws IOException {
        RecordWindow.Entry e = window.get(i);
        if (!e.terminated() && window.get(i + 1) == null) {
            return new Finding(Finding.Kind.TRUNCATED, i, -1, e.location(), "record " + i + " is cut short: the data ends inside it");
        }
        byte[] signedHere = leaf(i);
        long p = -1;
        long earlier = -1;
        long said = e.seq(); // the record's own seq is a hint worth checking first: it finds gaps of any length
        if (said > i && said < authEnd && Arrays.equals(leaf(said), e.hash())) {
            p = said;
        } else if (said >= start && said < i && Arrays.equals(leaf(said), e.hash())) {
            earlier = said;
        }
        for (long j = i + 1; j < Math.min(i + TrailVerifier.LOOK, authEnd) && p < 0; j++) {
            if (Arrays.equals(leaf(j), e.hash())) {
                p = j;
            }
        }
        for (long j = Math.max(start, i - TrailVerifier.LOOK); j < i && earlier < 0; j++) {
            if (Arrays.equals(leaf(j), e.hash())) {
                earlier = j;
            }
        }
        long q = -1;
        for (long j = i + 1; j <= i + TrailVerifier.LOOK && q < 0; j++) {
            RecordWindow.Entry later = window.get(j);
            if (later == null) {
                break;
            }
            if (Arrays.equals(later.hash(), signedHere)) {
                q = j;
            }
        }
        if (p > 0 && q > 0) {
            return new Finding(Finding.Kind.RECORDS_REORDERED, i, -1, e.location(), "the record at position " + i
                    + " was signed as seq " + p + ", and signed record " + i + " turns up at position " + q);
        }
        if (p > 0) {
            return new Finding(Finding.Kind.RECORD_DELETED, i, -1, e.location(), (p - i) + " signed record(s) are missing: seq "
                    + i + (p - i > 1 ? ".." + (p - 1) : "") + " should come before the record found here, which is seq " + p);
        }
        if (earlier >= 0) {
            return new Finding(Finding.Kind.RECORD_INSERTED, i, -1, e.location(), "a copy of signed record " + earlier
                    + " was inserted at position " + i);
        }
        if (q > 0) {
            return new Finding(Finding.Kind.RECORD_INSERTED, i, -1, e.location(), (q - i)
                    + " record(s) never signed were inserted before signed record " + i);
        }
        return new Finding(Finding.Kind.RECORD_MODIFIED, i, -1, e.location(), "record " + i + " differs from the record that was signed");
    }

    /**
     * The records of [lo, hi) do not reproduce signed head {@code head}, and no authenticated
     * leaf covers them: use sequence numbers, then the (unauthenticated) leaf list, then the span.
     */
    Finding inSpan(long lo, long hi, int head, long leafEnd) throws IOException {
        Finding bySeq = bySeq(lo, head);
        if (bySeq != null) {
            return bySeq;
        }
        byte[] leaf = new byte[TreeHashes.LENGTH];
        for (int k = 0; k < span.size(); k++) {
            long pos = spanFirst + k;
            if (pos >= leafEnd) {
                break;
            }
            src.readLeaves(pos, 1, leaf);
            if (!Arrays.equals(leaf, span.get(k).hash())) {
                return new Finding(Finding.Kind.RECORD_MODIFIED, pos, head, span.get(k).location(), "record " + pos
                        + " is the first of " + lo + ".." + (hi - 1) + " that differs from the leaf hash list, which was altered too"
                        + " (so this position is not proven); signed head #" + head + " does not match these records");
            }
        }
        return new Finding(Finding.Kind.RECORD_MODIFIED, lo, head, span.isEmpty() ? "" : span.get(0).location(),
                "a record among " + lo + ".." + (hi - 1) + " was altered: they do not reproduce signed head #" + head
                        + ", and no authentic per-record hash is available to narrow it down");
    }

    /** The first record of the open span whose seq is not its position, classified; null if every seq is in place. */
    Finding bySeq(long lo, int head) {
        for (int k = 0; k < span.size(); k++) {
            long pos = spanFirst + k;
            RecordWindow.Entry e = span.get(k);
            long seq = e.seq();
            if (seq == pos) {
                continue;
            }
            if (seq < 0) {
                return new Finding(Finding.Kind.RECORD_MODIFIED, pos, head, e.location(), "record " + pos + " is not a readable record");
            }
            long laterAt = -1;
            long earlierAt = -1;
            for (int m = 0; m < span.size(); m++) {
                if (m > k && span.get(m).seq() == pos && laterAt < 0) {
                    laterAt = spanFirst + m;
                }
                if (m < k && span.get(m).seq() == seq) {
                    earlierAt = spanFirst + m;
                }
            }
            if (laterAt >= 0) {
                return new Finding(Finding.Kind.RECORDS_REORDERED, pos, head, e.location(), "the record at position " + pos
                        + " says seq " + seq + ", and seq " + pos + " turns up at position " + laterAt);
            }
            if (seq > pos) {
                return new Finding(Finding.Kind.RECORD_DELETED, pos, head, e.location(), (seq - pos) + " record(s) are missing: seq "
                        + pos + (seq - pos > 1 ? ".." + (seq - 1) : "") + " should come before the record found here, which says seq " + seq);
            }
            return new Finding(Finding.Kind.RECORD_INSERTED, pos, head, e.location(), earlierAt >= 0 || seq < lo
                    ? "a second record with seq " + seq + " was inserted at position " + pos
                    : "a record was inserted at position " + pos + " (it says seq " + seq + ")");
        }
        return null;
    }

    private byte[] leaf(long i) throws IOException {
        byte[] h = new byte[TreeHashes.LENGTH];
        src.readLeaves(i, 1, h);
        return h;
    }
}
