package org.citywall.detection.sigma;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.citywall.detection.correlation.CorrelationResult;
import org.citywall.detection.correlation.CorrelationSettings;
import org.citywall.detection.decode.DecoderConfig;
import org.citywall.detection.decode.EventDecoder;
import org.citywall.event.Event;
import org.citywall.event.RawEvent;

/** Reads the built-in pack's test events and runs them through a {@link DetectionLoop}. */
final class PackEvents {
    private PackEvents() {}

    static final String ROOT = "/org/citywall/detection/rules/";

    private static final EventDecoder DECODER = new EventDecoder(DecoderConfig.defaults());

    /**
     * Events from a test resource, or null when it does not exist: {@code .jsonl} holds decoded (flat
     * or nested ECS) events; {@code .log} holds raw log lines, decoded as the job decodes them, so the
     * rules are tested against what the decoders really produce.
     */
    static List<Event> read(String resource) throws IOException {
        if (resource.endsWith(".log")) {
            return decode(resource);
        }
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

    private static List<Event> decode(String resource) throws IOException {
        try (InputStream in = PackEvents.class.getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            List<Event> out = new ArrayList<>();
            int n = 0;
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                n++;
                if (!line.isBlank()) {
                    RawEvent raw = new RawEvent(line.getBytes(StandardCharsets.UTF_8), 1_768_471_200_000L, "192.0.2.1:514",
                            "pack-test", "taiyuan");
                    out.add(DECODER.decode(raw, resource.substring(resource.lastIndexOf('/') + 1) + "-" + n));
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
