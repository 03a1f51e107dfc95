package org.citywall.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.citywall.crypto.Sm2PublicKey;

/**
 * Reads a log directory for the verifier, straight from its files and independently of the
 * log's own recovery code; nothing is repaired. Records come from the segment files in name
 * order; the frontier before the first live record comes from the leaf-hash file.
 */
final class LogDirectorySource implements TrailSource {

    private final LogFiles files;
    private final List<Finding> problems = new ArrayList<>();
    private final List<SignedTreeHead> heads = new ArrayList<>();
    private final List<String> headLocations = new ArrayList<>();
    private final Map<String, Sm2PublicKey> keys = new HashMap<>();
    private final List<Long> segments;
    private final LeafFile leaves;
    private String logId;
    private long start;
    private CompactRange frontier;
    private int segmentIndex = -1;
    private LineReader current;
    private String currentName;
    private long lineNo;
    private final byte[] cache = new byte[RecordWindow.CHUNK * TreeHashes.LENGTH];
    private long cacheFrom = -1;
    private int cacheCount;

    LogDirectorySource(Path dir) throws IOException {
        this.files = new LogFiles(dir);
        if (!Files.isDirectory(dir) || !Files.exists(files.meta)) {
            throw new IOException(dir + " is not an audit log directory (no log.json)");
        }
        readLogId();
        readHeads();
        readKeys();
        segments = files.segmentStarts();
        start = segments.isEmpty() ? 0 : segments.get(0);
        leaves = Files.exists(files.leaves) ? LeafFile.open(files.leaves, false) : LeafFile.absent();
        buildFrontier();
    }

    private void readLogId() throws IOException {
        byte[] b = Files.readAllBytes(files.meta);
        try {
            logId = SignedTreeHead.string(RecordJson.readObject(b, 0, b.length), "logId");
        } catch (IllegalArgumentException e) {
            problems.add(new Finding(Finding.Kind.MALFORMED, -1, -1, "log.json", "unreadable: " + e.getMessage()));
        }
    }

    private void readHeads() throws IOException {
        if (!Files.exists(files.heads)) {
            return;
        }
        long n = 0;
        try (LineReader r = LineReader.open(files.heads, 1 << 20)) {
            for (LineReader.Line l; (l = r.next()) != null; ) {
                n++;
                String where = "heads.jsonl line " + n;
                if (!l.terminated()) {
                    problems.add(new Finding(Finding.Kind.TORN_TAIL, -1, -1, where,
                            "heads.jsonl ends inside a line (a crash while signing); opening the log for writing repairs it"));
                    break;
                }
                try {
                    heads.add(SignedTreeHead.fromMap(RecordJson.readObject(l.bytes(), 0, l.bytes().length)));
                    headLocations.add(where);
                } catch (IllegalArgumentException e) {
                    problems.add(new Finding(Finding.Kind.MALFORMED, -1, -1, where, "not a signed tree head: " + e.getMessage()));
                }
            }
        }
    }

    private void readKeys() throws IOException {
        if (!Files.exists(files.keys)) {
            return;
        }
        long n = 0;
        try (LineReader r = LineReader.open(files.keys, 1 << 20)) {
            for (LineReader.Line l; (l = r.next()) != null; ) {
                n++;
                if (!l.terminated()) {
                    break;
                }
                try {
                    Map<String, Object> m = RecordJson.readObject(l.bytes(), 0, l.bytes().length);
                    keys.put(LogState.keyRef(SignedTreeHead.string(m, "keyId"), (int) SignedTreeHead.integer(m, "keyVersion")),
                            Sm2PublicKey.fromDer(Base64.getDecoder().decode(SignedTreeHead.string(m, "publicKey"))));
                } catch (RuntimeException e) {
                    problems.add(new Finding(Finding.Kind.MALFORMED, -1, -1, "keys.jsonl line " + n, "not a public key: " + e.getMessage()));
                }
            }
        }
    }

    private void buildFrontier() throws IOException {
        if (start == 0) {
            frontier = new CompactRange();
            return;
        }
        if (leaves.size() < start) {
            problems.add(new Finding(Finding.Kind.MALFORMED, start, -1, "leaves", "the leaf-hash file holds " + leaves.size()
                    + " hashes, fewer than the " + start + " records archived before the first live segment"));
            return;
        }
        CompactRange r = new CompactRange();
        byte[] buf = new byte[RecordWindow.CHUNK * TreeHashes.LENGTH];
        for (long pos = 0; pos < start; ) {
            int n = (int) Math.min(RecordWindow.CHUNK, start - pos);
            leaves.read(pos, n, buf);
            for (int k = 0; k < n; k++) {
                r.append(java.util.Arrays.copyOfRange(buf, k * TreeHashes.LENGTH, (k + 1) * TreeHashes.LENGTH));
            }
            pos += n;
        }
        frontier = r;
    }

    @Override
    public String name() {
        return "audit log " + files.dir;
    }

    @Override
    public String logId() {
        return logId;
    }

    @Override
    public List<SignedTreeHead> heads() {
        return heads;
    }

    @Override
    public List<String> headLocations() {
        return headLocations;
    }

    @Override
    public Map<String, Sm2PublicKey> keys() {
        return keys;
    }

    @Override
    public long start() {
        return start;
    }

    @Override
    public CompactRange frontier() {
        return frontier == null ? null : frontier.copy();
    }

    @Override
    public long leafEnd() {
        return Math.max(start, leaves.size());
    }

    @Override
    public void readLeaves(long from, int n, byte[] into) throws IOException {
        if (n == 1) {
            if (cacheFrom < 0 || from < cacheFrom || from >= cacheFrom + cacheCount) {
                cacheCount = (int) Math.min(RecordWindow.CHUNK, leaves.size() - from);
                leaves.read(from, cacheCount, cache);
                cacheFrom = from;
            }
            System.arraycopy(cache, (int) (from - cacheFrom) * TreeHashes.LENGTH, into, 0, TreeHashes.LENGTH);
            return;
        }
        leaves.read(from, n, into);
    }

    @Override
    public List<ConsistencyProof> proofs() {
        return null;
    }

    @Override
    public long declaredRecords() {
        return -1;
    }

    @Override
    public boolean accountsForArchives() {
        return true;
    }

    @Override
    public java.nio.file.Path logDirectory() {
        return files.dir;
    }

    @Override
    public List<Finding> problems() {
        return problems;
    }

    @Override
    public RecordLine nextRecord() throws IOException {
        while (true) {
            if (current == null) {
                if (++segmentIndex >= segments.size()) {
                    return null;
                }
                Path p = files.segment(segments.get(segmentIndex));
                currentName = "segments/" + p.getFileName();
                current = LineReader.open(p, SegmentScan.MAX_LINE);
                lineNo = 0;
            }
            LineReader.Line l = current.next();
            if (l == null) {
                current.close();
                current = null;
                continue;
            }
            lineNo++;
            if (!l.terminated() && segmentIndex == segments.size() - 1 && current.next() == null) {
                problems.add(new Finding(Finding.Kind.TORN_TAIL, -1, -1, currentName + " line " + lineNo, l.bytes().length
                        + " bytes of an incomplete record end the log (a crash's torn write; opening the log for writing repairs it)"));
                return null;
            }
            return new RecordLine(l.bytes(), l.terminated(), currentName, lineNo);
        }
    }

    @Override
    public void close() throws IOException {
        if (current != null) {
            current.close();
        }
        leaves.close();
    }
}
