package org.citywall.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.citywall.crypto.Sm2PublicKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log's one writer thread: group commit. Appends from any number of threads queue up; the
 * committer takes everything waiting, gives the records consecutive seqs, writes them in one
 * go, fsyncs once and only then completes their futures — so an acknowledged record is always
 * on disk, and all writers share one order. Tree heads, segment rolls and segment drops are
 * queued too, so they happen between batches, in order with the appends.
 */
final class Committer implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Committer.class);
    static final int MAX_BATCH = 8192;

    sealed interface Request permits Append, SignHead, DropSegment, Close {
    }

    record Append(AuditEntry entry, CompletableFuture<Receipt> done) implements Request {
    }

    record SignHead(CompletableFuture<SignedTreeHead> done) implements Request {
    }

    record DropSegment(long first, CompletableFuture<Void> done) implements Request {
    }

    record Close(CompletableFuture<Void> done) implements Request {
    }

    private final LogState state;
    private final LogFiles files;
    private final AuditLog.Options options;
    private final BlockingQueue<Request> queue;
    private final CanonicalJson encoder = new CanonicalJson(1024);
    private final Set<String> storedKeys = new HashSet<>();
    private ByteBuffer out = ByteBuffer.allocate(1 << 20);
    private byte[] leafBuf = new byte[MAX_BATCH * TreeHashes.LENGTH];
    private FileChannel segment;
    private JsonLines headFile;
    private JsonLines keyFile;
    private Instant lastTime;
    private long lastHeadNanos;
    private volatile Throwable failure;
    private volatile boolean closed;

    Committer(LogState state, AuditLog.Options options) {
        this.state = state;
        this.files = state.files;
        this.options = options;
        this.queue = new LinkedBlockingQueue<>(options.queueCapacity());
    }

    /** Opens the files for appending and signs the first head of a new log. Runs before the thread starts. */
    void start() throws IOException {
        headFile = JsonLines.openForAppend(files.heads);
        keyFile = JsonLines.openForAppend(files.keys);
        LogState.View v = state.view;
        SignedTreeHead last = state.latestHead();
        lastTime = last == null ? Instant.EPOCH : last.time();
        for (Segment s : v.segments()) {
            if (s.lastTime() != null && s.lastTime().isAfter(lastTime)) {
                lastTime = s.lastTime();
            }
        }
        if (v.segments().isEmpty() || v.active().sealed()) {
            openNewSegment(v.size());
        } else {
            segment = FileChannel.open(files.segment(v.active().first()), StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }
        if (last == null || last.size() != state.view.size()) {
            signHead();
        }
        lastHeadNanos = System.nanoTime();
    }

    /** Queues a request; fails it at once if the log is closed or failed. */
    void submit(Request r) {
        Throwable f = failure;
        if (f != null || closed) {
            fail(r, unavailable(f));
            return;
        }
        try {
            if (!queue.offer(r, options.enqueueTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
                fail(r, new AuditUnavailableException("the audit log is overloaded: " + queue.size() + " records waiting"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(r, new AuditUnavailableException("interrupted while queueing an audit record"));
        }
        if (failure != null || closed) {
            drainFailing(unavailable(failure)); // the writer may have stopped after our check
        }
    }

    Throwable failure() {
        return failure;
    }

    @Override
    public void run() {
        List<Request> batch = new ArrayList<>(MAX_BATCH);
        try {
            while (!closed) {
                Request first = queue.poll(nanosUntilHeadDue(), TimeUnit.NANOSECONDS);
                if (first == null) {
                    if (headDue()) {
                        signHead();
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                process(batch);
                batch.clear();
            }
        } catch (Throwable t) {
            failure = t;
            LOG.error("audit log writer failed dir={} error=\"{}\"", files.dir, t.toString());
            for (Request r : batch) {
                fail(r, unavailable(t));
            }
            drainFailing(unavailable(t));
            closeQuietly();
        }
    }

    private void process(List<Request> batch) throws IOException {
        List<Append> appends = new ArrayList<>(batch.size());
        for (Request r : batch) {
            if (r instanceof Append a) {
                appends.add(a);
                continue;
            }
            commit(appends);
            appends.clear();
            if (r instanceof SignHead s) {
                s.done().complete(signHead());
            } else if (r instanceof DropSegment d) {
                dropSegment(d.first());
                d.done().complete(null);
            } else if (r instanceof Close c) {
                if (state.latestHead().size() != state.view.size()) {
                    signHead();
                }
                closed = true;
                closeQuietly();
                drainFailing(new AuditUnavailableException("the audit log is closed"));
                c.done().complete(null);
                LOG.info("audit log closed dir={} records={}", files.dir, state.view.size());
                return;
            }
        }
        commit(appends);
    }

    private void commit(List<Append> appends) throws IOException {
        if (appends.isEmpty()) {
            return;
        }
        LogState.View v = state.view;
        long seq = v.size();
        out.clear();
        List<Append> written = new ArrayList<>(appends.size());
        List<Instant> times = new ArrayList<>(appends.size());
        for (Append a : appends) {
            Instant now = options.clock().instant().truncatedTo(ChronoUnit.MICROS);
            Instant time = now.isBefore(lastTime) ? lastTime : now;
            encoder.reset();
            try {
                AuditRecord.write(seq, time, a.entry(), encoder);
            } catch (IllegalArgumentException e) {
                a.done().completeExceptionally(e); // cannot happen for a valid entry; never takes a seq
                continue;
            }
            int n = encoder.length();
            if (out.remaining() < n + 1) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(out.capacity() * 2, out.position() + n + 1));
                out.flip();
                bigger.put(out);
                out = bigger;
            }
            byte[] leaf = TreeHashes.leaf(encoder.buffer(), 0, n);
            System.arraycopy(leaf, 0, leafBuf, written.size() * TreeHashes.LENGTH, TreeHashes.LENGTH);
            out.put(encoder.buffer(), 0, n).put((byte) '\n');
            written.add(a);
            times.add(time);
            lastTime = time;
            seq++;
        }
        if (written.isEmpty()) {
            return;
        }
        long bytes = out.position();
        out.flip();
        while (out.hasRemaining()) {
            segment.write(out);
        }
        segment.force(false);
        int n = written.size();
        state.leaves.append(leafBuf, n);
        byte[] leaf = new byte[TreeHashes.LENGTH];
        for (int i = 0; i < n; i++) {
            System.arraycopy(leafBuf, i * TreeHashes.LENGTH, leaf, 0, TreeHashes.LENGTH);
            state.tree.added(leaf.clone());
        }
        state.view = v.withActive(v.active().appended(n, bytes, times.get(0), times.get(n - 1)), v.size() + n);
        for (int i = 0; i < n; i++) {
            byte[] h = new byte[TreeHashes.LENGTH];
            System.arraycopy(leafBuf, i * TreeHashes.LENGTH, h, 0, TreeHashes.LENGTH);
            written.get(i).done().complete(new Receipt(v.size() + i, times.get(i), h));
        }
        // a head at every multiple of N past the last one, even inside one large batch
        while (state.view.size() - state.latestHead().size() >= options.headEveryRecords()) {
            signHead(state.latestHead().size() + options.headEveryRecords());
        }
        if (rollDue()) {
            roll();
        }
    }

    private SignedTreeHead signHead() throws IOException {
        return signHead(state.view.size());
    }

    /** Signs a head over the first {@code size} durable records (size at least the last head's). */
    private SignedTreeHead signHead(long size) throws IOException {
        SignedTreeHead last = state.latestHead();
        if (last != null && last.size() == size) {
            lastHeadNanos = System.nanoTime();
            return last;
        }
        Instant now = options.clock().instant().truncatedTo(ChronoUnit.MICROS);
        Instant time = now.isBefore(lastTime) ? lastTime : now;
        TreeHead head = new TreeHead(state.logId, size, state.tree.root(size), time);
        SignedTreeHead sth = SignedTreeHead.sign(head, options.signer());
        storeKey(sth.keyId(), sth.keyVersion());
        headFile.append(sth.toJson());
        state.addHead(sth);
        lastTime = time;
        lastHeadNanos = System.nanoTime();
        LOG.debug("audit tree head signed size={} key={} version={}", size, sth.keyId(), sth.keyVersion());
        return sth;
    }

    private void storeKey(String keyId, int version) throws IOException {
        String ref = LogState.keyRef(keyId, version);
        if (storedKeys.contains(ref) || state.key(keyId, version).isPresent()) {
            storedKeys.add(ref);
            return;
        }
        Sm2PublicKey key = options.signer().publicKey(version)
                .orElseThrow(() -> new IOException("the signer has no public key for " + keyId + " v" + version));
        keyFile.append("{\"keyId\":\"" + keyId + "\",\"keyVersion\":" + version + ",\"publicKey\":\""
                + Base64.getEncoder().encodeToString(key.toDer()) + "\"}");
        state.addKey(keyId, version, key);
        storedKeys.add(ref);
    }

    private boolean rollDue() {
        Segment a = state.view.active();
        return a.count() > 0 && (a.count() >= options.segmentMaxRecords() || a.bytes() >= options.segmentMaxBytes()
                || Duration.between(a.firstTime(), lastTime).compareTo(options.segmentMaxAge()) >= 0);
    }

    /** Closes the open segment at a signed head and starts the next one. */
    private void roll() throws IOException {
        signHead();
        LogState.View v = state.view;
        Segment sealed = v.active().sealedCopy();
        segment.force(true);
        segment.close();
        LogFiles.writeAtomically(files.seal(sealed.first()), (sealed.sealJson() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        state.view = v.withActive(sealed, v.size());
        openNewSegment(v.size());
        LOG.info("audit segment sealed first={} records={} bytes={}", sealed.first(), sealed.count(), sealed.bytes());
    }

    private void openNewSegment(long first) throws IOException {
        segment = FileChannel.open(files.segment(first), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        LogFiles.syncDirectory(files.segments);
        List<Segment> segs = new ArrayList<>(state.view.segments());
        segs.add(new Segment(first, 0, 0, null, null, false));
        state.view = new LogState.View(state.view.size(), segs);
    }

    private void dropSegment(long first) throws IOException {
        LogState.View v = state.view;
        if (v.segments().size() < 2 || v.segments().get(0).first() != first || !v.segments().get(0).sealed()) {
            throw new IllegalStateException("only the oldest closed segment can leave the live log, not " + first);
        }
        Files.deleteIfExists(files.seal(first));
        Files.delete(files.segment(first));
        LogFiles.syncDirectory(files.segments);
        state.view = new LogState.View(v.size(), v.segments().subList(1, v.segments().size()));
    }

    private long nanosUntilHeadDue() {
        long due = lastHeadNanos + options.headEvery().toNanos() - System.nanoTime();
        return Math.max(1_000_000L, due);
    }

    private boolean headDue() {
        return System.nanoTime() - lastHeadNanos >= options.headEvery().toNanos()
                && state.view.size() != state.latestHead().size();
    }

    private void drainFailing(AuditUnavailableException e) {
        for (Request r; (r = queue.poll()) != null; ) {
            fail(r, e);
        }
    }

    private static void fail(Request r, Throwable e) {
        if (r instanceof Append a) {
            a.done().completeExceptionally(e);
        } else if (r instanceof SignHead s) {
            s.done().completeExceptionally(e);
        } else if (r instanceof DropSegment d) {
            d.done().completeExceptionally(e);
        } else if (r instanceof Close c) {
            c.done().complete(null);
        }
    }

    private static AuditUnavailableException unavailable(Throwable cause) {
        return cause == null ? new AuditUnavailableException("the audit log is closed")
                : new AuditUnavailableException("the audit log cannot record: " + cause.getMessage(), cause);
    }

    private void closeQuietly() {
        FileChannel seg = segment;
        JsonLines heads = headFile;
        JsonLines keys = keyFile;
        for (AutoCloseableIo c : new AutoCloseableIo[] {seg == null ? null : seg::close, heads == null ? null : heads::close,
                keys == null ? null : keys::close}) {
            if (c != null) {
                try {
                    c.close();
                } catch (IOException e) {
                    LOG.warn("audit log file close failed error=\"{}\"", e.toString());
                }
            }
        }
    }

    @FunctionalInterface
    private interface AutoCloseableIo {
        void close() throws IOException;
    }
}
