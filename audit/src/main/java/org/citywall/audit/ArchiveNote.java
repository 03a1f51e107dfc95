package org.citywall.audit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.citywall.crypto.Sm3;

/**
 * What an {@code audit.archive} record says: which records left the live log, into which file
 * (relative to the log directory) and with which SM3 over the file's bytes. The record is signed
 * with the rest of the log, so the archive file it names can be held to that digest without any
 * key — a deleted, replaced or truncated archive shows, encrypted or not.
 */
record ArchiveNote(long seq, long liveFrom, String file, String sm3) {
    private static final byte[] PREFIX = "{\"action\":\"audit.archive\"".getBytes(StandardCharsets.US_ASCII);

    /** The note in a record line, or null when the line is not an archive record. */
    static ArchiveNote of(byte[] line) {
        if (line.length < PREFIX.length) {
            return null;
        }
        for (int k = 0; k < PREFIX.length; k++) {
            if (line[k] != PREFIX[k]) {
                return null;
            }
        }
        try {
            AuditRecord r = AuditRecord.parse(line);
            Map<String, Object> d = r.details();
            if (!(d.get("liveFrom") instanceof Long live)) {
                return null;
            }
            return new ArchiveNote(r.seq(), live, r.object(), d.get("sm3") instanceof String s ? s : null);
        } catch (MalformedRecordException e) {
            return null;
        }
    }

    /** Checks the archive file under {@code logDir}; null when it is there with the recorded digest. */
    Finding check(Path logDir) {
        String where = "record " + seq;
        Path base = logDir.toAbsolutePath().normalize();
        Path f = file == null ? null : base.resolve(file).normalize();
        if (f == null || !f.startsWith(base.resolve("archive")) || sm3 == null) {
            return new Finding(Finding.Kind.MALFORMED, seq, -1, where, "archive record " + seq + " does not name an archive file"
                    + " under archive/ with its SM3");
        }
        try (InputStream in = Files.newInputStream(f)) {
            Sm3 digest = Sm3.newHasher();
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                digest.update(buf, 0, n);
            }
            if (!TreeHashes.hex(digest.digest()).equals(sm3)) {
                return new Finding(Finding.Kind.ARCHIVE_ALTERED, seq, -1, where, "archive " + file + " (records up to "
                        + (liveFrom - 1) + ") does not have the SM3 recorded when it was written: it was replaced or altered");
            }
            return null;
        } catch (NoSuchFileException e) {
            return new Finding(Finding.Kind.ARCHIVE_MISSING, seq, -1, where, "archive " + file + " (records up to "
                    + (liveFrom - 1) + ") is gone from the log directory: deleted, or moved elsewhere (verify it there with"
                    + " `citywall audit verify FILE`)");
        } catch (IOException e) {
            return new Finding(Finding.Kind.ARCHIVE_MISSING, seq, -1, where, "archive " + file + " cannot be read: " + e.getMessage());
        }
    }
}
