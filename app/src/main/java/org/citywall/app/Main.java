package org.citywall.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code citywall} command: one entry point for operators, analysts' tools and the embedded platform. */
@Command(name = "citywall",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "CityWall (城墙): security operations and national cryptography for a government cloud.",
        subcommands = {
            CommandLine.HelpCommand.class,
            org.citywall.crypto.cli.CryptoCommand.class,
            DemoCommand.class,
            ConsoleCommand.class,
            StatusCommand.class,
            UsersCommand.class,
            org.citywall.collector.cli.CollectCommand.class,
            org.citywall.collector.bench.BenchCommand.class,
            org.citywall.detection.cli.RulesCommand.class,
            org.citywall.detection.cli.ParseCommand.class,
            org.citywall.audit.cli.AuditCommand.class,
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (tests call this instead of {@link #main}). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        CommandLine bench = cl.getSubcommands().get("bench");
        if (bench != null) {
            bench.addSubcommand("detection", new org.citywall.app.bench.DetectionBenchCommand());
        }
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            // a user sees one clear line, never a stack trace; details go to the log
            cmd.getErr().println("citywall: " + (ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage()));
            org.slf4j.LoggerFactory.getLogger(Main.class).debug("command failed", ex);
            return 2;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"citywall " + (v == null ? "dev" : v)};
        }
    }
}
