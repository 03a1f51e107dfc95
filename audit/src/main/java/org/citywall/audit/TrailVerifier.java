package org.citywall.audit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.citywall.crypto.Sm2PublicKey;

/**
 * Checks a {@link TrailSource} against the keys an auditor trusts, and names the first thing
 * altered. In order:
 * <ol>
 *   <li>every head's signature, key and log id (a failure names the forged head);
 *   <li>that validly signed heads agree: equal sizes have equal roots, and every carried
 *       consistency proof between successive heads verifies;
 *   <li>that the tree before the first record (the frontier) reproduces the head at that point;
 *   <li>which prefix of the carried leaf-hash list the heads authenticate;
 *   <li>every record: its leaf hash is folded into the tree and each head's root is compared
 *       as its size is reached. The first record whose hash differs from an authenticated leaf
 *       is located exactly and classified (modified, inserted, deleted, reordered, truncated);
 *       if the leaf list is altered too, sequence numbers and the unauthenticated list narrow
 *       it down, and failing those the finding names the span between two signed heads.
 * </ol>
 */
final class TrailVerifier {

    static final int LOOK = 32;

    private final TrailSource src;
    private final TrustedKeys trust;
    private final List<Finding> findings = new ArrayList<>();
    private final List<SignedTreeHead> heads;
    private final List<String> headLocations;
    /** Validly signed heads with sizes past the start, ascending, distinct sizes: what records are checked against. */
    private final List<Integer> targets = new ArrayList<>();
    private final Map<Long, Integer> validBySize = new HashMap<>();
    private long leafAuthEnd;
    private int validHeads;
    /** Heads from this index on are the auditor's own saved heads, not the source's. */
    private final int savedFrom;

    private TrailVerifier(TrailSource src, TrustedKeys trust, List<SignedTreeHead> saved, List<String> savedLocations) {
        this.src = src;
        this.trust = trust;
        this.heads = new ArrayList<>(src.heads());
        this.headLocations = new ArrayList<>(src.headLocations());
        while (headLocations.size() < heads.size()) {
            headLocations.add("");
        }
        this.savedFrom = heads.size();
        heads.addAll(saved);
        headLocations.addAll(savedLocations);
    }

    static VerificationReport verify(TrailSource src, TrustedKeys trust) throws IOException {
        return verify(src, trust, List.of(), List.of());
    }

    /**
     * As {@link #verify(TrailSource, TrustedKeys)}, and also against heads the auditor saved earlier
     * (outside this machine): each must verify, agree with the source's heads, and be reproduced by its
     * records — so a log cut back together with its heads (a rollback) is found, which the source's
     * own heads cannot show.
     */
    static VerificationReport verify(TrailSource src, TrustedKeys trust, List<SignedTreeHead> saved, List<String> savedLocations)
            throws IOException {
        return new TrailVerifier(src, trust, saved, savedLocations).run();
    }

    private boolean saved(int head) {
        return head >= savedFrom;
    }

    private VerificationReport run() throws IOException {
        long start = src.start();
        checkHeads();
        checkProofs();
        CompactRange base = src.frontier();
        if (base == null || !checkFrontier(base, start)) {
            findings.addAll(0, src.problems());
            return report(0, start, start);
        }
        long[] walked = walkRecords(base, start);
        findings.addAll(0, src.problems());
        return report(walked[0], start, walked[1]);
    }

    // ------------------------------------------------------------------ heads

    private void checkHeads() {
        List<Integer> valid = new ArrayList<>();
        long prevSize = -1;
        for (int i = 0; i < heads.size(); i++) {
            SignedTreeHead h = heads.get(i);
            if (src.logId() != null && !src.logId().equals(h.head().logId())) {
                add(Finding.Kind.HEAD_FORGED, -1, i, "names log " + h.head().logId() + ", not this log (" + src.logId() + ")");
                continue;
            }
            Sm2PublicKey carried = src.keys().get(LogState.keyRef(h.keyId(), h.keyVersion()));
            Optional<Sm2PublicKey> key = trust.resolve(h.keyId(), h.keyVersion(), carried);
            if (key.isEmpty()) {
                add(Finding.Kind.HEAD_UNTRUSTED_KEY, -1, i, "is signed by " + h.keyId() + " v" + h.keyVersion()
                        + (carried == null ? ", a key this source does not carry and you did not give"
                        : " (SM3 fingerprint " + carried.fingerprint() + "), which is not a key you trust"));
                continue;
            }
            if (!h.verify(key.get())) {
                add(Finding.Kind.HEAD_FORGED, -1, i, "the signature does not verify with " + h.keyId() + " v" + h.keyVersion()
                        + " (size " + h.size() + ", root " + TreeHashes.hex(h.root()) + ")");
                continue;
            }
            if (saved(i)) {
                if (h.size() < src.start() && validSizeIn(h.size()) < 0) {
                    add(Finding.Kind.MALFORMED, -1, i, "this saved head (size " + h.size() + ") is older than the first record here ("
                            + src.start() + "): verify it against a bundle or log that reaches back to it");
                    continue;
                }
                valid.add(i);
                continue;
            }
            if (h.size() < prevSize) {
                add(Finding.Kind.MALFORMED, -1, i, "heads are out of order: size " + h.size() + " after size " + prevSize);
            }
            prevSize = Math.max(prevSize, h.size());
            valid.add(i);
        }
        validHeads = valid.size();
        valid.sort(Comparator.comparingLong(i -> heads.get(i).size()));
        for (int i : valid) {
            SignedTreeHead h = heads.get(i);
            Integer same = validBySize.get(h.size());
            if (same != null) {
                if (!Arrays.equals(heads.get(same).root(), h.root())) {
                    add(Finding.Kind.HEADS_INCONSISTENT, -1, i, "has size " + h.size() + " like head #" + same
                            + " but a different root: the log was forked" + (saved(i) ? " or rewritten since you saved this head" : ""));
                }
                continue;
            }
            validBySize.put(h.size(), i);
            if (h.size() > src.start()) {
                targets.add(i);
            }
        }
    }

    /** Index of a source head of this size, or -1. */
    private int validSizeIn(long size) {
        for (int i = 0; i < savedFrom; i++) {
            if (heads.get(i).size() == size) {
                return i;
            }
        }
        return -1;
    }

    private void checkProofs() {
        List<ConsistencyProof> proofs = src.proofs();
        if (proofs == null) {
            return;
        }
        Map<String, ConsistencyProof> bySizes = new HashMap<>();
        proofs.forEach(p -> bySizes.put(p.oldSize() + ":" + p.newSize(), p));
        List<Integer> chain = new ArrayList<>(validBySize.values());
        chain.removeIf(this::saved); // the source carries no proofs to heads it does not have; records check those
        chain.sort(Comparator.comparingLong(i -> heads.get(i).size()));
        for (int k = 1; k < chain.size(); k++) {
            SignedTreeHead a = heads.get(chain.get(k - 1));
            SignedTreeHead b = heads.get(chain.get(k));
            ConsistencyProof p = bySizes.get(a.size() + ":" + b.size());
            if (p == null) {
                add(Finding.Kind.MALFORMED, -1, chain.get(k), "no consistency proof from head #" + chain.get(k - 1)
                        + " (size " + a.size() + ") to this head (size " + b.size() + ")");
            } else if (!p.verify(a.root(), b.root())) {
                add(Finding.Kind.HEADS_INCONSISTENT, -1, chain.get(k), "the consistency proof from head #" + chain.get(k - 1)
                        + " (size " + a.size() + ") does not verify: either the proof was altered or the log was rewritten");
            }
        }
    }

    private boolean checkFrontier(CompactRange base, long start) {
        if (start == 0) {
            return true;
        }
        Integer at = validBySize.get(start);
        if (at == null) {
            add(Finding.Kind.MALFORMED, start, -1, "no validly signed head has size " + start
                    + ", so the tree before the first record cannot be authenticated");
            return false;
        }
        if (!Arrays.equals(base.root(), heads.get(at).root())) {
            add(Finding.Kind.PROOF_DATA_ALTERED, start, at, "the frontier (tree peaks before the first record) does not "
                    + "reproduce the root of this head, so nothing after it can be authenticated");
            return false;
        }
        return true;
    }

    /**
     * How far the carried leaf list is authenticated by the heads. Only needed once a record
     * differs from its leaf (records that equal their leaves are checked against the heads
     * directly), so this extra pass costs nothing on an intact source.
     */
    private void authenticateLeaves(CompactRange base, long start) throws IOException {
        leafAuthEnd = start;
        CompactRange r = base.copy();
        long pos = start;
        byte[] buf = new byte[RecordWindow.CHUNK * TreeHashes.LENGTH];
        for (int t : targets) {
            SignedTreeHead h = heads.get(t);
            if (h.size() > src.leafEnd()) {
                return;
            }
            while (pos < h.size()) {
                int n = (int) Math.min(RecordWindow.CHUNK, h.size() - pos);
                src.readLeaves(pos, n, buf);
                for (int k = 0; k < n; k++) {
                    r.append(Arrays.copyOfRange(buf, k * TreeHashes.LENGTH, (k + 1) * TreeHashes.LENGTH));
                }
                pos += n;
            }
            if (!Arrays.equals(r.root(), h.root())) {
                return;
            }
            leafAuthEnd = h.size();
        }
    }

    // ------------------------------------------------------------------ records

    /** Returns {records walked, end of signed range}. */
    private long[] walkRecords(CompactRange base, long start) throws IOException {
        RecordWindow w = new RecordWindow(src);
        try {
            return walk(w, base, start);
        } finally {
            w.close();
        }
    }

    private long[] walk(RecordWindow w, CompactRange base, long start) throws IOException {
        CompactRange range = base.copy();
        boolean leavesChecked = false;
        long blockEnd = -1;
        Locator locator = new Locator(w, src, start);
        long leafEnd = src.leafEnd();
        long lastGood = start;
        long firstLeafDiff = -1;
        long liveFrom = 0;
        List<ArchiveNote> archives = new ArrayList<>();
        int ti = 0;
        boolean broken = false;
        Finding located = null;
        long i = start;
        long signedEnd = targets.isEmpty() ? start : heads.get(targets.get(targets.size() - 1)).size();
        long firstTailDiff = -1;
        String tailDiffWhere = "";
        byte[] leaf = new byte[TreeHashes.LENGTH];
        for (RecordWindow.Entry e; (e = w.get(i)) != null; i++) {
            if (i < leafEnd) {
                src.readLeaves(i, 1, leaf);
                if (!Arrays.equals(leaf, e.hash()) && i >= signedEnd) {
                    // past the last head the leaf cache, written after the record was fsynced, is the only witness
                    if (firstTailDiff < 0 && !TreeHashes.isUnwritten(leaf)) {
                        firstTailDiff = i;
                        tailDiffWhere = e.file() + " line " + e.line();
                    }
                } else if (!Arrays.equals(leaf, e.hash())) {
                    if (firstLeafDiff < 0) {
                        firstLeafDiff = i;
                    }
                    if (!leavesChecked) {
                        authenticateLeaves(base, start);
                        leavesChecked = true;
                    }
                    if (i < leafAuthEnd && located == null) {
                        located = locator.byLeaves(i, leafAuthEnd);
                    }
                }
            }
            if (e.archive() != null) {
                liveFrom = e.archive().liveFrom();
                archives.add(e.archive());
            }
            if (!broken && i >= blockEnd) {
                boolean noHeadInside = ti >= targets.size() || heads.get(targets.get(ti)).size() >= i + RecordWindow.BLOCK;
                if (e.block() != null && noHeadInside) {
                    range.appendPerfect(e.block(), RecordWindow.BLOCK_HEIGHT);
                    blockEnd = i + RecordWindow.BLOCK;
                } else {
                    range.append(e.hash());
                }
            }
            if (!broken) {
                if (ti < targets.size()) {
                    locator.remember(e);
                }
            }
            while (ti < targets.size() && heads.get(targets.get(ti)).size() == i + 1) {
                SignedTreeHead h = heads.get(targets.get(ti));
                if (!broken && !Arrays.equals(range.root(), h.root())) {
                    broken = true;
                    if (located == null) {
                        located = locator.inSpan(lastGood, i + 1, targets.get(ti), leafEnd);
                    }
                } else if (!broken) {
                    lastGood = i + 1;
                    locator.forget();
                }
                ti++;
            }
            w.release(i);
        }
        long end = targets.isEmpty() ? start : heads.get(targets.get(targets.size() - 1)).size();
        if (located == null && i < end && !broken) {
            located = locator.bySeq(lastGood, targets.get(ti));
        }
        if (located == null && i < end) {
            int last = targets.get(targets.size() - 1);
            located = new Finding(Finding.Kind.TRUNCATED, i, targets.get(ti), headLocations.get(last), saved(last)
                    ? "the records end after seq " + (i - 1) + " but the head you saved covers " + end
                            + " records: the log was cut back, " + (end - i) + " signed record(s) are gone from the end"
                    : "the records end after seq " + (i - 1) + " but signed head #" + last
                            + " covers " + end + " records: " + (end - i) + " signed record(s) are missing from the end");
        }
        if (located != null) {
            findings.add(located);
        }
        if (firstTailDiff >= 0 && src.accountsForArchives()) {
            findings.add(new Finding(Finding.Kind.RECORD_MODIFIED, firstTailDiff, -1, tailDiffWhere, "record " + firstTailDiff
                    + " (after the last signed head, size " + end + ") no longer matches the leaf hash cached when it was appended:"
                    + " the record, or the leaf hash cache, was altered"));
        }
        if (i > end) {
            if (src.accountsForArchives()) {
                add(Finding.Kind.UNSIGNED_TAIL, end, -1, (i - end) + " record(s) after the last signed head (size " + end
                        + ") are not yet covered by a signature");
            } else if (located == null) {
                add(Finding.Kind.RECORD_INSERTED, end, -1, (i - end) + " record(s) follow the last signed head (size " + end
                        + "); nothing signed covers them");
            }
        }
        if (located == null && src.declaredRecords() >= 0 && src.declaredRecords() != i - start) {
            add(Finding.Kind.MALFORMED, -1, -1, "the bundle declares " + src.declaredRecords() + " records but holds " + (i - start));
        }
        if (located == null && firstLeafDiff >= 0 && !leavesChecked) {
            authenticateLeaves(base, start);
        }
        if (located == null && leafEnd > start && leafAuthEnd < Math.min(end, leafEnd) && firstLeafDiff >= 0) {
            add(Finding.Kind.PROOF_DATA_ALTERED, firstLeafDiff, -1, "the leaf hash list is altered at seq " + firstLeafDiff
                    + "; the records themselves match their signed heads");
        }
        if (src.accountsForArchives() && start > liveFrom) {
            add(Finding.Kind.UNARCHIVED_REMOVAL, liveFrom, -1, "records " + liveFrom + ".." + (start - 1)
                    + " are gone from the live log, but the last archive record accounts only for those before " + liveFrom);
        }
        if (src.logDirectory() != null) {
            for (ArchiveNote a : archives) {
                Finding f = a.check(src.logDirectory());
                if (f != null) {
                    findings.add(f);
                }
            }
        }
        return new long[] {i - start, end};
    }

    private void add(Finding.Kind kind, long record, int head, String message) {
        String where = head >= 0 && head < headLocations.size() ? headLocations.get(head) : "";
        findings.add(new Finding(kind, record, head, where, message));
    }

    private VerificationReport report(long records, long first, long end) {
        String name = src.name() + (trust.trustsEmbedded() ? " (checked against the keys it carries, not against keys you gave)" : "");
        return new VerificationReport(name, records, validHeads, first, end, findings);
    }
}
