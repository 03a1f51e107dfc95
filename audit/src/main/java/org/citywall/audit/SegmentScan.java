package org.citywall.audit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * One pass over a segment file that checks every line is a canonical record with the expected
 * seq, and stops at the first that is not. What lies from there on is a torn tail if it is the
 * end of the open segment — recovery decides.
 */
final class SegmentScan {

    static final int MAX_LINE = 1 << 20;

    final long first;
    long count;
    long validBytes;
    Instant firstTime;
    Instant lastTime;
    /** Offset of the first line that is not a whole canonical record with the next seq, or -1. */
    long badOffset = -1;
    String badReason;
    final ByteArrayOutputStream leafHashes = new ByteArrayOutputStream();

    private SegmentScan(long first) {
        this.first = first;
    }

    static SegmentScan scan(Path file, long first, boolean keepLeaves) throws IOException {
        SegmentScan s = new SegmentScan(first);
        try (LineReader r = LineReader.open(file, MAX_LINE)) {
            for (LineReader.Line line; (line = r.next()) != null; ) {
                String problem = null;
                AuditRecord rec = null;
                if (!line.terminated()) {
                    problem = "the last line has no line feed (a write cut short)";
                } else if (line.tooLong()) {
                    problem = "a line longer than " + MAX_LINE + " bytes";
                } else {
                    try {
                        rec = AuditRecord.parse(line.bytes());
                        if (rec.seq() != first + s.count) {
                            problem = "seq " + rec.seq() + " where " + (first + s.count) + " was expected";
                        }
                    } catch (MalformedRecordException e) {
                        problem = "not a canonical record: " + e.getMessage();
                    }
                }
                if (problem != null) {
                    s.badOffset = line.offset();
                    s.badReason = problem;
                    break;
                }
                if (s.firstTime == null) {
                    s.firstTime = rec.time();
                }
                s.lastTime = rec.time();
                s.count++;
                s.validBytes = r.offset();
                if (keepLeaves) {
                    s.leafHashes.writeBytes(TreeHashes.leaf(line.bytes()));
                }
            }
        }
        return s;
    }

    Segment segment(boolean sealed) {
        return new Segment(first, count, validBytes, firstTime, lastTime, sealed);
    }
}
