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
        if (Files.isDirectory(path)) {
            try (LogDirectorySource src = new LogDirectorySource(path)) {
                return TrailVerifier.verify(src, keys);
            }
        }
        if (isEncrypted(path)) {
            throw new IOException(path + " is an encrypted archive: it needs the archive key to be read");
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            return verifyBundle(in, "bundle " + path.getFileName(), keys);
        }
    }

    /** Verifies a plaintext bundle read from {@code in} (which is closed). */
    public static VerificationReport verifyBundle(InputStream in, String name, TrustedKeys keys) throws IOException {
        try (BundleSource src = new BundleSource(in, name)) {
            return TrailVerifier.verify(src, keys);
        }
    }

    /**
     * Verifies an archive, decrypting it first if it is encrypted. A ciphertext that was altered
     * fails decryption (reported as an {@link IOException}: nothing in it can be trusted).
     */
    public static VerificationReport verifyArchive(Path file, EnvelopeEncryption decryption, TrustedKeys keys) throws IOException {
        if (!isEncrypted(file)) {
            return verify(file, keys);
        }
        try (InputStream in = new BufferedInputStream(decryption.decryptingStream(Files.newInputStream(file), ARCHIVE_AAD), 1 << 16)) {
            return verifyBundle(in, "archive " + file.getFileName(), keys);
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
