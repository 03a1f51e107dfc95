package org.citywall.audit.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code citywall audit}: verify, export and query the tamper-evident audit trail. */
@Command(name = "audit",
        mixinStandardHelpOptions = true,
        description = "Verify, export and query the tamper-evident audit trail.",
        subcommands = {VerifyCommand.class, ExportCommand.class, QueryCommand.class, ProveCommand.class, HeadsCommand.class,
            BenchmarkCommand.class})
public final class AuditCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
