package org.citywall.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.citywall.crypto.Sm2PublicKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a log directory: reads what is there, repairs a torn tail left by a crash (quarantining
 * the bytes), brings the leaf-hash cache in line with the records, and refuses to go on if the
 * records contradict the last signed tree head.
 */
final class LogRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(LogRecovery.class);

    record Result(LogState state, RecoveryReport report) {
    }

    private final LogFiles files;
    private final boolean writable;
    private final TreeHeadSigner signer;
    private final List<String> notes = new ArrayList<>();
    private long leavesRewritten;

    private LogRecovery(LogFiles files, boolean writable, TreeHeadSigner signer) {
        this.files = files;
        this.writable = writable;
        this.signer = signer;
    }

    static Result open(LogFiles files, boolean writable, TreeHeadSigner signer) throws IOException {
        return new LogRecovery(files, writable, signer).run();
    }

    private Result run() throws IOException {
        boolean created = false;
        if (!Files.exists(files.meta)) {
            if (!writable) {
                throw new NoSuchFileException(files.meta.toString(), null, "no audit log here (log.json is missing)");
            }
            if (!files.segmentStarts().isEmpty() || Files.exists(files.heads)) {
                throw new AuditLogCorruptedException("log.json is missing from " + files.dir + " but records or heads are there");
            }
            Files.createDirectories(files.segments);
            String meta = "{\"created\":\"" + Instant.now() + "\",\"format\":" + LogFiles.FORMAT
                    + ",\"logId\":\"" + UUID.randomUUID() + "\"}\n";
            LogFiles.writeAtomically(files.meta, meta.getBytes(StandardCharsets.UTF_8));
            created = true;
        }
        String logId = readLogId();
        if (writable) {
            Files.createDirectories(files.segments);
        }

        JsonLines.Loaded headLines = JsonLines.load(files.heads, writable, files.quarantine, "heads.jsonl");
        List<SignedTreeHead> heads = parseHeads(headLines, logId);
        JsonLines.Loaded keyLines = JsonLines.load(files.keys, writable, files.quarantine, "keys.jsonl");
        note(headLines.torn(), "tree heads");
        note(keyLines.torn(), "keys");

        SignedTreeHead last = heads.isEmpty() ? null : heads.get(heads.size() - 1);
        List<Segment> segments = new ArrayList<>();
        SegmentScan active = readSegments(segments);
        TornTail recordsTorn = null;
        if (active != null && active.damagedInside()) {
            throw new AuditLogCorruptedException("segment " + files.segment(active.first).getFileName() + " is damaged: "
                    + active.describeDamage() + ". Whole records after a bad line are not a crash's torn write; nothing is cut"
                    + " or repaired — run citywall audit verify " + files.dir);
        }
        if (active != null && active.badOffset >= 0) {
            long kept = active.first + active.count;
            if (last != null && kept < last.size()) {
                throw new AuditLogCorruptedException("segment " + files.segment(active.first).getFileName() + " is damaged at byte "
                        + active.badOffset + " (" + active.badReason + "), inside records covered by signed tree head of size "
                        + last.size() + "; refusing to cut signed records — run citywall audit verify " + files.dir);
            }
            if (writable) {
                recordsTorn = TornTail.repair(files.segment(active.first), active.badOffset, files.quarantine);
            } else {
                recordsTorn = new TornTail(files.segment(active.first), active.badOffset,
                        Files.size(files.segment(active.first)) - active.badOffset, null);
            }
            note(recordsTorn, "records (" + active.badReason + ")");
        }
        long size = segments.isEmpty() ? (last == null ? 0 : last.size()) : segments.get(segments.size() - 1).end();
        if (segments.isEmpty() && size > 0) {
            throw new AuditLogCorruptedException("every segment file is gone from " + files.segments
                    + " but signed tree heads cover " + size + " records");
        }
        if (last != null && last.size() > size) {
            throw new AuditLogCorruptedException("the log holds " + size + " records but signed tree head #" + (heads.size() - 1)
                    + " covers " + last.size() + ": records were removed — run citywall audit verify " + files.dir);
        }

        LeafFile leaves = Files.exists(files.leaves) || writable ? LeafFile.open(files.leaves, writable) : LeafFile.absent();
        long signed = last == null ? 0 : last.size();
        long firstDiff = writable ? alignLeaves(leaves, segments, active, size, signed) : -1;
        MerkleTree tree = new MerkleTree(leaves);
        if (tree.size() != size) {
            // read-only open of a log whose cache lags (a crash, not yet reopened for writing)
            throw new AuditLogCorruptedException("the leaf hash cache holds " + tree.size() + " entries for " + size
                    + " records; open the log for writing once to repair it");
        }
        if (last != null && !Arrays.equals(tree.root(last.size()), last.root())) {
            LeafFile rebuilt = writable ? rebuildLeaves(leaves, segments, last) : null;
            if (rebuilt == null) {
                leaves.close();
                throw new AuditLogCorruptedException("the records do not reproduce the root of signed tree head #" + (heads.size() - 1)
                        + " (size " + last.size() + "): the log was altered — run citywall audit verify " + files.dir);
            }
            leaves = rebuilt;
            tree = new MerkleTree(leaves);
        } else if (firstDiff >= 0) {
            leaves.close();
            throw new AuditLogCorruptedException("record " + firstDiff + " no longer matches its leaf hash, while the leaf hashes"
                    + " reproduce signed tree head #" + (heads.size() - 1) + ": the record was altered — run citywall audit verify " + files.dir);
        }
        LogState state = new LogState(files, logId, leaves, tree, heads, new LogState.View(size, segments));
        loadKeys(keyLines, state);
        if (last != null) {
            checkSignature(last, heads.size() - 1, state);
        }
        RecoveryReport report = new RecoveryReport(created, recordsTorn, headLines.torn(), keyLines.torn(), leavesRewritten, notes);
        LOG.info("audit log opened dir={} logId={} records={} liveFrom={} heads={} clean={}", files.dir, logId, size,
                state.view.liveStart(), heads.size(), report.clean());
        return new Result(state, report);
    }

    private String readLogId() throws IOException {
        byte[] b = Files.readAllBytes(files.meta);
        Map<String, Object> m;
        try {
            m = RecordJson.readObject(b, 0, b.length);
        } catch (IllegalArgumentException e) {
            throw new AuditLogCorruptedException("log.json is not valid JSON: " + e.getMessage());
        }
        if (!Integer.valueOf(LogFiles.FORMAT).equals(m.get("format")) || !(m.get("logId") instanceof String id)) {
            throw new AuditLogCorruptedException("log.json does not describe a format " + LogFiles.FORMAT + " audit log");
        }
        return id;
    }

    private static List<SignedTreeHead> parseHeads(JsonLines.Loaded loaded, String logId) {
        List<SignedTreeHead> heads = new ArrayList<>();
        for (Map<String, Object> m : loaded.objects()) {
            SignedTreeHead h;
            try {
                h = SignedTreeHead.fromMap(m);
            } catch (IllegalArgumentException e) {
                throw new AuditLogCorruptedException("heads.jsonl line " + (heads.size() + 1) + " is not a signed tree head: " + e.getMessage());
            }
            if (!h.head().logId().equals(logId)) {
                throw new AuditLogCorruptedException("heads.jsonl line " + (heads.size() + 1) + " belongs to log " + h.head().logId());
            }
            if (!heads.isEmpty() && h.size() < heads.get(heads.size() - 1).size()) {
                throw new AuditLogCorruptedException("heads.jsonl line " + (heads.size() + 1) + " has a smaller size than the line before");
            }
            heads.add(h);
        }
        return heads;
    }

    /** Fills {@code out} with every segment; returns the scan of the last one (null if none). */
    private SegmentScan readSegments(List<Segment> out) throws IOException {
        List<Long> starts = files.segmentStarts();
        SegmentScan lastScan = null;
        for (int i = 0; i < starts.size(); i++) {
            long first = starts.get(i);
            boolean isLast = i == starts.size() - 1;
            Segment seg = isLast ? null : sealed(first);
            if (seg == null) {
                SegmentScan scan = SegmentScan.scan(files.segment(first), first, isLast);
                if (!isLast && scan.badOffset >= 0) {
                    throw new AuditLogCorruptedException("closed segment " + files.segment(first).getFileName()
                            + " is damaged at byte " + scan.badOffset + ": " + scan.badReason);
                }
                seg = scan.segment(!isLast || Files.exists(files.seal(first)));
                if (isLast) {
                    lastScan = scan;
                }
            }
            if (!out.isEmpty() && out.get(out.size() - 1).end() != first) {
                throw new AuditLogCorruptedException("records " + out.get(out.size() - 1).end() + ".." + (first - 1)
                        + " are missing: segment files were removed or cut — run citywall audit verify " + files.dir);
            }
            out.add(seg);
        }
        return lastScan;
    }

    /** The segment as its seal file describes it, if that file exists and matches the segment's length. */
    private Segment sealed(long first) throws IOException {
        if (!Files.exists(files.seal(first))) {
            return null;
        }
        byte[] b = Files.readAllBytes(files.seal(first));
        Segment s;
        try {
            s = Segment.fromSeal(RecordJson.readObject(b, 0, b.length));
        } catch (IllegalArgumentException e) {
            LOG.warn("audit segment seal unreadable segment={} reason=\"{}\"", first, e.getMessage());
            return null;
        }
        long actual = Files.size(files.segment(first));
        if (s.first() != first || s.bytes() != actual) {
            throw new AuditLogCorruptedException("closed segment " + files.segment(first).getFileName() + " is " + actual
                    + " bytes long but was sealed at " + s.bytes() + " — run citywall audit verify " + files.dir);
        }
        return s;
    }

    /**
     * Brings the leaves file in line with the records: drops entries past the last record,
     * computes missing ones and all-zero ones past the last signed head (cache pages a power cut
     * lost after the file had grown). A wrong entry under a signed head is left as it is — it is
     * evidence — and the first such seq is returned (or -1). A wrong non-zero entry past the last
     * signed head refuses the open: records are fsynced before their hash is cached, so no crash
     * leaves one; the record was edited.
     */
    private long alignLeaves(LeafFile leaves, List<Segment> segments, SegmentScan active, long size, long signed) throws IOException {
        long stored = leaves.size();
        if (leaves.bytes() % TreeHashes.LENGTH != 0 || stored > size) {
            notes.add("leaf hash cache cut from " + leaves.bytes() + " bytes to " + Math.min(stored, size) + " entries");
            leaves.truncate(Math.min(stored, size));
            stored = leaves.size();
        }
        long activeFirst = active == null ? size : active.first;
        long liveStart = segments.isEmpty() ? size : segments.get(0).first();
        long firstDiff = -1;
        if (stored < activeFirst) {
            if (stored < liveStart) {
                throw new AuditLogCorruptedException("leaf hashes " + stored + ".." + (liveStart - 1)
                        + " of archived records are missing from " + files.leaves);
            }
            for (Segment s : segments) {
                if (s.end() > stored && s.first() < activeFirst) {
                    firstDiff = first(firstDiff, rewrite(leaves, SegmentScan.scan(files.segment(s.first()), s.first(), true), stored, signed));
                    stored = leaves.size();
                }
            }
        }
        if (active != null) {
            firstDiff = first(firstDiff, rewrite(leaves, active, stored, signed));
        }
        if (leavesRewritten > 0) {
            notes.add(leavesRewritten + " leaf hashes recomputed from records");
            LOG.warn("audit leaf cache repaired rewritten={}", leavesRewritten);
        }
        leaves.force();
        return firstDiff;
    }

    private static long first(long a, long b) {
        return a < 0 ? b : b < 0 ? a : Math.min(a, b);
    }

    /** Writes the scan's leaf hashes where the file lacks them, or differs past {@code signed}; returns the first signed difference. */
    private long rewrite(LeafFile leaves, SegmentScan scan, long stored, long signed) throws IOException {
        byte[] computed = scan.leafHashes.toByteArray();
        byte[] have = new byte[TreeHashes.LENGTH];
        long firstDiff = -1;
        for (long i = 0; i < scan.count; i++) {
            long seq = scan.first + i;
            int at = (int) (i * TreeHashes.LENGTH);
            if (seq < stored) {
                leaves.read(seq, 1, have);
                if (Arrays.equals(have, 0, TreeHashes.LENGTH, computed, at, at + TreeHashes.LENGTH)) {
                    continue;
                }
                if (seq < signed) {
                    firstDiff = firstDiff < 0 ? seq : firstDiff;
                    continue;
                }
                if (!TreeHashes.isUnwritten(have)) {
                    // the record was fsynced before this hash was cached, so the hash is what was
                    // acknowledged: the record was edited while the log was closed
                    throw new AuditLogCorruptedException("record " + seq + " in " + files.segment(scan.first).getFileName()
                            + " (after the last signed tree head, size " + signed + ") no longer matches the leaf hash cached"
                            + " when it was appended: the record was altered; it is not signed over — run citywall audit verify "
                            + files.dir);
                }
            }
            leaves.write(seq, Arrays.copyOfRange(computed, at, at + TreeHashes.LENGTH), 1);
            leavesRewritten++;
        }
        return firstDiff;
    }

    /**
     * Recomputes the live leaf hashes from the records into a new file; if they reproduce the last
     * signed head, it replaces the cache (which was damaged) and is returned, else null and the
     * old file is kept untouched as evidence.
     */
    private LeafFile rebuildLeaves(LeafFile old, List<Segment> segments, SignedTreeHead last) throws IOException {
        java.nio.file.Path tmp = files.dir.resolve("leaves.rebuild");
        Files.deleteIfExists(tmp);
        long liveStart = segments.get(0).first();
        if (old.size() < liveStart) {
            return null;
        }
        LeafFile fresh = LeafFile.open(tmp, true);
        byte[] buf = new byte[4096 * TreeHashes.LENGTH];
        for (long pos = 0; pos < liveStart; pos += 4096) {
            int n = (int) Math.min(4096, liveStart - pos);
            old.read(pos, n, buf);
            fresh.append(buf, n);
        }
        long count = 0;
        for (Segment s : segments) {
            SegmentScan scan = SegmentScan.scan(files.segment(s.first()), s.first(), true);
            fresh.append(scan.leafHashes.toByteArray(), (int) scan.count);
            count += scan.count;
        }
        fresh.force();
        if (!Arrays.equals(new MerkleTree(fresh).root(last.size()), last.root())) {
            fresh.close();
            Files.delete(tmp);
            return null;
        }
        fresh.close();
        old.close();
        Files.move(tmp, files.leaves, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        LogFiles.syncDirectory(files.dir);
        leavesRewritten += count;
        notes.add("leaf hash cache did not reproduce the last signed head but the records do; rebuilt from " + count + " records");
        LOG.warn("audit leaf cache rebuilt reason=root_mismatch records={}", count);
        return LeafFile.open(files.leaves, true);
    }

    private void loadKeys(JsonLines.Loaded loaded, LogState state) {
        for (Map<String, Object> m : loaded.objects()) {
            try {
                state.addKey(SignedTreeHead.string(m, "keyId"), (int) SignedTreeHead.integer(m, "keyVersion"),
                        Sm2PublicKey.fromDer(Base64.getDecoder().decode(SignedTreeHead.string(m, "publicKey"))));
            } catch (RuntimeException e) {
                throw new AuditLogCorruptedException("keys.jsonl holds an unreadable key: " + e.getMessage());
            }
        }
    }

    private void checkSignature(SignedTreeHead h, int index, LogState state) {
        Optional<Sm2PublicKey> key = signer != null && signer.keyId().equals(h.keyId())
                ? signer.publicKey(h.keyVersion()) : state.key(h.keyId(), h.keyVersion());
        if (key.isEmpty()) {
            notes.add("no public key for " + h.keyId() + " v" + h.keyVersion() + " to check the last tree head with");
            return;
        }
        if (!h.verify(key.get())) {
            throw new AuditLogCorruptedException("the signature of tree head #" + index + " (size " + h.size()
                    + ") does not verify with " + h.keyId() + " v" + h.keyVersion() + ": the head was forged");
        }
    }

    private void note(TornTail t, String what) {
        if (t != null) {
            String line = "torn tail of " + what + " in " + t.file().getFileName() + ": " + t.length() + " bytes from offset "
                    + t.offset() + (t.savedTo() == null ? " (read-only: left in place)" : " moved to " + t.savedTo());
            notes.add(line);
            LOG.warn("audit torn tail repaired file={} offset={} bytes={} quarantined={}", t.file().getFileName(), t.offset(),
                    t.length(), t.savedTo());
        }
    }
}
