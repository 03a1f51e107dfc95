package org.citywall.detection.sigma;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Compiles a rule's {@code detection} map into a {@link Detection}, resolving fields through the pipeline. */
final class DetectionCompiler {
    private final FieldResolver resolver;
    private final ValueCompiler values;

    DetectionCompiler(FieldResolver resolver) {
        this.resolver = resolver;
        this.values = new ValueCompiler(resolver);
    }

    Detection compile(Map<String, Object> detection, String path) throws RuleException {
        if (detection.containsKey("timeframe")) {
            throw new RuleException(path + "/timeframe", V1Syntax.timeframeMessage());
        }
        Object cond = detection.get("condition");
        List<String> names = new ArrayList<>();
        List<Selection> selections = new ArrayList<>();
        for (Map.Entry<String, Object> e : detection.entrySet()) {
            if (e.getKey().equals("condition")) {
                continue;
            }
            names.add(e.getKey());
            selections.add(selection(e.getKey(), e.getValue(), path + "/" + e.getKey()));
        }
        Condition condition;
        if (cond instanceof String s) {
            condition = ConditionParser.parse(s, names, path + "/condition");
        } else if (cond instanceof List<?> list && !list.isEmpty()) {
            List<Condition> terms = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof String s)) {
                    throw new RuleException(path + "/condition/" + i, "a condition must be a string");
                }
                terms.add(ConditionParser.parse(s, names, path + "/condition/" + i));
            }
            condition = terms.size() == 1 ? terms.get(0) : new Condition.Or(terms);
        } else {
            throw new RuleException(path, "detection has no condition");
        }
        return new Detection(selections, condition);
    }

    Selection selection(String name, Object body, String path) throws RuleException {
        List<List<FieldTest>> alternatives = new ArrayList<>();
        if (body instanceof Map<?, ?> map) {
            alternatives.add(conjunction(map, path));
        } else if (body instanceof List<?> list) {
            if (list.isEmpty()) {
                throw new RuleException(path, "search identifier '" + name + "' is an empty list");
            }
            List<Object> keywords = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                Object item = list.get(i);
                if (item instanceof Map<?, ?> m) {
                    alternatives.add(conjunction(m, path + "/" + i));
                } else if (item instanceof List<?>) {
                    throw new RuleException(path + "/" + i, "search identifier '" + name + "' has a nested list");
                } else if (item == null) {
                    throw new RuleException(path + "/" + i, "search identifier '" + name + "' has an empty item");
                } else {
                    keywords.add(item);
                }
            }
            if (!keywords.isEmpty()) {
                alternatives.add(List.of(values.compile("", keywords, path)));
            }
        } else if (body instanceof String || body instanceof Number || body instanceof Boolean) {
            alternatives.add(List.of(values.compile("", body, path)));
        } else {
            throw new RuleException(path, "search identifier '" + name + "' must be a map or a list");
        }
        return new Selection(name, alternatives);
    }

    private List<FieldTest> conjunction(Map<?, ?> map, String path) throws RuleException {
        if (map.isEmpty()) {
            throw new RuleException(path, "empty map in a search identifier");
        }
        List<FieldTest> tests = new ArrayList<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            tests.add(values.compile(key, e.getValue(), path + "/" + key));
        }
        return tests;
    }
}
