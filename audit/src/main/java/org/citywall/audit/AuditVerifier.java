package org.citywall.audit;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.citywall.crypto.EnvelopeEncryption;

/**
 * The offline verifier: checks an exported bundle, an archive or a whole log directory against
 * the public keys an auditor trusts, and names the first record modified, inserted, deleted,
 * reordered or truncated, or the tree head forged. Needs nothing but the files and the keys.
 */
public final class AuditVerifier {

    /** Associated data bound to every encrypted archive. */
    static final byte[] ARCHIVE_AAD = "citywall-audit-archive-v1".getBytes(StandardCharsets.US_ASCII);

    private AuditVerifier() {
    }

    /**
     * Verifies a log directory (if {@code path} is a directory) or a plaintext bundle file.
     *
     * @throws IOException if the path cannot be read, or is an encrypted archive (use {@link #verifyArchive})
     */
    public static VerificationReport verify(Path path, TrustedKeys keys) throws IOException {
        return verify(path, keys, SavedHeads.NONE);
    }

    /**
     * As {@link #verify(Path, TrustedKeys)}, and against tree heads the auditor saved earlier: a log
     * cut back together with its own heads (which its own heads cannot show) is reported as truncated,
     * and a log rewritten since is reported as inconsistent with the saved head.
     */
    public static VerificationReport verify(Path path, TrustedKeys keys, SavedHeads saved) throws IOException {
        if (Files.isDirectory(path)) {
            try (LogDirectorySource src = new LogDirectorySource(path)) {
                return TrailVerifier.verify(src, keys, saved.heads, saved.locations);
            }
        }
        if (isEncrypted(path)) {
            throw new IOException(path + " is an encrypted archive: it needs the archive key to be read");
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            return verifyBundle(in, "bundle " + path.getFileName(), keys, saved);
        }
    }

    /** Verifies a plaintext bundle read from {@code in} (which is closed). */
    public static VerificationReport verifyBundle(InputStream in, String name, TrustedKeys keys) throws IOException {
        return verifyBundle(in, name, keys, SavedHeads.NONE);
    }

    static VerificationReport verifyBundle(InputStream in, String name, TrustedKeys keys, SavedHeads saved) throws IOException {
        try (BundleSource src = new BundleSource(in, name)) {
            return TrailVerifier.verify(src, keys, saved.heads, saved.locations);
        }
    }

    /** Signed tree heads an auditor kept outside the machine (from {@code citywall audit heads} or the console's head page). */
    public static final class SavedHeads {
        static final SavedHeads NONE = new SavedHeads(java.util.List.of(), java.util.List.of());
        final java.util.List<SignedTreeHead> heads;
        final java.util.List<String> locations;

        private SavedHeads(java.util.List<SignedTreeHead> heads, java.util.List<String> locations) {
            this.heads = heads;
            this.locations = locations;
        }

        /**
         * Reads head JSON objects, one per line, from each file; a line holding the console's head
         * answer ({@code {"latest": {"json": ...}}}) is read too.
         *
         * @throws IllegalArgumentException naming the file and line that is not a head
         */
        public static SavedHeads read(java.util.List<Path> files) throws IOException {
            java.util.List<SignedTreeHead> heads = new java.util.ArrayList<>();
            java.util.List<String> locations = new java.util.ArrayList<>();
            for (Path f : files) {
                java.util.List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                for (int n = 0; n < lines.size(); n++) {
                    String line = lines.get(n).strip();
                    if (line.isEmpty()) {
                        continue;
                    }
                    heads.add(parse(line, f, n + 1));
                    locations.add("saved head " + f.getFileName() + " line " + (n + 1));
                }
            }
            return new SavedHeads(java.util.List.copyOf(heads), java.util.List.copyOf(locations));
        }

        private static SignedTreeHead parse(String line, Path file, int n) {
            try {
                return SignedTreeHead.parse(line);
            } catch (IllegalArgumentException notAHead) {
                try {
                    byte[] b = line.getBytes(StandardCharsets.UTF_8);
                    Object latest = RecordJson.readObject(b, 0, b.length).get("latest");
                    if (latest instanceof java.util.Map<?, ?> m && m.get("json") instanceof String json) {
                        return SignedTreeHead.parse(json);
                    }
                } catch (IllegalArgumentException ignored) {
                    // reported below with the first reason
                }
                throw new IllegalArgumentException(file + " line " + n + " is not a signed tree head: " + notAHead.getMessage());
            }
        }

        public int size() {
            return heads.size();
        }
    }

    /**
     * Verifies an archive, decrypting it first if it is encrypted. A ciphertext that was altered
     * fails decryption (reported as an {@link IOException}: nothing in it can be trusted).
     */
    public static VerificationReport verifyArchive(Path file, EnvelopeEncryption decryption, TrustedKeys keys) throws IOException {
        return verifyArchive(file, decryption, keys, SavedHeads.NONE);
    }

    /** As {@link #verifyArchive(Path, EnvelopeEncryption, TrustedKeys)}, and against the auditor's saved heads. */
    public static VerificationReport verifyArchive(Path file, EnvelopeEncryption decryption, TrustedKeys keys, SavedHeads saved)
            throws IOException {
        if (!isEncrypted(file)) {
            return verify(file, keys, saved);
        }
        try (InputStream in = new BufferedInputStream(decryption.decryptingStream(Files.newInputStream(file), ARCHIVE_AAD), 1 << 16)) {
            return verifyBundle(in, "archive " + file.getFileName(), keys, saved);
        } catch (org.citywall.crypto.CryptoException e) {
            throw new IOException("archive " + file.getFileName() + " cannot be decrypted (" + e.reason() + "): " + e.getMessage());
        }
    }

    /** Whether a file starts like the crypto module's streaming ciphertext. */
    static boolean isEncrypted(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(3);
            return magic.length == 3 && magic[0] == 'C' && magic[1] == 'W' && magic[2] == 'S';
        }
    }
}
