package org.citywall.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Byte offsets of every {@value #STRIDE}th record of one segment, found by scanning for line
 * feeds and extended as the segment grows, so reading from a seq skips to within
 * {@value #STRIDE} lines of it.
 */
final class SegmentIndex {

    static final int STRIDE = 1024;

    private final Path file;
    private long[] offsets = new long[16];
    private int marks;
    private long linesSeen;
    private long bytesSeen;

    SegmentIndex(Path file) {
        this.file = file;
    }

    /** The offset of record {@code k} of the segment rounded down to a stride mark, and that record's index. */
    synchronized long[] seek(long k, long committedBytes) throws IOException {
        long mark = k / STRIDE;
        if (mark >= marks && bytesSeen < committedBytes) {
            extend(committedBytes);
        }
        int m = (int) Math.min(mark, marks - 1L);
        return m < 0 ? new long[] {0, 0} : new long[] {offsets[m], (long) m * STRIDE};
    }

    private void extend(long committedBytes) throws IOException {
        try (LineReader r = LineReader.open(file, bytesSeen, committedBytes, SegmentScan.MAX_LINE)) {
            for (LineReader.Line line; (line = r.next()) != null && line.terminated(); ) {
                if (linesSeen % STRIDE == 0) {
                    if (marks == offsets.length) {
                        offsets = Arrays.copyOf(offsets, marks * 2);
                    }
                    offsets[marks++] = line.offset();
                }
                linesSeen++;
                bytesSeen = r.offset();
            }
        }
    }
}
