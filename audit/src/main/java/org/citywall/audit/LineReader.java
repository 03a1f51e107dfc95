package org.citywall.audit;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads LF-terminated lines as raw bytes, remembering where each starts. The last line may lack
 * its LF (a torn or truncated tail); {@link Line#terminated()} says so. Lines longer than the
 * limit are returned cut at the limit and flagged, so one bad line cannot exhaust memory.
 */
final class LineReader implements Closeable {

    /** One line without its LF. */
    record Line(long offset, byte[] bytes, boolean terminated, boolean tooLong) {
    }

    private final InputStream in;
    private final int maxLine;
    private final long limit;
    private final byte[] buf = new byte[64 * 1024];
    private byte[] acc = new byte[1024]; // reused for every line; each line is copied out once
    private int pos;
    private int end;
    private long consumed; // file offset of buf[pos]

    private LineReader(InputStream in, long startOffset, long limit, int maxLine) {
        this.in = in;
        this.consumed = startOffset;
        this.limit = limit;
        this.maxLine = maxLine;
    }

    /** Lines of {@code file} from byte {@code from} up to byte {@code limit} (exclusive). */
    static LineReader open(Path file, long from, long limit, int maxLine) throws IOException {
        InputStream in = Files.newInputStream(file);
        try {
            in.skipNBytes(from);
        } catch (IOException e) {
            in.close();
            throw e;
        }
        return new LineReader(in, from, limit, maxLine);
    }

    static LineReader open(Path file, int maxLine) throws IOException {
        return open(file, 0, Long.MAX_VALUE, maxLine);
    }

    /** Lines of a stream (which this reader closes). */
    static LineReader of(InputStream in, int maxLine) {
        return new LineReader(in, 0, Long.MAX_VALUE, maxLine);
    }

    /** The next line, or null at the end. */
    Line next() throws IOException {
        long start = consumed;
        boolean any = false;
        int accLen = 0;
        boolean tooLong = false;
        while (true) {
            if (pos == end && !fill()) {
                if (!any) {
                    return null;
                }
                return new Line(start, Arrays.copyOf(acc, accLen), false, tooLong);
            }
            int lf = -1;
            for (int i = pos; i < end; i++) {
                if (buf[i] == '\n') {
                    lf = i;
                    break;
                }
            }
            int stop = lf < 0 ? end : lf;
            int n = stop - pos;
            any = true;
            int room = maxLine - accLen;
            int take = Math.min(n, room);
            if (take < n) {
                tooLong = true;
            }
            if (accLen + take > acc.length) {
                acc = Arrays.copyOf(acc, Math.min(maxLine, Math.max(acc.length * 2, accLen + take)));
            }
            System.arraycopy(buf, pos, acc, accLen, take);
            accLen += take;
            consumed += n;
            pos = stop;
            if (lf >= 0) {
                pos++;
                consumed++;
                return new Line(start, Arrays.copyOf(acc, accLen), true, tooLong);
            }
        }
    }

    /** File offset just past what has been returned. */
    long offset() {
        return consumed;
    }

    private boolean fill() throws IOException {
        long left = limit - consumed;
        if (left <= 0) {
            return false;
        }
        int n = in.read(buf, 0, (int) Math.min(buf.length, left));
        if (n <= 0) {
            return false;
        }
        pos = 0;
        end = n;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
