package org.citywall.collector.bench;

import picocli.CommandLine.Command;

/** {@code citywall bench}: measurements that print figures against a baseline of the same run. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks that compare CityWall against a baseline in the same run.",
        subcommands = {IngestBenchCommand.class})
public final class BenchCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Runs {@code bench} as a program of its own (the same as {@code citywall bench}). */
    public static void main(String[] args) {
        picocli.CommandLine cl = new picocli.CommandLine(new BenchCommand());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("bench: " + (ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage()));
            return 2;
        });
        System.exit(cl.execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
