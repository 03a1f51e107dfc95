package org.citywall.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.citywall.audit.AuditLog;
import org.citywall.audit.TreeHeadSigner;
import org.citywall.crypto.KeyRing;
import org.citywall.crypto.KeyType;

/** A real audit log for tests, with tree heads signed by an in-memory SM2 key. */
final class TestAudit {
    private TestAudit() {}

    static AuditLog open(Path dir) {
        KeyRing ring = KeyRing.inMemory();
        ring.create("audit-heads", KeyType.SM2_SIGNING);
        return open(dir, ring);
    }

    /** A log whose heads the ring's {@code audit-heads} key signs. */
    static AuditLog open(Path dir, KeyRing ring) {
        try {
            return AuditLog.open(AuditLog.Options.of(dir, TreeHeadSigner.of(ring, "audit-heads")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
