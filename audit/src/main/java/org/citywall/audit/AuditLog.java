package org.citywall.audit;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.citywall.crypto.EnvelopeEncryption;
import org.citywall.crypto.Sm2PublicKey;

/**
 * The append-only, tamper-evident audit log: canonical records in segment files, an SM3 Merkle
 * tree over them (RFC 9162 layout), and SM2-signed tree heads.
 *
 * <p><b>Appending.</b> {@link #append} returns only once the record is fsynced; concurrent
 * appends are group-committed (one write and one fsync for everything waiting) and share one
 * order. A tree head is signed at least every {@link Options#headEveryRecords} records or
 * {@link Options#headEvery} time, when a segment closes, and at {@link #close}.
 *
 * <p><b>Crashes.</b> {@link #open} repairs a torn tail (bytes of records never acknowledged),
 * keeps the cut bytes under {@code quarantine/} and reports it in {@link #recovery()}; it
 * refuses to open a log whose records contradict its last signed head.
 *
 * <p><b>Reading.</b> {@link #query}, {@link #read}, proofs and exports see only durable
 * records and are safe from any thread while appends go on.
 *
 * <p>One process at a time may open a directory for writing (a file lock enforces it).
 */
public final class AuditLog implements Closeable {

    private final LogState state;
    private final LogReader reader;
    private final Committer committer;
    private final Thread writer;
    private final RecoveryReport recovery;
    private final Options options;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private AuditLog(LogState state, RecoveryReport recovery, Options options, FileChannel lockChannel, FileLock lock)
            throws IOException {
        this.state = state;
        this.reader = new LogReader(state);
        this.recovery = recovery;
        this.options = options;
        this.lockChannel = lockChannel;
        this.lock = lock;
        if (options != null) {
            committer = new Committer(state, options);
            committer.start();
            writer = new Thread(committer, "audit-log-writer");
            writer.setDaemon(true);
            writer.start();
        } else {
            committer = null;
            writer = null;
        }
    }

    /**
     * Opens the log in {@code options.directory()} for appending, creating it if absent.
     *
     * @throws AuditLogCorruptedException if the log contradicts itself beyond what a crash explains
     * @throws IOException if the directory is in use by another process or cannot be read or written
     */
    public static AuditLog open(Options options) throws IOException {
        Objects.requireNonNull(options.signer(), "a writable audit log needs a tree head signer");
        LogFiles files = new LogFiles(options.directory());
        Files.createDirectories(files.dir);
        FileChannel ch = FileChannel.open(files.lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            ch.close();
            throw new IOException("the audit log " + files.dir + " is already open for writing by another process");
        }
        try {
            LogRecovery.Result r = LogRecovery.open(files, true, options.signer());
            return new AuditLog(r.state(), r.report(), options, ch, lock);
        } catch (IOException | RuntimeException e) {
            lock.release();
            ch.close();
            throw e;
        }
    }

    /**
     * Opens a log for reading only (queries, proofs, exports, verification) — safe while another
     * process appends. Nothing is repaired; a torn tail is reported and ignored.
     */
    public static AuditLog openReadOnly(Path directory) throws IOException {
        LogRecovery.Result r = LogRecovery.open(new LogFiles(directory), false, null);
        return new AuditLog(r.state(), r.report(), null, null, null);
    }

    /** What opening the log found and repaired. */
    public RecoveryReport recovery() {
        return recovery;
    }

    /** The log's identity, part of every signed head. */
    public String logId() {
        return state.logId;
    }

    /** The log's directory. */
    public Path directory() {
        return state.files.dir;
    }

    /**
     * Appends a record and waits until it is durable.
     *
     * @throws AuditUnavailableException if it cannot be recorded (log closed, failed or read-only, disk error)
     */
    public Receipt append(AuditEntry entry) {
        try {
            return appendAsync(entry).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditUnavailableException("interrupted while waiting for the audit record to be written");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof AuditUnavailableException a ? a
                    : new AuditUnavailableException("the audit record was not written: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Queues a record; the future completes once it is durable, or fails with {@link AuditUnavailableException}. */
    public CompletableFuture<Receipt> appendAsync(AuditEntry entry) {
        Objects.requireNonNull(entry, "entry");
        CompletableFuture<Receipt> f = new CompletableFuture<>();
        if (committer == null) {
            f.completeExceptionally(new AuditUnavailableException("the audit log is open read-only"));
        } else {
            committer.submit(new Committer.Append(entry, f));
        }
        return f;
    }

    /** Number of durable records (archived ones included: seqs run from 0 to size-1). */
    public long size() {
        return state.view.size();
    }

    /** Seq of the oldest record still in the live log; earlier ones are in archives. */
    public long liveStart() {
        return state.view.liveStart();
    }

    /** Signs a head over every durable record now (returns the latest head if nothing was added since). */
    public SignedTreeHead signHead() {
        CompletableFuture<SignedTreeHead> f = new CompletableFuture<>();
        if (committer == null) {
            throw new AuditUnavailableException("the audit log is open read-only");
        }
        committer.submit(new Committer.SignHead(f));
        return join(f);
    }

    /** The most recent signed tree head. */
    public SignedTreeHead latestHead() {
        return state.latestHead();
    }

    /** Every signed tree head, oldest first. */
    public List<SignedTreeHead> heads() {
        return state.heads();
    }

    /** Records matching {@code q}, in log order (live log only). */
    public List<AuditRecord> query(AuditQuery q) {
        try {
            return reader.query(q);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Up to {@code max} records from seq {@code from} on, in order. */
    public List<AuditRecord> read(long from, int max) {
        try {
            return reader.read(from, max);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The leaf hash of record {@code seq} (kept for archived records too). */
    public byte[] leafHash(long seq) {
        if (seq < 0 || seq >= size()) {
            throw new IllegalArgumentException("there is no record " + seq + " (the log has " + size() + ")");
        }
        try {
            return state.leaves.get(seq);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The root over the first {@code treeSize} records. */
    public byte[] root(long treeSize) {
        return state.tree.root(treeSize);
    }

    /** Proof that record {@code seq} is in the tree of the first {@code treeSize} records (e.g. a signed head's size). */
    public InclusionProof inclusionProof(long seq, long treeSize) {
        return state.tree.inclusionProof(seq, treeSize);
    }

    /** Proof that the tree of {@code oldSize} records is a prefix of the tree of {@code newSize}. */
    public ConsistencyProof consistencyProof(long oldSize, long newSize) {
        return state.tree.consistencyProof(oldSize, newSize);
    }

    /** The public key of a key version that signed heads of this log, as recorded in {@code keys.jsonl}. */
    public Optional<Sm2PublicKey> publicKey(String keyId, int version) {
        return state.key(keyId, version);
    }

    /**
     * Exports the records appended in [{@code from}, {@code to}) as a self-contained bundle at
     * {@code out}. The range widens to the signed heads around it, so the bundle may hold a few
     * records just outside it; a head is signed first if the newest records have none yet.
     *
     * @param from inclusive start, or null for the oldest live record
     * @param to exclusive end, or null for now
     * @throws IllegalArgumentException if no live record falls in the range
     */
    public BundleSummary export(java.time.Instant from, java.time.Instant to, Path out) throws IOException {
        LogState.View v = state.view;
        long first = from == null ? v.liveStart() : reader.firstAtOrAfter(v, from);
        long end = to == null ? v.size() : reader.firstAtOrAfter(v, to);
        if (first >= end) {
            throw new IllegalArgumentException("no live records were appended between " + from + " and " + to);
        }
        return exportRange(first, end, from, to, out);
    }

    /** Exports at least records [{@code fromSeq}, {@code toSeq}) (widened to signed heads) as a bundle at {@code out}. */
    public BundleSummary exportRange(long fromSeq, long toSeq, Path out) throws IOException {
        return exportRange(fromSeq, toSeq, null, null, out);
    }

    private BundleSummary exportRange(long first, long end, java.time.Instant qFrom, java.time.Instant qTo, Path out)
            throws IOException {
        LogState.View v = state.view;
        if (first < v.liveStart() || end > v.size() || first >= end) {
            throw new IllegalArgumentException("records " + first + ".." + (end - 1) + " are not all in the live log ("
                    + v.liveStart() + ".." + (v.size() - 1) + ")");
        }
        long a = v.liveStart();
        Long b = null;
        for (SignedTreeHead h : state.heads()) {
            if (h.size() <= first && h.size() >= a) {
                a = h.size();
            }
            if (h.size() >= end && b == null) {
                b = h.size();
            }
        }
        if (b == null) {
            if (committer == null) {
                throw new IllegalArgumentException("records up to " + (end - 1) + " are not yet covered by a signed tree head;"
                        + " export from the running log, or after its next head");
            }
            b = signHead().size();
        }
        return BundleFiles.write(this, a, b, qFrom, qTo, out, null);
    }

    /**
     * Moves every closed segment whose newest record is older than the retention period into a
     * signed archive (encrypted when {@link Options#withArchiveEncryption} is set) under
     * {@code archive/}: the archive is written, fsynced and verified, an {@code audit.archive}
     * record naming it is appended, and only then is the segment removed. Oldest first.
     *
     * @return the archives written
     */
    public List<BundleSummary> enforceRetention() throws IOException {
        if (committer == null) {
            throw new AuditUnavailableException("the audit log is open read-only");
        }
        return new Retention(this).run();
    }

    void dropOldestSegment(long first) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        committer.submit(new Committer.DropSegment(first, f));
        join(f);
        reader.forget(first);
    }

    LogState state() {
        return state;
    }

    LogReader reader() {
        return reader;
    }

    Options options() {
        return options;
    }

    /** Waits for queued records, signs a final head, and releases the directory. Idempotent. */
    @Override
    public void close() throws IOException {
        try {
            if (committer != null && writer.isAlive()) {
                CompletableFuture<Void> f = new CompletableFuture<>();
                committer.submit(new Committer.Close(f));
                join(f);
                writer.join(10_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            state.close();
            if (lock != null && lockChannel.isOpen()) {
                lock.release();
                lockChannel.close();
            }
        }
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditUnavailableException("interrupted");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new AuditUnavailableException(e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * How a log is kept. Defaults: a head every 1000 records or 10 seconds; segments close at
     * 250,000 records, 128 MiB or one day; records stay in the live log for 180 days.
     */
    public record Options(Path directory, TreeHeadSigner signer, Clock clock, int headEveryRecords, Duration headEvery,
                          long segmentMaxRecords, long segmentMaxBytes, Duration segmentMaxAge, Duration retention,
                          int queueCapacity, Duration enqueueTimeout, EnvelopeEncryption archiveEncryption) {

        /** The shortest retention allowed: six months, as the Cybersecurity Law requires of network logs. */
        public static final Duration MIN_RETENTION = Duration.ofDays(180);

        public Options {
            Objects.requireNonNull(directory, "directory");
            Objects.requireNonNull(clock, "clock");
            if (headEveryRecords < 1 || headEvery.isNegative() || headEvery.isZero()) {
                throw new IllegalArgumentException("heads must be signed at least every N >= 1 records and T > 0");
            }
            if (segmentMaxRecords < 1 || segmentMaxBytes < 1 || segmentMaxAge.isNegative() || segmentMaxAge.isZero()) {
                throw new IllegalArgumentException("segment limits must be positive");
            }
            if (retention.compareTo(MIN_RETENTION) < 0) {
                throw new IllegalArgumentException("retention must be at least " + MIN_RETENTION.toDays() + " days");
            }
            if (queueCapacity < 1) {
                throw new IllegalArgumentException("queueCapacity must be positive");
            }
        }

        /** Defaults for a log in {@code directory} whose heads {@code signer} signs. */
        public static Options of(Path directory, TreeHeadSigner signer) {
            return new Options(directory, signer, Clock.systemUTC(), 1000, Duration.ofSeconds(10), 250_000, 128L << 20,
                    Duration.ofDays(1), MIN_RETENTION, 65_536, Duration.ofSeconds(5), null);
        }

        public Options withClock(Clock c) {
            return new Options(directory, signer, c, headEveryRecords, headEvery, segmentMaxRecords, segmentMaxBytes,
                    segmentMaxAge, retention, queueCapacity, enqueueTimeout, archiveEncryption);
        }

        /** Sign a head at least every {@code records} records or {@code time}, whichever comes first. */
        public Options withHeadEvery(int records, Duration time) {
            return new Options(directory, signer, clock, records, time, segmentMaxRecords, segmentMaxBytes,
                    segmentMaxAge, retention, queueCapacity, enqueueTimeout, archiveEncryption);
        }

        /** Close a segment (and start the next) at {@code records} records, {@code bytes} bytes or {@code age}. */
        public Options withSegmentLimits(long records, long bytes, Duration age) {
            return new Options(directory, signer, clock, headEveryRecords, headEvery, records, bytes, age, retention,
                    queueCapacity, enqueueTimeout, archiveEncryption);
        }

        /** Keep records in the live log at least this long (at least {@link #MIN_RETENTION}). */
        public Options withRetention(Duration keep) {
            return new Options(directory, signer, clock, headEveryRecords, headEvery, segmentMaxRecords, segmentMaxBytes,
                    segmentMaxAge, keep, queueCapacity, enqueueTimeout, archiveEncryption);
        }

        /**
         * Encrypt archives (envelope encryption: a fresh SM4 data key per archive, wrapped by the
         * crypto module's key-encryption key); without this, archives are signed plaintext bundles.
         */
        public Options withArchiveEncryption(EnvelopeEncryption encryption) {
            return new Options(directory, signer, clock, headEveryRecords, headEvery, segmentMaxRecords, segmentMaxBytes,
                    segmentMaxAge, retention, queueCapacity, enqueueTimeout, encryption);
        }
    }
}
