package org.citywall.audit.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.citywall.audit.AuditLog;
import org.citywall.audit.BundleSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code citywall audit export}: a time range of a log as a self-contained signed bundle. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write the records of a time range, their signed tree heads, proofs and public keys as one bundle",
            "that verifies offline. Reads the log without changing it (safe while the platform runs); the range widens",
            "to the signed heads around it, and records newer than the last head are left for a later export."})
public final class ExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LogOption log;

    @Option(names = "--from", paramLabel = "TIME", description = "ISO-8601 instant, inclusive (default: oldest live record)")
    Instant from;

    @Option(names = "--to", paramLabel = "TIME", description = "ISO-8601 instant, exclusive (default: newest signed record)")
    Instant to;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", required = true, description = "bundle file to write")
    Path out;

    @Override
    public Integer call() throws Exception {
        try (AuditLog l = AuditLog.openReadOnly(log.dir)) {
            BundleSummary s = l.export(from, to, out);
            spec.commandLine().getOut().printf("exported records %d..%d (%d records, %d signed tree heads) to %s, %d bytes, SM3 %s%n",
                    s.fromSeq(), s.toSeq() - 1, s.records(), s.heads(), s.file(), s.bytes(), s.sm3());
        }
        return 0;
    }
}
