package org.citywall.detection.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.citywall.detection.correlation.CorrelationResult;
import org.citywall.detection.correlation.CorrelationSettings;
import org.citywall.detection.decode.DecoderConfig;
import org.citywall.detection.decode.EventDecoder;
import org.citywall.detection.sigma.DetectionLoop;
import org.citywall.detection.sigma.ProcessingPipeline;
import org.citywall.detection.sigma.Rejection;
import org.citywall.detection.sigma.RuleMatch;
import org.citywall.detection.sigma.RuleSet;
import org.citywall.detection.sigma.RuleSetBuilder;
import org.citywall.event.Ecs;
import org.citywall.event.Event;
import org.citywall.event.Json;
import org.citywall.event.RawEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code citywall rules}: check Sigma rules before deploying them, and try them on events.
 */
@Command(name = "rules",
        mixinStandardHelpOptions = true,
        description = "Check Sigma rules and try them on events.",
        subcommands = {RulesCommand.Check.class, RulesCommand.Test.class})
public final class RulesCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options shared by both subcommands: where rules come from and how they map to CityWall's fields. */
    static final class Sources {
        @Option(names = "--pipeline", paramLabel = "FILE",
                description = "extra processing pipeline YAML; its log sources take precedence over the built-in ones")
        List<Path> pipelines = new ArrayList<>();

        @Option(names = "--builtin", description = "also load CityWall's built-in rule pack")
        boolean builtin;

        RuleSet load(List<Path> paths) throws IOException {
            ProcessingPipeline p = ProcessingPipeline.citywall();
            for (Path extra : pipelines) {
                p = p.overriddenBy(ProcessingPipeline.load(extra));
            }
            RuleSetBuilder b = RuleSet.builder(p);
            for (Path path : paths) {
                if (path.toString().equals("builtin")) {
                    b.addBuiltInPack();
                } else {
                    if (!Files.exists(path)) {
                        throw new IOException("no such file or directory: " + path);
                    }
                    b.addPath(path);
                }
            }
            if (builtin) {
                b.addBuiltInPack();
            }
            return b.version("cli").build();
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Load rules (files or directories; 'builtin' for the built-in pack) and print how many load "
                    + "and every rejection with file, line and reason.",
                    "Exit status: 0 when every rule loads, 1 when any is rejected, 2 on a usage error."})
    static final class Check implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        Sources sources = new Sources();

        @Parameters(paramLabel = "RULES", arity = "1..*", description = "rule files or directories, or 'builtin'")
        List<Path> rules;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            RuleSet rs = sources.load(rules);
            for (Rejection r : rs.rejections()) {
                out.println("rejected " + r);
            }
            out.printf("%d rules and %d correlation rules loaded, %d rejected%n", rs.rules().size(),
                    rs.correlations().size(), rs.rejections().size());
            out.flush();
            return rs.rejections().isEmpty() ? 0 : 1;
        }
    }

    @Command(name = "test", mixinStandardHelpOptions = true,
            description = {"Run rules over a file of events, one per line, and print the matches and correlation alerts.",
                    "A line is taken as a decoded event when it is a JSON object with event.dataset (flat or nested); "
                            + "any other line is decoded as the detection job decodes raw logs.",
                    "Event time comes from @timestamp; the watermark trails the latest event time by --out-of-order.",
                    "Exit status: 0 when anything fired, 1 when nothing did, 2 on a usage error."})
    static final class Test implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        Sources sources = new Sources();

        @Parameters(index = "0", paramLabel = "RULES", description = "rule file or directory, or 'builtin'")
        Path rules;

        @Parameters(index = "1", paramLabel = "EVENTS", description = "file of events (JSON or raw log lines)")
        Path events;

        @Option(names = "--domain", paramLabel = "DOMAIN", description = "domain stamped on raw lines (default: test)")
        String domain = "test";

        @Option(names = "--out-of-order", paramLabel = "SECONDS", description = "watermark delay behind the latest event (default 5)")
        long outOfOrderSeconds = 5;

        @Option(names = "--lateness", paramLabel = "SECONDS", description = "allowed lateness of correlation inputs (default 60)")
        long latenessSeconds = 60;

        @Option(names = "--json", description = "print one JSON object per match or alert")
        boolean json;

        @Option(names = "--all", description = "also print matches of rules that only feed correlations")
        boolean all;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            if (!Files.isRegularFile(events)) {
                throw new IOException("no such events file: " + events);
            }
            RuleSet rs = sources.load(List.of(rules));
            for (Rejection r : rs.rejections()) {
                spec.commandLine().getErr().println("rejected " + r);
            }
            CorrelationSettings settings = new CorrelationSettings(latenessSeconds * 1000, 0, 100, 50);
            DetectionLoop loop = new DetectionLoop(rs, settings, outOfOrderSeconds * 1000);
            EventDecoder decoder = new EventDecoder(DecoderConfig.defaults());
            int n = 0;
            int matches = 0;
            int alerts = 0;
            for (String line : Files.readAllLines(events, StandardCharsets.UTF_8)) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                Event e = toEvent(line, n, decoder);
                if (all) {
                    for (RuleMatch m : rs.match(e)) {
                        if (!m.alerting()) {
                            print(out, n, e, m, "feeds");
                        }
                    }
                }
                DetectionLoop.Output o = loop.process(e);
                for (RuleMatch m : o.matches()) {
                    print(out, n, e, m, "match");
                    matches++;
                }
                for (CorrelationResult r : o.correlations()) {
                    print(out, r);
                    alerts++;
                }
            }
            for (CorrelationResult r : loop.finish()) {
                print(out, r);
                alerts++;
            }
            out.printf("%d events, %d rule matches, %d correlation alerts (updates included), %d late matches dropped; "
                    + "%d rules, %d correlation rules, %d rejected%n", n, matches, alerts, loop.lateDropped(),
                    rs.rules().size(), rs.correlations().size(), rs.rejections().size());
            out.flush();
            return matches + alerts > 0 ? 0 : 1;
        }

        private Event toEvent(String line, int n, EventDecoder decoder) {
            String t = line.strip();
            if (t.startsWith("{")) {
                try {
                    Event e = Event.fromJson(t);
                    if (e.has(Ecs.EVENT_DATASET)) {
                        e.putIfAbsent(Ecs.EVENT_ID, "line-" + n);
                        return e;
                    }
                } catch (IllegalArgumentException notJson) {
                    // decoded below like any raw line, which keeps it with the error
                }
            }
            RawEvent raw = new RawEvent(line.getBytes(StandardCharsets.UTF_8), System.currentTimeMillis(),
                    "file:" + events.getFileName(), "rules-test", domain);
            return decoder.decode(raw, "line-" + n);
        }

        private void print(PrintWriter out, int line, Event e, RuleMatch m, String kind) {
            if (json) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("kind", kind);
                o.put("line", line);
                o.put("event_id", e.id());
                o.put("@timestamp", e.getString(Ecs.TIMESTAMP));
                o.put("rule_id", m.ruleId());
                o.put("rule_title", m.title());
                o.put("level", m.level());
                o.put("tactics", m.tactics());
                o.put("techniques", m.techniques());
                o.put("matched", m.matched());
                out.println(Json.write(o));
            } else {
                out.printf("%s line %d %s [%s] %s (%s) matched=%s%n", kind, line, e.getString(Ecs.TIMESTAMP), m.level(),
                        m.title(), m.ruleId(), m.matched());
            }
        }

        private void print(PrintWriter out, CorrelationResult r) {
            if (json) {
                out.println(r.toAlert().toJson());
            } else {
                out.printf("alert %s [%s] %s (%s) group=%s count=%d first=%s last=%s values=%s id=%s%s%n",
                        r.first() ? "new" : "update", r.level(), r.title(), r.ruleId(), r.key().asMap(), r.count(),
                        java.time.Instant.ofEpochMilli(r.firstSeen()), java.time.Instant.ofEpochMilli(r.lastSeen()),
                        r.matched(), r.alertId(), r.key().domain().isEmpty() ? "" : " domain=" + r.key().domain());
            }
        }
    }
}
