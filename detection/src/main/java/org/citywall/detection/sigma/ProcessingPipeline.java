package org.citywall.detection.sigma;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How Sigma log sources and field names map onto CityWall's ECS events, in the spirit of pySigma's
 * processing pipelines. A pipeline is a YAML file (see {@code pipelines/citywall-ecs.yml} for the
 * format and the built-in mapping); several pipelines can be {@linkplain #overriddenBy combined},
 * the later ones winning, so a site can add or change log sources without editing the built-in one.
 *
 * <p>Immutable and serialisable.
 */
public final class ProcessingPipeline implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final String DEFAULT = "/org/citywall/detection/pipelines/citywall-ecs.yml";

    private final String name;
    private final List<LogsourceMapping> mappings;
    private final String[] keywordFields;
    private final Map<String, List<String>> placeholders;

    private ProcessingPipeline(String name, List<LogsourceMapping> mappings, String[] keywordFields,
                               Map<String, List<String>> placeholders) {
        this.name = name;
        this.mappings = List.copyOf(mappings);
        this.keywordFields = keywordFields.clone();
        this.placeholders = Map.copyOf(placeholders);
    }

    /** The built-in pipeline for CityWall's decoders (detection/FIELDS.md). */
    public static ProcessingPipeline citywall() {
        try (InputStream in = ProcessingPipeline.class.getResourceAsStream(DEFAULT)) {
            if (in == null) {
                throw new IllegalStateException("built-in pipeline missing from the classpath: " + DEFAULT);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "classpath:" + DEFAULT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a pipeline file. */
    public static ProcessingPipeline load(Path file) throws IOException {
        return parse(Files.readString(file), file.toString());
    }

    /**
     * Parses pipeline YAML.
     *
     * @throws IllegalArgumentException with {@code origin:line: reason} when it is malformed
     */
    public static ProcessingPipeline parse(String yaml, String origin) {
        YamlDocument.Stream stream = YamlDocument.readAll(yaml, origin);
        if (stream.error() != null) {
            throw new IllegalArgumentException(stream.error().toString());
        }
        if (stream.documents().size() != 1 || stream.documents().get(0).map() == null) {
            throw new IllegalArgumentException(origin + ": a pipeline is one YAML mapping");
        }
        YamlDocument doc = stream.documents().get(0);
        Map<String, Object> root = doc.map();
        String name = root.get("name") instanceof String s ? s : origin;
        String[] keywordFields = strings(root.getOrDefault("keyword_fields", List.of("message", "event.original")), doc, "keyword_fields")
                .toArray(new String[0]);
        Map<String, List<String>> placeholders = stringLists(root.get("placeholders"), doc, "placeholders");
        List<LogsourceMapping> mappings = new ArrayList<>();
        if (!(root.get("logsources") instanceof List<?> list)) {
            throw bad(doc, "logsources", "'logsources' must be a list");
        }
        for (int i = 0; i < list.size(); i++) {
            String path = "logsources/" + i;
            if (!(list.get(i) instanceof Map<?, ?> entry)) {
                throw bad(doc, path, "each log source must be a mapping");
            }
            Map<String, String> match = new LinkedHashMap<>();
            if (!(entry.get("match") instanceof Map<?, ?> m) || m.isEmpty()) {
                throw bad(doc, path, "'match' must name a category, product and/or service");
            }
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String k = String.valueOf(e.getKey());
                if (!List.of("category", "product", "service").contains(k)) {
                    throw bad(doc, path + "/match/" + k, "'match' accepts only category, product and service");
                }
                match.put(k, String.valueOf(e.getValue()).toLowerCase(Locale.ROOT));
            }
            String unsupported = entry.get("unsupported") instanceof String u ? u : null;
            String unmapped = entry.get("unmapped") == null ? "reject" : String.valueOf(entry.get("unmapped"));
            if (!unmapped.equals("reject") && !unmapped.equals("keep") && !unmapped.startsWith("prefix:")) {
                throw bad(doc, path + "/unmapped", "'unmapped' must be reject, keep or prefix:<text>");
            }
            List<String> datasets = strings(entry.get("datasets") == null ? List.of() : entry.get("datasets"), doc, path + "/datasets");
            if (unsupported == null && datasets.isEmpty()) {
                throw bad(doc, path, "a supported log source needs 'datasets'");
            }
            mappings.add(new LogsourceMapping(match, datasets, stringLists(entry.get("conditions"), doc, path + "/conditions"),
                    stringLists(entry.get("fields"), doc, path + "/fields"), unmapped, unsupported,
                    origin + ":" + doc.lineOf(path)));
        }
        return new ProcessingPipeline(name, mappings, keywordFields, placeholders);
    }

    private static IllegalArgumentException bad(YamlDocument doc, String path, String reason) {
        return new IllegalArgumentException(doc.origin + ":" + doc.lineOf(path) + ": " + reason);
    }

    private static List<String> strings(Object v, YamlDocument doc, String path) {
        if (v instanceof List<?> l) {
            List<String> out = new ArrayList<>();
            for (Object o : l) {
                if (o == null || o instanceof Map || o instanceof List) {
                    throw bad(doc, path, "expected a list of plain values");
                }
                out.add(EvalContext.scalar(o));
            }
            return out;
        }
        if (v == null || v instanceof Map) {
            throw bad(doc, path, "expected a value or a list of values");
        }
        return List.of(EvalContext.scalar(v));
    }

    private static Map<String, List<String>> stringLists(Object v, YamlDocument doc, String path) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (v == null) {
            return out;
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw bad(doc, path, "expected a mapping");
        }
        for (Map.Entry<?, ?> e : m.entrySet()) {
            out.put(String.valueOf(e.getKey()), strings(e.getValue(), doc, path + "/" + e.getKey()));
        }
        return out;
    }

    /** A pipeline whose log sources, placeholders and keyword fields from {@code other} take precedence. */
    public ProcessingPipeline overriddenBy(ProcessingPipeline other) {
        List<LogsourceMapping> merged = new ArrayList<>(other.mappings);
        merged.addAll(mappings);
        Map<String, List<String>> ph = new LinkedHashMap<>(placeholders);
        ph.putAll(other.placeholders);
        return new ProcessingPipeline(name + "+" + other.name, merged, other.keywordFields, ph);
    }

    public String name() {
        return name;
    }

    /** The first entry matching the rule's log source, or {@code null}. */
    LogsourceMapping mappingFor(Map<String, String> logsource) {
        for (LogsourceMapping m : mappings) {
            if (m.matches(logsource)) {
                return m;
            }
        }
        return null;
    }

    String[] keywordFields() {
        return keywordFields.clone();
    }

    Map<String, List<String>> placeholders() {
        return placeholders;
    }
}
