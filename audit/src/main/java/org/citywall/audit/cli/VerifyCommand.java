package org.citywall.audit.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.citywall.audit.AuditVerifier;
import org.citywall.audit.TrustedKeys;
import org.citywall.audit.VerificationReport;
import org.citywall.crypto.EnvelopeEncryption;
import org.citywall.crypto.KeyRing;
import org.citywall.crypto.MasterKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code citywall audit verify PATH --key FILE}: offline verification of a bundle, archive or log directory. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check every record, every tree head signature and the consistency of successive heads of an",
            "exported bundle, an archive or a whole log directory, against the public key(s) you trust.",
            "Names the first record modified, inserted, deleted, reordered or truncated, or the forged head.",
            "Exit status: 0 intact, 1 altered, 2 could not verify."})
public final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PATH", description = "bundle (.cwab), archive (.cwab.enc) or log directory")
    Path path;

    @Option(names = {"-k", "--key"}, paramLabel = "FILE",
            description = "trusted SM2 public key (PEM PUBLIC KEY) or X.509 certificate; repeat for several key versions")
    List<Path> keys = List.of();

    @Option(names = "--ca", paramLabel = "FILE",
            description = "CA certificate(s) the --key certificates must chain to (SM2 signatures, validity, CA constraints); repeatable")
    List<Path> caFiles = List.of();

    @Option(names = "--crl", paramLabel = "FILE", description = "CRL(s) of the CA: a revoked signing certificate is refused; repeatable")
    List<Path> crlFiles = List.of();

    @Option(names = "--trust-embedded-keys",
            description = "check against the keys the bundle carries (proves self-consistency only, not authenticity)")
    boolean trustEmbedded;

    @Option(names = "--since-head", paramLabel = "FILE",
            description = {"signed tree head(s) you saved earlier (citywall audit heads --last 1, or the console's head page),",
                "one JSON object per line; repeatable. The log must still reproduce each: a log cut back",
                "together with its own heads is found only this way."})
    List<Path> savedHeadFiles = List.of();

    @Option(names = "--keyring", paramLabel = "FILE", description = "key ring holding the archive key (encrypted archives)")
    Path keyring;

    @Option(names = "--master-key-file", paramLabel = "FILE",
            description = "file with the key ring's master key (default: environment variable CITYWALL_MASTER_KEY)")
    Path masterKeyFile;

    @Option(names = "--archive-key", paramLabel = "NAME", defaultValue = "audit-archive",
            description = "SM4 key-encryption key of encrypted archives (default: ${DEFAULT-VALUE})")
    String archiveKey;

    @Override
    public Integer call() throws Exception {
        if (!Files.exists(path)) {
            throw new IllegalArgumentException(path + " does not exist");
        }
        TrustedKeys trusted;
        if (!caFiles.isEmpty() && keys.isEmpty()) {
            throw new IllegalArgumentException("--ca checks the signing certificates given with --key FILE; give them");
        }
        if (!crlFiles.isEmpty() && caFiles.isEmpty()) {
            throw new IllegalArgumentException("--crl needs the CA that issued it: --ca FILE");
        }
        if (!caFiles.isEmpty()) {
            trusted = TrustedKeys.fromCertificates(keys, caFiles, crlFiles, java.time.Instant.now());
        } else if (!keys.isEmpty()) {
            trusted = TrustedKeys.fromFiles(keys);
        } else if (trustEmbedded) {
            trusted = TrustedKeys.embeddedKeys();
        } else {
            throw new IllegalArgumentException("give the public key or certificate that signs this log: --key FILE"
                    + " (or --trust-embedded-keys to check self-consistency only)");
        }
        AuditVerifier.SavedHeads saved = AuditVerifier.SavedHeads.read(savedHeadFiles);
        VerificationReport report;
        if (keyring != null) {
            MasterKey master = masterKeyFile != null ? MasterKey.fromFile(masterKeyFile) : MasterKey.fromEnvironment();
            EnvelopeEncryption enc = new EnvelopeEncryption(KeyRing.open(keyring, master), archiveKey);
            report = AuditVerifier.verifyArchive(path, enc, trusted, saved);
        } else {
            report = AuditVerifier.verify(path, trusted, saved);
        }
        spec.commandLine().getOut().print(report.render());
        spec.commandLine().getOut().flush();
        return report.intact() ? 0 : 1;
    }
}
