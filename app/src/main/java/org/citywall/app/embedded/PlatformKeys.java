package org.citywall.app.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.citywall.audit.AuditLog;
import org.citywall.audit.TreeHeadSigner;
import org.citywall.crypto.KeyRing;
import org.citywall.crypto.KeyType;
import org.citywall.crypto.MasterKey;

/**
 * The platform's root of trust on this machine: the master key, the key ring it protects, and the
 * audit log whose tree heads a key from that ring signs.
 *
 * <p>The master key comes from {@value MasterKey#ENV} when set, else from {@code DATA/crypto/master.key}.
 * A new one is generated only together with a new key ring; a key ring without its master key is
 * a clear error at start, never silently replaced.
 */
final class PlatformKeys implements AutoCloseable {
    static final String AUDIT_KEY = "audit-tree-heads";

    final KeyRing keyRing;
    final AuditLog auditLog;

    private PlatformKeys(KeyRing keyRing, AuditLog auditLog) {
        this.keyRing = keyRing;
        this.auditLog = auditLog;
    }

    static PlatformKeys open(Path dataDir) throws IOException {
        Path cryptoDir = Files.createDirectories(dataDir.resolve("crypto"));
        Path ringFile = cryptoDir.resolve("keyring.json");
        MasterKey master = masterKey(cryptoDir.resolve("master.key"), Files.exists(ringFile));
        KeyRing ring = KeyRing.openOrCreate(ringFile, master);
        if (ring.find(AUDIT_KEY).isEmpty()) {
            ring.create(AUDIT_KEY, KeyType.SM2_SIGNING);
        }
        AuditLog log = AuditLog.open(AuditLog.Options.of(dataDir.resolve("audit"), TreeHeadSigner.of(ring, AUDIT_KEY)));
        return new PlatformKeys(ring, log);
    }

    private static MasterKey masterKey(Path file, boolean ringExists) throws IOException {
        if (System.getenv(MasterKey.ENV) != null) {
            return MasterKey.fromEnvironment();
        }
        if (!Files.exists(file)) {
            if (ringExists) {
                throw new IllegalStateException("the key ring exists but its master key does not: set " + MasterKey.ENV
                        + " or restore " + file);
            }
            byte[] key = new byte[16];
            new SecureRandom().nextBytes(key);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, HexFormat.of().formatHex(key) + "\n");
        }
        return MasterKey.fromFile(file);
    }

    @Override
    public void close() throws IOException {
        auditLog.close();
    }
}
