package org.citywall.audit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * One pass over a segment file that checks every line is a canonical record with the expected
 * seq, and stops counting at the first that is not. It reads on past that line only to see
 * whether a whole record follows it: if none does, what lies from there on is a torn tail if it
 * is the end of the open segment (recovery decides); if one does, the bad line is damage in the
 * middle of the file, never a crash's torn write.
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
    /** 1-based line number of the bad line, or 0. */
    long badLine;
    /** Offset of the first whole canonical record after the bad line, or -1 (then the bad part is a torn tail). */
    long recordAfterBadOffset = -1;
    /** Line number and seq of that record. */
    long recordAfterBadLine;
    long recordAfterBadSeq = -1;
    final ByteArrayOutputStream leafHashes = new ByteArrayOutputStream();

    private SegmentScan(long first) {
        this.first = first;
    }

    static SegmentScan scan(Path file, long first, boolean keepLeaves) throws IOException {
        SegmentScan s = new SegmentScan(first);
        try (LineReader r = LineReader.open(file, MAX_LINE)) {
            long lineNo = 0;
            for (LineReader.Line line; (line = r.next()) != null; ) {
                lineNo++;
                if (s.badOffset >= 0) {
                    if (line.terminated() && !line.tooLong()) {
                        try {
                            AuditRecord after = AuditRecord.parse(line.bytes());
                            s.recordAfterBadOffset = line.offset();
                            s.recordAfterBadLine = lineNo;
                            s.recordAfterBadSeq = after.seq();
                            break;
                        } catch (MalformedRecordException e) {
                            // still part of what may be a torn tail
                        }
                    }
                    continue;
                }
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
                    s.badLine = lineNo;
                    continue;
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

    /** Whether the bad line has whole records after it (damage, not a torn tail). */
    boolean damagedInside() {
        return badOffset >= 0 && recordAfterBadOffset >= 0;
    }

    /** Where the damage is, for an error message: line, byte offset, expected seq, reason, and the record after it. */
    String describeDamage() {
        return "line " + badLine + " (byte " + badOffset + ", where seq " + (first + count) + " was expected) is bad: " + badReason
                + (recordAfterBadOffset >= 0 ? "; a whole record (seq " + recordAfterBadSeq + ", line " + recordAfterBadLine
                        + ", byte " + recordAfterBadOffset + ") follows it" : "");
    }

    Segment segment(boolean sealed) {
        return new Segment(first, count, validBytes, firstTime, lastTime, sealed);
    }
}
