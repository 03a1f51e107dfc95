package org.citywall.audit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.citywall.crypto.KeyRing;
import org.citywall.crypto.KeyType;

/** Real keys and realistic entries for tests. */
final class Fixtures {
    private Fixtures() {
    }

    static final String KEY = "audit-log";

    /** An in-memory key ring holding SM2 signing key {@value #KEY}. */
    static KeyRing keyRing() {
        KeyRing ring = KeyRing.inMemory();
        ring.create(KEY, KeyType.SM2_SIGNING);
        return ring;
    }

    static TreeHeadSigner signer(KeyRing ring) {
        return TreeHeadSigner.of(ring, KEY);
    }

    static AuditLog.Options options(Path dir, KeyRing ring) {
        return AuditLog.Options.of(dir, signer(ring)).withHeadEvery(1000, Duration.ofSeconds(10));
    }

    private static final String[] SUBJECTS = {"alice", "bob", "carol", "app:billing", "王伟", "svc-backup"};
    private static final String[] ROLES = {"analyst", "auditor", "secadmin", "sysadmin", "app"};
    private static final String[] ACTIONS = {"console.login", "console.logout", "alert.read", "alert.update", "crypto.sign",
        "crypto.decrypt", "rule.update", "user.create", "key.rotate"};
    private static final String[] DOMAINS = {"province", "taiyuan", "datong", "health-cloud"};

    /** A plausible entry; the same {@code n} always gives the same entry. */
    static AuditEntry entry(long n) {
        Random r = new Random(n);
        AuditEntry.Builder b = AuditEntry.builder()
                .subject(SUBJECTS[r.nextInt(SUBJECTS.length)])
                .role(ROLES[r.nextInt(ROLES.length)])
                .domain(DOMAINS[r.nextInt(DOMAINS.length)])
                .action(ACTIONS[r.nextInt(ACTIONS.length)])
                .object("alert/" + Long.toHexString(r.nextLong()))
                .result(AuditResult.values()[r.nextInt(3)])
                .source("10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256))
                .requestId("req-" + n);
        if (r.nextBoolean()) {
            b.detail("inputSm3", Long.toHexString(r.nextLong()) + Long.toHexString(r.nextLong()));
            b.detail("bytes", (long) r.nextInt(1 << 20));
        }
        return b.build();
    }
}
