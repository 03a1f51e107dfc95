package org.citywall.app.embedded;

import java.io.IOException;
import java.nio.file.Path;
import org.citywall.audit.AuditLog;

/**
 * The platform's audit log opened by a command the operator runs on the host, so what it changes
 * is on the same trail, its tree heads signed by the same key ring key as the console's records.
 *
 * <p>An audit log has one writer (a file lock), and a running platform or console holds it: a host
 * command therefore runs only while they are stopped, which also keeps it from racing the
 * console's copy of the files it changes.
 */
public final class HostAuditLog {
    private HostAuditLog() {}

    /**
     * Opens the audit log of {@code dataDir} for appending.
     *
     * @throws IllegalStateException when the platform has not run with this directory, or the log cannot
     *                               be opened (it is running now, or the files cannot be read or written)
     */
    public static AuditLog open(Path dataDir) throws IOException {
        Path data = dataDir.toAbsolutePath().normalize();
        var ring = PlatformKeys.existingKeyRing(data);
        try {
            return PlatformKeys.auditLog(data, ring);
        } catch (IOException e) {
            // the usual cause is the lock of a running platform or console; the log's own message says which
            throw new IllegalStateException("cannot open the audit log under " + data + " (" + e.getMessage()
                    + "); if CityWall is running with this data directory, stop it first", e);
        }
    }
}
