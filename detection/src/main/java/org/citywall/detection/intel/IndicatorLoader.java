package org.citywall.detection.intel;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.citywall.event.Json;

/**
 * Reads indicator lists: CSV ({@code type,value[,description]}, optional header, {@code #} comments)
 * and STIX 2.1 bundles of {@code indicator} objects with STIX patterns. Every indicator is checked
 * before it is accepted; anything unusable is reported with its file and line (or STIX id), never
 * silently skipped. Collect several sources, then {@link #build} one {@link IndicatorSet}.
 */
public final class IndicatorLoader {
    private final List<Indicator> indicators = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    /** Reads a {@code .json} file as a STIX bundle and anything else as CSV. */
    public IndicatorLoader addFile(Path file) throws IOException {
        String text = Files.readString(file);
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")
                ? addStixBundle(file.toString(), text) : addCsv(file.toString(), text);
    }

    public IndicatorLoader addCsv(String origin, String csv) {
        String[] lines = csv.split("\r?\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            List<String> cols = CsvLine.split(line);
            if (cols.get(0).equalsIgnoreCase("type") || cols.get(0).equalsIgnoreCase("indicator_type")) {
                continue; // a header line
            }
            String where = origin + ":" + (n + 1);
            if (cols.size() < 2) {
                problems.add(where + ": expected type,value[,description]");
                continue;
            }
            Indicator.Type type = Indicator.Type.parse(cols.get(0));
            if (type == null) {
                problems.add(where + ": unknown indicator type '" + cols.get(0) + "'");
                continue;
            }
            accept(type, cols.get(1), where, cols.size() > 2 ? cols.get(2) : "");
        }
        return this;
    }

    public IndicatorLoader addStixBundle(String origin, String json) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            problems.add(origin + ": not JSON: " + e.getMessage().lines().findFirst().orElse(""));
            return this;
        }
        if (root == null || !"bundle".equals(root.path("type").asText()) || !root.path("objects").isArray()) {
            problems.add(origin + ": not a STIX 2.1 bundle (type 'bundle' with 'objects')");
            return this;
        }
        for (JsonNode o : root.path("objects")) {
            if (!"indicator".equals(o.path("type").asText())) {
                continue; // identities, relationships, malware... describe, they do not match
            }
            String id = o.path("id").asText("?");
            String where = origin + ":" + id;
            if (o.path("revoked").asBoolean(false) || !validNow(o, where)) {
                continue; // withdrawn or outside its validity: matching it would raise alerts its producer retracted
            }
            String patternType = o.path("pattern_type").asText("stix");
            if (!patternType.equals("stix")) {
                problems.add(where + ": pattern_type '" + patternType + "' is not supported (only stix)");
                continue;
            }
            String description = o.path("name").asText(o.path("description").asText(""));
            try {
                for (StixPattern.Comparison c : StixPattern.parse(o.path("pattern").asText(""))) {
                    accept(c.type(), c.value(), where, description);
                }
            } catch (IllegalArgumentException e) {
                problems.add(where + ": " + e.getMessage());
            }
        }
        return this;
    }

    /** Whether {@code now} is within the indicator's {@code valid_from}..{@code valid_until}; an unreadable time is a problem. */
    private boolean validNow(JsonNode o, String where) {
        java.time.Instant now = java.time.Instant.now();
        for (String field : new String[] {"valid_from", "valid_until"}) {
            JsonNode v = o.get(field);
            if (v == null || v.isNull()) {
                continue;
            }
            java.time.Instant t;
            try {
                t = java.time.Instant.parse(v.asText());
            } catch (java.time.format.DateTimeParseException e) {
                problems.add(where + ": " + field + " '" + v.asText() + "' is not an RFC 3339 timestamp");
                return false;
            }
            if (field.equals("valid_from") ? t.isAfter(now) : !t.isAfter(now)) {
                return false;
            }
        }
        return true;
    }

    private void accept(Indicator.Type type, String raw, String where, String description) {
        String value = raw.strip();
        if (value.isEmpty()) {
            problems.add(where + ": empty value");
            return;
        }
        if (type == Indicator.Type.IP) {
            try {
                Cidr.parse(value);
            } catch (IllegalArgumentException e) {
                problems.add(where + ": " + e.getMessage());
                return;
            }
        } else if (type.isHash() && (value.length() != type.hexLength() || !value.chars().allMatch(c -> Character.digit(c, 16) >= 0))) {
            problems.add(where + ": '" + value + "' is not a " + type.name().toLowerCase(Locale.ROOT) + " hash ("
                    + type.hexLength() + " hex digits)");
            return;
        } else if (type == Indicator.Type.DOMAIN && (value.contains("/") || value.contains(" ") || !value.contains("."))) {
            problems.add(where + ": '" + value + "' is not a domain name");
            return;
        }
        indicators.add(new Indicator(type, value, where, description));
    }

    /** Indicators accepted so far. */
    public List<Indicator> indicators() {
        return List.copyOf(indicators);
    }

    /** Every line or STIX indicator that was not accepted, as {@code origin:line: reason}. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    public IndicatorSet build(String version) {
        return IndicatorSet.of(version, indicators);
    }
}
