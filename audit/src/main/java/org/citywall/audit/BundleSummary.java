package org.citywall.audit;

import java.nio.file.Path;

/**
 * What an export or archive wrote.
 *
 * @param file the bundle file
 * @param fromSeq first record in it
 * @param toSeq one past the last record in it
 * @param heads signed tree heads it carries
 * @param bytes size of the (plaintext) bundle
 * @param sm3 lower-case hex SM3 of the file as written (ciphertext for an encrypted archive), or null
 */
public record BundleSummary(Path file, long fromSeq, long toSeq, int heads, long bytes, String sm3) {

    /** Number of records in the bundle. */
    public long records() {
        return toSeq - fromSeq;
    }

    BundleSummary at(Path f, String digest) {
        return new BundleSummary(f, fromSeq, toSeq, heads, bytes, digest);
    }
}
