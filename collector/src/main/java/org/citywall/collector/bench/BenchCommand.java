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
        System.exit(new picocli.CommandLine(new BenchCommand()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
