package org.citywall.detection.sigma;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles detection rule documents: maps the log source through the pipeline, compiles the
 * detection, and applies the meta filters that name the rule. Either the whole rule compiles or it
 * is rejected with a {@link RuleException}.
 *
 * <p>A filter applies to a rule it names only when its log source fits the rule's (each of
 * category, product and service it gives is the rule's too), as pySigma applies them; where it
 * does not, the filter is not applied to that rule and {@link #filterProblems()} says so, so a
 * filter meant for other events is neither applied to the wrong ones nor ignored in silence.
 */
final class RuleCompiler {
    /** A compiled rule and the resolver its fields went through (correlations resolve group-by fields with it). */
    record Compiled(SigmaRule rule, FieldResolver resolver) {}

    /** A meta filter document (sigma-filters-specification.md). */
    record Filter(YamlDocument doc, List<String> rules) {}

    private final ProcessingPipeline pipeline;
    private final List<Filter> filters;
    private final List<Rejection> filterProblems = new ArrayList<>();

    RuleCompiler(ProcessingPipeline pipeline, List<Filter> filters) {
        this.pipeline = pipeline;
        this.filters = filters;
    }

    @SuppressWarnings("unchecked")
    Compiled compile(YamlDocument doc, RuleHeader header) throws RuleException {
        Map<String, Object> m = doc.map();
        LogsourceMapping mapping = pipeline.mappingFor(header.logsource());
        if (mapping == null) {
            throw new RuleException("logsource", "log source " + header.logsource()
                    + " is not collected by CityWall (no entry in pipeline " + pipeline.name() + ")");
        }
        if (mapping.unsupported != null) {
            throw new RuleException("logsource", "log source " + header.logsource() + " is not supported: " + mapping.unsupported);
        }
        boolean ecs = "ecs".equalsIgnoreCase(header.taxonomy());
        if (header.taxonomy() != null && !ecs && !"sigma".equalsIgnoreCase(header.taxonomy())) {
            throw new RuleException("taxonomy", "taxonomy '" + header.taxonomy() + "' is not supported (use sigma or ecs)");
        }
        PipelineResolver resolver = new PipelineResolver(pipeline, mapping, ecs);
        DetectionCompiler compiler = new DetectionCompiler(resolver);
        Detection detection = compiler.compile((Map<String, Object>) m.get("detection"), "detection");
        for (Filter f : filters) {
            if (f.rules.contains(header.id()) || (header.name() != null && f.rules.contains(header.name()))) {
                String misfit = logsourceMisfit(f, header);
                if (misfit != null) {
                    filterProblems.add(new Rejection(f.doc.origin, f.doc.lineOf("logsource"), Headers.label(f.doc),
                            "filter not applied to rule '" + header.title() + "' (" + header.id() + "): " + misfit));
                    continue;
                }
                detection = applyFilter(detection, f, compiler);
            }
        }
        List<FieldTest> logsourceTests = new ArrayList<>();
        for (Map.Entry<String, List<String>> c : mapping.conditions.entrySet()) {
            List<ValueMatcher> ms = new ArrayList<>();
            for (String v : c.getValue()) {
                ms.add(new StringMatcher(SigmaString.literal(v), false));
            }
            logsourceTests.add(new FieldTest(c.getKey(), new String[] {c.getKey()}, FieldTest.Kind.VALUES, ms, false, false));
        }
        return new Compiled(new SigmaRule(header, mapping.datasets, logsourceTests, detection, resolver.objectFields), resolver);
    }

    /** Filters named rules could not take, found while compiling. */
    List<Rejection> filterProblems() {
        return filterProblems;
    }

    /** Why the filter's log source does not fit the rule's, or null when it does. */
    private static String logsourceMisfit(Filter f, RuleHeader rule) {
        if (!(f.doc.map().get("logsource") instanceof Map<?, ?> ls)) {
            return null;
        }
        for (String k : List.of("category", "product", "service")) {
            Object want = ls.get(k);
            if (want != null && !String.valueOf(want).toLowerCase(java.util.Locale.ROOT).equals(rule.logsource().get(k))) {
                return "its logsource " + k + " '" + want + "' is not the rule's ("
                        + (rule.logsource().isEmpty() ? "none" : rule.logsource()) + ")";
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static Detection applyFilter(Detection detection, Filter f, DetectionCompiler compiler) throws RuleException {
        Map<String, Object> body = (Map<String, Object>) f.doc.map().get("filter");
        String where = "filter '" + Headers.label(f.doc) + "' (" + f.doc.origin + ":" + f.doc.line + ")";
        Map<String, Object> selections = new LinkedHashMap<>(body);
        selections.remove("rules");
        Object cond = selections.remove("condition");
        List<String> names = new ArrayList<>(selections.keySet());
        List<Selection> compiled = new ArrayList<>();
        try {
            for (String n : names) {
                compiled.add(compiler.selection(n, selections.get(n), "filter/" + n));
            }
            Condition c = ConditionParser.parse(String.valueOf(cond), names, "filter/condition");
            return detection.withExclusion(compiled, c);
        } catch (RuleException e) {
            throw new RuleException("detection", where + " cannot be applied: " + e.getMessage());
        }
    }
}
