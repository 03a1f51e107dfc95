package org.citywall.detection.sigma;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.citywall.detection.correlation.CorrelationRule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects rule sources and builds a {@link RuleSet}. Every document is validated against the
 * Sigma JSON schemas, compiled through the processing pipeline and, for correlations, resolved
 * against the rules it names; whatever fails is listed as a {@link Rejection} with file, line and
 * reason, and everything else is loaded whole. Not thread-safe; use once.
 */
public final class RuleSetBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(RuleSetBuilder.class);

    private final ProcessingPipeline pipeline;
    private final RuleDocuments sources = new RuleDocuments();
    private String version = "unversioned";

    RuleSetBuilder(ProcessingPipeline pipeline) {
        this.pipeline = pipeline;
    }

    /** Adds a rule file, or every {@code .yml}/{@code .yaml} file below a directory (in path order). */
    public RuleSetBuilder addPath(Path path) throws IOException {
        sources.addPath(path);
        return this;
    }

    /** Adds rule YAML (one or more documents); {@code origin} names it in rejections. */
    public RuleSetBuilder addYaml(String origin, String yaml) {
        sources.addText(origin, yaml);
        return this;
    }

    /** Adds CityWall's built-in rule pack from the classpath. */
    public RuleSetBuilder addBuiltInPack() throws IOException {
        sources.addBuiltIn();
        return this;
    }

    /** A label for the set (e.g. a content hash or timestamp), reported by {@link RuleSet#version()}. */
    public RuleSetBuilder version(String version) {
        this.version = version;
        return this;
    }

    /** Validates and compiles everything added. Never throws for a bad rule: see {@link RuleSet#rejections()}. */
    public RuleSet build() {
        List<Rejection> rejections = new ArrayList<>(sources.rejections);
        List<YamlDocument> detections = new ArrayList<>();
        List<YamlDocument> correlationDocs = new ArrayList<>();
        List<RuleCompiler.Filter> filters = new ArrayList<>();
        Map<String, String> definedAt = new HashMap<>();
        Set<String> collections = new HashSet<>();
        for (YamlDocument doc : sources.documents) {
            if (doc.root == null) {
                continue; // an empty document, e.g. after a trailing '---'
            }
            if (doc.map() != null && doc.map().containsKey("action")) {
                collections.add(doc.origin);
            } else if (collections.contains(doc.origin)) {
                rejections.add(new Rejection(doc.origin, doc.line, Headers.label(doc),
                        "part of a v1 rule collection ('action: global' earlier in the file): write each rule as a complete document"));
                continue;
            }
            try {
                classify(doc, detections, correlationDocs, filters, definedAt);
            } catch (RuleException e) {
                rejections.add(reject(doc, e));
            } catch (RuntimeException e) {
                rejections.add(new Rejection(doc.origin, doc.line, Headers.label(doc), "cannot load: " + e));
            }
        }
        RuleCompiler compiler = new RuleCompiler(pipeline, filters);
        List<SigmaRule> rules = new ArrayList<>();
        Map<String, CorrelationCompiler.Target> targets = new LinkedHashMap<>();
        Map<String, String> rejectedWhy = new HashMap<>();
        Set<String> detectionNames = new HashSet<>();
        for (YamlDocument doc : detections) {
            RuleHeader h = Headers.read(doc);
            detectionNames.add(h.id());
            if (h.name() != null) {
                detectionNames.add(h.name());
            }
            try {
                RuleCompiler.Compiled c = compiler.compile(doc, h);
                rules.add(c.rule());
                CorrelationCompiler.Target t = new CorrelationCompiler.Target(h.id(), h.name(), c, null);
                register(targets, t);
            } catch (RuleException e) {
                rejections.add(reject(doc, e));
                remember(rejectedWhy, h, e.getMessage());
            } catch (RuntimeException e) {
                rejections.add(new Rejection(doc.origin, doc.line, Headers.label(doc), "cannot compile: " + e));
                remember(rejectedWhy, h, e.toString());
            }
        }
        rejections.addAll(compiler.filterProblems());
        for (RuleCompiler.Filter f : filters) {
            for (String target : f.rules()) {
                if (!detectionNames.contains(target)) {
                    rejections.add(new Rejection(f.doc().origin, f.doc().lineOf("filter/rules"), Headers.label(f.doc()),
                            "filter names rule '" + target + "', which is not among the rules loaded with it"));
                }
            }
        }
        List<CorrelationRule> correlations = compileCorrelations(correlationDocs, targets, rejectedWhy, rejections);
        Set<String> referenced = new HashSet<>();
        Set<String> generated = new HashSet<>();
        for (CorrelationRule c : correlations) {
            referenced.addAll(c.references().keySet());
            if (c.generate()) {
                generated.addAll(c.references().keySet());
            }
        }
        boolean[] alerting = new boolean[rules.size()];
        for (int i = 0; i < rules.size(); i++) {
            String id = rules.get(i).id();
            alerting[i] = !referenced.contains(id) || generated.contains(id);
        }
        Set<String> alertingCorrelations = new HashSet<>();
        for (CorrelationRule c : correlations) {
            if (!referenced.contains(c.id()) || generated.contains(c.id())) {
                alertingCorrelations.add(c.id());
            }
        }
        RuleSet set = new RuleSet(version, rules, alerting, correlations, alertingCorrelations, rejections);
        LOG.info("rule set built version={} rules={} correlations={} rejected={} indexed={}", version, rules.size(),
                correlations.size(), rejections.size(), set.indexedRuleCount());
        return set;
    }

    private void classify(YamlDocument doc, List<YamlDocument> detections, List<YamlDocument> correlations,
                          List<RuleCompiler.Filter> filters, Map<String, String> definedAt) throws RuleException {
        Map<String, Object> m = doc.map();
        if (m == null) {
            throw new RuleException("", "a rule document must be a YAML mapping");
        }
        if (m.containsKey("action")) {
            throw new RuleException("action", "v1 rule collections ('action: " + m.get("action")
                    + "') are not supported: write each rule as a complete document");
        }
        SchemaCheck.Kind kind;
        if (m.containsKey("correlation")) {
            kind = SchemaCheck.Kind.CORRELATION;
        } else if (m.containsKey("filter")) {
            kind = SchemaCheck.Kind.FILTER;
        } else if (m.containsKey("detection")) {
            kind = SchemaCheck.Kind.RULE;
            if (m.get("detection") instanceof Map<?, ?> d) {
                if (d.containsKey("timeframe")) {
                    throw new RuleException("detection/timeframe", V1Syntax.timeframeMessage());
                }
                if (d.get("condition") instanceof String cond && V1Syntax.isV1(cond)) {
                    throw new RuleException("detection/condition", V1Syntax.message(cond));
                }
            }
        } else {
            throw new RuleException("", "not a Sigma rule: it has no 'detection', 'correlation' or 'filter'");
        }
        List<SchemaCheck.Violation> violations = SchemaCheck.check(kind, m);
        if (!violations.isEmpty()) {
            StringBuilder why = new StringBuilder("does not follow the Sigma schema: ");
            for (int i = 0; i < Math.min(3, violations.size()); i++) {
                why.append(i == 0 ? "" : "; ").append(violations.get(i).message());
            }
            if (violations.size() > 3) {
                why.append(" (and ").append(violations.size() - 3).append(" more)");
            }
            throw new RuleException(violations.get(0).path(), why.toString());
        }
        if ("unsupported".equals(m.get("status"))) {
            throw new RuleException("status", "its authors marked it 'status: unsupported' (it cannot be used as it is)");
        }
        if (kind == SchemaCheck.Kind.FILTER) {
            @SuppressWarnings("unchecked")
            Map<String, Object> f = (Map<String, Object>) m.get("filter");
            List<String> targets = new ArrayList<>();
            ((List<?>) f.get("rules")).forEach(r -> targets.add(String.valueOf(r)));
            filters.add(new RuleCompiler.Filter(doc, targets));
            return;
        }
        for (String k : List.of("id", "name")) {
            if (m.get(k) != null) {
                String key = k + ":" + m.get(k);
                String prev = definedAt.putIfAbsent(key, doc.origin + ":" + doc.line);
                if (prev != null) {
                    throw new RuleException(k, "duplicate " + k + " '" + m.get(k) + "', already defined at " + prev);
                }
            }
        }
        (kind == SchemaCheck.Kind.RULE ? detections : correlations).add(doc);
    }

    private List<CorrelationRule> compileCorrelations(List<YamlDocument> docs, Map<String, CorrelationCompiler.Target> targets,
                                                      Map<String, String> rejectedWhy, List<Rejection> rejections) {
        List<CorrelationRule> out = new ArrayList<>();
        Map<CorrelationRule, Integer> depth = new java.util.IdentityHashMap<>(); // its level in the chain (over rules: 1)
        List<YamlDocument> todo = new ArrayList<>(docs);
        boolean progress = true;
        while (!todo.isEmpty() && progress) {
            progress = false;
            for (var it = todo.iterator(); it.hasNext(); ) {
                YamlDocument doc = it.next();
                List<String> refs = CorrelationCompiler.references(doc);
                String rejectedRef = refs.stream().filter(rejectedWhy::containsKey).findFirst().orElse(null);
                RuleHeader h = Headers.read(doc);
                if (rejectedRef != null) {
                    it.remove();
                    progress = true;
                    String why = "refers to rule '" + rejectedRef + "', which was rejected: " + rejectedWhy.get(rejectedRef);
                    rejections.add(new Rejection(doc.origin, doc.lineOf("correlation/rules"), Headers.label(doc), why));
                    remember(rejectedWhy, h, why);
                    continue;
                }
                if (!refs.stream().allMatch(targets::containsKey)) {
                    continue; // may refer to a correlation compiled in a later round
                }
                it.remove();
                progress = true;
                try {
                    CorrelationRule c = CorrelationCompiler.compile(doc, h, targets);
                    int level = 1;
                    for (String ref : refs) {
                        CorrelationCompiler.Target t = targets.get(ref);
                        if (t.correlation() != null) {
                            level = Math.max(level, depth.getOrDefault(t.correlation(), 1) + 1);
                        }
                    }
                    if (level > RuleSet.MAX_CORRELATION_DEPTH) {
                        // the job runs one correlation stage per level: a deeper correlation would load and never fire
                        throw new RuleException("correlation/rules", "correlation chains deeper than " + RuleSet.MAX_CORRELATION_DEPTH
                                + " are not supported (this correlation is level " + level + " of its chain)");
                    }
                    depth.put(c, level);
                    out.add(c);
                    register(targets, new CorrelationCompiler.Target(h.id(), h.name(), null, c));
                } catch (RuleException e) {
                    rejections.add(reject(doc, e));
                    remember(rejectedWhy, h, e.getMessage());
                } catch (RuntimeException e) {
                    rejections.add(new Rejection(doc.origin, doc.line, Headers.label(doc), "cannot compile: " + e));
                    remember(rejectedWhy, h, e.toString());
                }
            }
        }
        for (YamlDocument doc : todo) {
            String missing = CorrelationCompiler.references(doc).stream().filter(r -> !targets.containsKey(r))
                    .findFirst().orElse("?");
            rejections.add(new Rejection(doc.origin, doc.lineOf("correlation/rules"), Headers.label(doc),
                    "refers to rule '" + missing + "', which is not loaded (or the correlations refer to each other in a cycle)"));
        }
        return out;
    }

    private static void register(Map<String, CorrelationCompiler.Target> targets, CorrelationCompiler.Target t) {
        targets.put(t.id(), t);
        if (t.name() != null) {
            targets.putIfAbsent(t.name(), t);
        }
    }

    private static void remember(Map<String, String> rejectedWhy, RuleHeader h, String why) {
        if (h.id() != null) {
            rejectedWhy.put(h.id(), why);
        }
        if (h.name() != null) {
            rejectedWhy.put(h.name(), why);
        }
    }

    private static Rejection reject(YamlDocument doc, RuleException e) {
        return new Rejection(doc.origin, doc.lineOf(e.path), Headers.label(doc), e.getMessage());
    }
}
