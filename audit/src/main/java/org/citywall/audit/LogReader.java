package org.citywall.audit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Reads records of the live log within a durable {@link LogState.View}: ranges, scans, queries. */
final class LogReader {

    /** Receives one raw record line; returns false to stop. */
    interface LineVisitor {
        boolean visit(long seq, byte[] line) throws IOException;
    }

    private final LogState state;
    private final Map<Long, SegmentIndex> indexes = new ConcurrentHashMap<>();

    LogReader(LogState state) {
        this.state = state;
    }

    /** Visits the raw lines of records {@code [from, to)} that are in the live log, in order. */
    void scan(LogState.View v, long from, long to, LineVisitor visitor) throws IOException {
        for (Segment s : v.segments()) {
            if (s.end() <= from || s.first() >= to) {
                continue;
            }
            long start = Math.max(from, s.first());
            long stop = Math.min(to, s.end());
            SegmentIndex idx = indexes.computeIfAbsent(s.first(), f -> new SegmentIndex(state.files.segment(f)));
            long[] mark = idx.seek(start - s.first(), s.bytes());
            long seq = s.first() + mark[1];
            try (LineReader r = LineReader.open(state.files.segment(s.first()), mark[0], s.bytes(), SegmentScan.MAX_LINE)) {
                while (seq < stop) {
                    LineReader.Line line = r.next();
                    if (line == null || !line.terminated()) {
                        throw new IOException("segment " + s.first() + " ends before record " + seq);
                    }
                    if (seq >= start && !visitor.visit(seq, line.bytes())) {
                        return;
                    }
                    seq++;
                }
            }
        }
    }

    /** Up to {@code max} records from {@code from} on. */
    List<AuditRecord> read(long from, int max) throws IOException {
        LogState.View v = state.view;
        if (from < v.liveStart()) {
            throw new IllegalArgumentException("records before " + v.liveStart() + " have left the live log for archives");
        }
        List<AuditRecord> out = new ArrayList<>(Math.min(max, 4096));
        scan(v, from, Math.min(v.size(), from + max), (seq, line) -> out.add(parse(seq, line)));
        return out;
    }

    List<AuditRecord> query(AuditQuery q) throws IOException {
        LogState.View v = state.view;
        List<AuditRecord> out = new ArrayList<>();
        LinePrefilter prefilter = LinePrefilter.of(q);
        for (Segment s : v.segments()) {
            if (s.end() <= q.fromSeq() || !q.overlaps(s.firstTime(), s.lastTime())) {
                continue;
            }
            scan(v, Math.max(q.fromSeq(), s.first()), s.end(), (seq, line) -> {
                if (!prefilter.mayMatch(line)) {
                    return true; // cannot match: not parsed (a search over months of records parsed every one)
                }
                AuditRecord r = parse(seq, line);
                if (q.matches(r)) {
                    out.add(r);
                }
                return out.size() < q.limit();
            });
            if (out.size() >= q.limit()) {
                break;
            }
        }
        return out;
    }

    /** Seq of the first live record stamped at or after {@code t} (times never decrease along the log), or the size. */
    long firstAtOrAfter(LogState.View v, java.time.Instant t) throws IOException {
        for (Segment s : v.segments()) {
            if (s.count() == 0 || s.lastTime().isBefore(t)) {
                continue;
            }
            long[] found = {-1};
            scan(v, s.first(), s.end(), (seq, line) -> {
                if (!timeOf(line).isBefore(t)) {
                    found[0] = seq;
                    return false;
                }
                return true;
            });
            if (found[0] >= 0) {
                return found[0];
            }
        }
        return v.size();
    }

    /** The time of a canonical record: the last member, so the line ends {@code "time":"...Z"}}. */
    static java.time.Instant timeOf(byte[] line) throws IOException {
        int len = "2026-01-01T00:00:00.000000Z".length();
        if (line.length < len + 2) {
            throw new IOException("not a record line");
        }
        String t = new String(line, line.length - len - 2, len, java.nio.charset.StandardCharsets.US_ASCII);
        try {
            return AuditRecord.TIME.parse(t, java.time.Instant::from);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IOException("record line does not end with its time: " + e.getMessage());
        }
    }

    void forget(long segmentFirst) {
        indexes.remove(segmentFirst);
    }

    private static AuditRecord parse(long seq, byte[] line) throws IOException {
        try {
            AuditRecord r = AuditRecord.parse(line);
            if (r.seq() != seq) {
                throw new IOException("record at position " + seq + " says seq " + r.seq());
            }
            return r;
        } catch (MalformedRecordException e) {
            throw new IOException("record " + seq + " is damaged: " + e.getMessage());
        }
    }
}
