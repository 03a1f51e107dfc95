package org.citywall.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves expired closed segments out of the live log, only ever into verified, signed archives,
 * and records each move in the log itself ({@code audit.archive}, with {@code liveFrom}: the
 * first seq still live), so a verifier can tell archived records from deleted ones.
 */
final class Retention {

    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    private final AuditLog log;

    Retention(AuditLog log) {
        this.log = log;
    }

    List<BundleSummary> run() throws IOException {
        AuditLog.Options o = log.options();
        Instant cutoff = o.clock().instant().minus(o.retention());
        List<BundleSummary> done = new ArrayList<>();
        while (true) {
            LogState.View v = log.state().view;
            if (v.segments().size() < 2) {
                return done;
            }
            Segment s = v.segments().get(0);
            if (!s.sealed() || s.count() == 0 || !s.lastTime().isBefore(cutoff)) {
                return done;
            }
            done.add(archive(s, o));
        }
    }

    private BundleSummary archive(Segment s, AuditLog.Options o) throws IOException {
        boolean encrypted = o.archiveEncryption() != null;
        Path file = log.state().files.archive.resolve(String.format("audit-%020d-%020d.%s", s.first(), s.end(),
                encrypted ? "cwab.enc" : "cwab"));
        BundleSummary written = BundleFiles.write(log, s.first(), s.end(), null, null, file, o.archiveEncryption());
        VerificationReport check = AuditVerifier.verifyArchive(file, o.archiveEncryption(), keysOf(written));
        if (!check.intact() || check.records() != s.count()) {
            throw new IOException("archive " + file + " did not verify after writing; the segment stays live: "
                    + check.firstAlteration().map(Finding::describe).orElse(check.records() + " records"));
        }
        log.append(AuditEntry.builder().subject("citywall").role("system").action("audit.archive")
                .object(log.state().files.dir.relativize(file).toString()).result(AuditResult.SUCCESS)
                .detail("from", s.first()).detail("to", s.end()).detail("liveFrom", s.end())
                .detail("sm3", written.sm3()).detail("bytes", written.bytes()).detail("encrypted", encrypted)
                .build());
        log.dropOldestSegment(s.first());
        LOG.info("audit segment archived from={} to={} file={} encrypted={} sm3={}", s.first(), s.end(), file.getFileName(),
                encrypted, written.sm3());
        return written;
    }

    /** The signer's public keys for every head version in the archive, to check it was written right. */
    private TrustedKeys keysOf(BundleSummary b) {
        Map<String, org.citywall.crypto.Sm2PublicKey> keys = new HashMap<>();
        TreeHeadSigner signer = log.options().signer();
        for (SignedTreeHead h : log.state().heads(b.fromSeq(), b.toSeq())) {
            if (h.keyId().equals(signer.keyId())) {
                signer.publicKey(h.keyVersion()).ifPresent(k -> keys.put(LogState.keyRef(h.keyId(), h.keyVersion()), k));
            }
        }
        return TrustedKeys.bound(keys);
    }
}
