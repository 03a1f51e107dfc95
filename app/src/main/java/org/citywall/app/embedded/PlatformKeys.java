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
import org.citywall.crypto.Sm2PublicKey;
import org.citywall.crypto.pki.CaLedger;
import org.citywall.crypto.pki.CertificateAuthority;
import org.citywall.crypto.pki.Pkix;
import org.bouncycastle.cert.X509CertificateHolder;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

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
    static final String CA_KEY = "ca-root";

    final KeyRing keyRing;
    final AuditLog auditLog;
    final CertificateAuthority ca;

    private PlatformKeys(KeyRing keyRing, AuditLog auditLog, CertificateAuthority ca) {
        this.keyRing = keyRing;
        this.auditLog = auditLog;
        this.ca = ca;
    }

    static PlatformKeys open(Path dataDir) throws IOException {
        Path cryptoDir = Files.createDirectories(dataDir.resolve("crypto"));
        Path ringFile = cryptoDir.resolve("keyring.json");
        MasterKey master = masterKey(cryptoDir.resolve("master.key"), Files.exists(ringFile));
        KeyRing ring = KeyRing.openOrCreate(ringFile, master);
        if (ring.find(AUDIT_KEY).isEmpty()) {
            ring.create(AUDIT_KEY, KeyType.SM2_SIGNING);
        }
        CertificateAuthority ca = certificateAuthority(ring, Files.createDirectories(cryptoDir.resolve("ca")));
        return new PlatformKeys(ring, auditLog(dataDir, ring), ca);
    }

    /** The platform's audit log under {@code dataDir}, its tree heads signed by {@code ring}'s audit key. */
    static AuditLog auditLog(Path dataDir, KeyRing ring) throws IOException {
        return AuditLog.open(AuditLog.Options.of(dataDir.resolve("audit"), TreeHeadSigner.of(ring, AUDIT_KEY))
                .withRetention(auditRetention()));
    }

    /**
     * The key ring of a data directory the platform has run with; never creates one (a host
     * command must not start a second root of trust beside a missing one).
     */
    static KeyRing existingKeyRing(Path dataDir) throws IOException {
        Path cryptoDir = dataDir.resolve("crypto");
        Path ringFile = cryptoDir.resolve("keyring.json");
        if (!Files.exists(ringFile)) {
            throw new IllegalStateException("no key ring at " + ringFile + ": has CityWall run with this data directory?");
        }
        KeyRing ring = KeyRing.open(ringFile, masterKey(cryptoDir.resolve("master.key"), true));
        if (ring.find(AUDIT_KEY).isEmpty()) {
            throw new IllegalStateException("the key ring at " + ringFile + " has no audit key '" + AUDIT_KEY + "'");
        }
        return ring;
    }

    /**
     * The platform's SM2 certificate authority: its key is a key-ring key (never on disk in the
     * clear), its certificate and its ledger of issued and revoked serials are files beside it.
     */
    private static CertificateAuthority certificateAuthority(KeyRing ring, Path dir) throws IOException {
        Path certFile = dir.resolve("root.pem");
        CaLedger ledger = CaLedger.open(dir.resolve("ledger.json"));
        if (ring.find(CA_KEY).isEmpty()) {
            ring.create(CA_KEY, KeyType.SM2_SIGNING);
        }
        if (!Files.exists(certFile)) {
            int version = ring.currentVersion(CA_KEY);
            CertificateAuthority root = CertificateAuthority.createRoot("CN=CityWall Root CA,O=CityWall", ring, CA_KEY,
                    version, Duration.ofDays(3650), ledger);
            Files.writeString(certFile, Pkix.toPem(root.certificate()));
            return root;
        }
        X509CertificateHolder cert = Pkix.certificate(Files.readAllBytes(certFile));
        Sm2PublicKey certKey = Pkix.publicKey(cert);
        for (Map.Entry<Integer, Sm2PublicKey> v : ring.publicKeys(CA_KEY).entrySet()) {
            if (Arrays.equals(v.getValue().point(), certKey.point())) {
                return CertificateAuthority.fromKeyRing(ring, CA_KEY, v.getKey(), cert, List.of(), ledger);
            }
        }
        throw new IllegalStateException("no version of key '" + CA_KEY + "' matches the CA certificate " + certFile);
    }

    /** System property (set by the commands' {@code --audit-retention-days}) or environment variable naming the days. */
    static final String RETENTION_PROPERTY = "citywall.audit.retention-days";
    static final String RETENTION_ENV = "CITYWALL_AUDIT_RETENTION_DAYS";

    /** How long records stay in the live log before they leave it into signed archives: 180 days unless configured longer. */
    static Duration auditRetention() {
        String v = System.getProperty(RETENTION_PROPERTY, System.getenv(RETENTION_ENV));
        if (v == null || v.isBlank()) {
            return AuditLog.Options.MIN_RETENTION;
        }
        long days;
        try {
            days = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("audit retention must be a number of days, not '" + v + "'");
        }
        if (days < AuditLog.Options.MIN_RETENTION.toDays()) {
            throw new IllegalArgumentException("audit retention must be at least " + AuditLog.Options.MIN_RETENTION.toDays()
                    + " days (the Cybersecurity Law's six months), not " + days);
        }
        return Duration.ofDays(days);
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
