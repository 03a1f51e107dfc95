package org.citywall.detection.sigma;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.citywall.detection.correlation.CorrelationSettings;
import org.citywall.event.Event;

/**
 * Benchmark (a command, not a test): events per second of one thread evaluating rules on a realistic
 * event mix, with the rule index and, as the baseline in the same run, with a linear scan that
 * evaluates every rule on every event. Sizes 1, 10, 100 and all rules (the SigmaHQ rules that load
 * plus the built-in pack) show how the cost grows with the number of rules.
 *
 * <pre>java -cp ... org.citywall.detection.sigma.RuleBenchmark [SIGMA_RULES_DIR] [--seconds N]</pre>
 */
public final class RuleBenchmark {
    private RuleBenchmark() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 && !args[0].startsWith("--") ? args[0] : "../shared/data/sigma/rules");
        double seconds = 3;
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--seconds")) {
                seconds = Double.parseDouble(args[i + 1]);
            }
        }
        List<Path> files = loadableFiles(dir);
        List<Event> events = EventMix.generate(20_000, new Random(7));
        System.out.printf("event mix: %d events over %s%n", events.size(), EventMix.describe(events));
        System.out.printf("%-10s %8s %14s %14s %12s %10s%n", "rules", "loaded", "indexed ev/s", "linear ev/s",
                "candidates", "matches");
        List<Integer> sizes = new ArrayList<>(List.of(1, 10, 100));
        sizes.add(Integer.MAX_VALUE);
        for (int n : sizes) {
            RuleSet rs = subset(files, n);
            double indexed = 0;
            double linear = 0;
            for (int round = 0; round < 3; round++) { // interleaved, best of three: the JIT and a shared machine add noise
                indexed = Math.max(indexed, rate(events, seconds / 3, e -> rs.match(e).size()));
                linear = Math.max(linear, rate(events, seconds / 3, e -> linear(rs, e)));
            }
            long candidates = events.stream().mapToLong(rs::candidateCount).sum();
            long matches = events.stream().mapToLong(e -> rs.match(e).size()).sum();
            System.out.printf("%-10s %8d %,14.0f %,14.0f %12.2f %10d%n", n == Integer.MAX_VALUE ? "all" : n,
                    rs.rules().size(), indexed, linear, (double) candidates / events.size(), matches);
        }
        RuleSet all = subset(files, Integer.MAX_VALUE);
        double loop = 0;
        // event times must keep moving forward across passes over the mix, as in a real stream: the loop
        // gets its own copies with epoch-millisecond timestamps, shifted by an hour at each pass
        List<Event> timed = new ArrayList<>();
        for (Event e : events) {
            timed.add(new Event(e.fields()).put("@timestamp", java.time.Instant.parse(e.getString("@timestamp")).toEpochMilli()));
        }
        for (int round = 0; round < 3; round++) {
            DetectionLoop l = new DetectionLoop(all, CorrelationSettings.DEFAULT, 5_000);
            loop = Math.max(loop, rate(timed, seconds / 3, new java.util.function.ToIntFunction<>() {
                int i;

                @Override
                public int applyAsInt(Event e) {
                    if (i++ % timed.size() == 0 && i > 1) {
                        timed.forEach(t -> t.put("@timestamp", (Long) t.get("@timestamp") + 3_600_000L));
                    }
                    return l.process(e).correlations().size();
                }
            }));
        }
        System.out.printf("all rules with correlation state (DetectionLoop): %,.0f events/s (%d rules, %d correlations)%n",
                loop, all.rules().size(), all.correlations().size());
    }

    /** Files under {@code dir} with at least one rule that loads, in a fixed shuffled order. */
    private static List<Path> loadableFiles(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = new ArrayList<>(walk.filter(RuleDocuments::isYaml).sorted().toList());
        }
        RuleSet rs = RuleSet.builder().addPath(dir).build();
        Set<String> loaded = new LinkedHashSet<>();
        rs.rules().forEach(r -> loaded.add(r.origin().substring(0, r.origin().lastIndexOf(':'))));
        files.removeIf(f -> !loaded.contains(f.toString()));
        Collections.shuffle(files, new Random(11));
        return files;
    }

    /** The first {@code n} rule files (all of them plus the built-in pack when n is MAX_VALUE). */
    private static RuleSet subset(List<Path> files, int n) throws IOException {
        RuleSetBuilder b = RuleSet.builder().version("bench-" + n);
        for (Path f : files.subList(0, Math.min(n, files.size()))) {
            b.addPath(f);
        }
        if (n == Integer.MAX_VALUE) {
            b.addBuiltInPack();
        }
        return b.build();
    }

    /** The baseline: every rule evaluated on every event (one shared field cache, as the index has). */
    private static int linear(RuleSet rs, Event e) {
        EvalContext ctx = rs.context(e);
        int hits = 0;
        for (SigmaRule r : rs.rules()) {
            if (r.explain(ctx) != null) {
                hits++;
            }
        }
        return hits;
    }

    private static double rate(List<Event> events, double seconds, java.util.function.ToIntFunction<Event> f) {
        long sink = 0;
        long warmEnd = System.nanoTime() + (long) (seconds * 0.5e9);
        while (System.nanoTime() < warmEnd) {
            for (Event e : events) {
                sink += f.applyAsInt(e);
            }
        }
        long n = 0;
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long now;
        do {
            for (Event e : events) {
                sink += f.applyAsInt(e);
            }
            n += events.size();
            now = System.nanoTime();
        } while (now < end);
        if (sink == 42) {
            System.out.print(""); // keeps the work observable to the JIT
        }
        return n / ((now - start) / 1e9);
    }
}
