package org.citywall.audit;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.citywall.crypto.EnvelopeEncryption;
import org.citywall.crypto.Sm3;

/**
 * Chooses the head-aligned range of a bundle and writes it to a file durably: through a
 * temporary file, fsynced, then renamed into place, optionally encrypted, with the SM3 of the
 * bytes written.
 */
final class BundleFiles {

    private BundleFiles() {
    }

    /** The heads to carry for records [from, to): every head of a size in that span, one per size. */
    static List<SignedTreeHead> headsFor(LogState state, long from, long to) {
        List<SignedTreeHead> out = new ArrayList<>();
        for (SignedTreeHead h : state.heads(from, to)) {
            if (out.isEmpty() || out.get(out.size() - 1).size() != h.size()) {
                out.add(h);
            }
        }
        if (out.isEmpty() || out.get(0).size() != from || out.get(out.size() - 1).size() != to) {
            throw new IllegalStateException("records " + from + ".." + (to - 1) + " do not start and end at signed heads");
        }
        return out;
    }

    static BundleSummary write(AuditLog log, long from, long to, Instant queryFrom, Instant queryTo, Path target,
                               EnvelopeEncryption encryption) throws IOException {
        List<SignedTreeHead> heads = headsFor(log.state(), from, to);
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(target.getFileName() + ".partial");
        Sm3 digest = Sm3.newHasher();
        BundleSummary summary;
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream file = new Digesting(Channels.newOutputStream(ch), digest);
            OutputStream out = encryption == null ? new BufferedOutputStream(file, 1 << 16)
                    : new BufferedOutputStream(encryption.encryptingStream(file, AuditVerifier.ARCHIVE_AAD), 1 << 16);
            summary = BundleWriter.write(log, from, to, heads, queryFrom, queryTo, out);
            out.close(); // finishes the encryption, flushes everything into the channel
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        LogFiles.syncDirectory(dir);
        return summary.at(target, TreeHashes.hex(digest.digest()));
    }

    /** Passes bytes through, hashing them. Closing does not close the channel's stream twice. */
    private static final class Digesting extends FilterOutputStream {
        private final Sm3 digest;

        Digesting(OutputStream out, Sm3 digest) {
            super(out);
            this.digest = digest;
        }

        @Override
        public void write(int b) throws IOException {
            digest.update((byte) b);
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            digest.update(b, off, len);
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush(); // the channel is closed by its owner, after force()
        }
    }
}
