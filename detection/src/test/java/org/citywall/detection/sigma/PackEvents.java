package org.citywall.detection.sigma;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.citywall.detection.correlation.CorrelationResult;
import org.citywall.detection.correlation.CorrelationSettings;
import org.citywall.event.Event;

/** Reads the built-in pack's test events and runs them through a {@link DetectionLoop}. */
final class PackEvents {
    private PackEvents() {}

    static final String ROOT = "/org/citywall/detection/rules/";

    /** Flat JSON events, one per line, from a test resource; null when the resource does not exist. */
    static List<Event> read(String resource) throws IOException {
        try (InputStream in = PackEvents.class.getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            List<Event> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    out.add(Event.fromJson(line));
                }
            }
            return out;
        }
    }

    /** Every alert (single-event matches that alert, and correlation results) the events produce, in order. */
    record Alerts(List<RuleMatch> matches, List<CorrelationResult> correlations) {
        List<String> ruleIds() {
            List<String> ids = new ArrayList<>();
            matches.forEach(m -> ids.add(m.ruleId()));
            correlations.forEach(c -> ids.add(c.ruleId()));
            return ids;
        }
    }

    static Alerts run(RuleSet rules, List<Event> events) {
        DetectionLoop loop = new DetectionLoop(rules, CorrelationSettings.DEFAULT, 2_000);
        List<RuleMatch> matches = new ArrayList<>();
        List<CorrelationResult> results = new ArrayList<>();
        for (Event e : events) {
            DetectionLoop.Output out = loop.process(e);
            matches.addAll(out.matches());
            results.addAll(out.correlations());
        }
        results.addAll(loop.finish());
        return new Alerts(matches, results);
    }
}
