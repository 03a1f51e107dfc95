package org.citywall.audit.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.citywall.audit.AuditLog;
import org.citywall.audit.SignedTreeHead;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code citywall audit heads}: the signed tree heads of a log, for auditors to keep and compare later. */
@Command(name = "heads", mixinStandardHelpOptions = true,
        description = "Print the log's signed tree heads, one JSON object per line (the last N with --last).")
public final class HeadsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LogOption log;

    @Option(names = "--last", paramLabel = "N", defaultValue = "0", description = "only the newest N heads")
    int last;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (AuditLog l = AuditLog.openReadOnly(log.dir)) {
            var heads = l.heads();
            for (SignedTreeHead h : last > 0 ? heads.subList(Math.max(0, heads.size() - last), heads.size()) : heads) {
                out.println(h.toJson());
            }
        }
        out.flush();
        return 0;
    }
}
