package org.citywall.detection.sigma;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * One YAML document as plain Java values (maps with string keys, lists, strings, longs,
 * {@link Decimal}s, booleans, nulls), remembering the line of every node so that errors name file and line.
 * Paths are keys and list indexes joined by {@code /}.
 */
final class YamlDocument {
    private static final int MAX_DEPTH = 64;

    final String origin;
    final Object root;
    final int line;
    private final Map<String, Integer> lines;

    private YamlDocument(String origin, Object root, int line, Map<String, Integer> lines) {
        this.origin = origin;
        this.root = root;
        this.line = line;
        this.lines = lines;
    }

    /** The documents of a YAML stream, and the error that stopped reading it, if any. */
    record Stream(List<YamlDocument> documents, Rejection error) {}

    static Stream readAll(String text, String origin) {
        LoadSettings settings = LoadSettings.builder()
                .setSchema(new CoreSchema())
                .setLabel(origin)
                .setAllowRecursiveKeys(false)
                .setMaxAliasesForCollections(50)
                .setCodePointLimit(8 * 1024 * 1024)
                .build();
        List<YamlDocument> docs = new ArrayList<>();
        try {
            Iterator<Node> it = new Compose(settings).composeAllFromString(text).iterator();
            while (it.hasNext()) {
                Node n = it.next();
                Map<String, Integer> lines = new HashMap<>();
                int line = line(n);
                Object root = convert(n, "", lines, 0);
                docs.add(new YamlDocument(origin, root, line, lines));
            }
            return new Stream(docs, null);
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().or(e::getContextMark).map(m -> m.getLine() + 1).orElse(0);
            String problem = e.getProblem() == null ? "invalid YAML" : e.getProblem();
            String context = e.getContext() == null ? "" : e.getContext() + ": ";
            return new Stream(docs, new Rejection(origin, line, null, "invalid YAML: " + context + problem));
        } catch (YamlError e) {
            return new Stream(docs, new Rejection(origin, e.line, null, "invalid YAML: " + e.getMessage()));
        } catch (YamlEngineException | IllegalArgumentException | IllegalStateException e) {
            return new Stream(docs, new Rejection(origin, 0, null, "invalid YAML: " + e.getMessage()));
        } catch (StackOverflowError e) {
            return new Stream(docs, new Rejection(origin, 0, null, "invalid YAML: nested too deeply"));
        }
    }

    /** The line (1-based) of the node at {@code path}, or of its nearest ancestor. */
    int lineOf(String path) {
        String p = path == null ? "" : path;
        while (true) {
            Integer l = lines.get(p);
            if (l != null) {
                return l;
            }
            if (p.isEmpty()) {
                return line;
            }
            int cut = p.lastIndexOf('/');
            p = cut < 0 ? "" : p.substring(0, cut);
        }
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> map() {
        return root instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }

    private static int line(Node n) {
        return n.getStartMark().map(Mark::getLine).orElse(-1) + 1;
    }

    private static final class YamlError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int line;

        YamlError(int line, String message) {
            super(message);
            this.line = line;
        }
    }

    private static Object convert(Node node, String path, Map<String, Integer> lines, int depth) {
        if (depth > MAX_DEPTH) {
            throw new YamlError(line(node), "nested more than " + MAX_DEPTH + " levels deep");
        }
        lines.putIfAbsent(path, line(node));
        if (node instanceof ScalarNode s) {
            return scalar(s);
        }
        if (node instanceof SequenceNode seq) {
            List<Object> out = new ArrayList<>();
            int i = 0;
            for (Node child : seq.getValue()) {
                out.add(convert(child, join(path, String.valueOf(i++)), lines, depth + 1));
            }
            return out;
        }
        if (node instanceof MappingNode map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (NodeTuple t : map.getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode k)) {
                    throw new YamlError(line(t.getKeyNode()), "a mapping key must be a plain value");
                }
                String key = k.getValue();
                if (out.containsKey(key)) {
                    throw new YamlError(line(k), "duplicate key '" + key + "'");
                }
                String childPath = join(path, key);
                lines.put(childPath, line(k));
                out.put(key, convert(t.getValueNode(), childPath, lines, depth + 1));
            }
            return out;
        }
        throw new YamlError(line(node), "unsupported YAML node");
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "/" + key;
    }

    /**
     * A decimal number that remembers the text it was written as: Sigma matches plain values as strings,
     * so {@code 1.0} must stay {@code "1.0"} (not {@code "1"}) and {@code 1.10} stay {@code "1.10"}, while
     * comparisons ({@code lt}, correlation bounds) use the numeric value.
     */
    static final class Decimal extends Number {
        private static final long serialVersionUID = 1L;
        private final String text;
        private final double value;

        Decimal(String text, double value) {
            this.text = text;
            this.value = value;
        }

        @Override
        public int intValue() {
            return (int) value;
        }

        @Override
        public long longValue() {
            return (long) value;
        }

        @Override
        public float floatValue() {
            return (float) value;
        }

        @Override
        public double doubleValue() {
            return value;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Decimal d && d.text.equals(text);
        }

        @Override
        public int hashCode() {
            return text.hashCode();
        }

        /** The number as written in the YAML source. */
        @Override
        public String toString() {
            return text;
        }
    }

    /**
     * Plain scalars become numbers, booleans or null as YAML 1.2's core schema says; a number is kept
     * as text unless it is written canonically, so {@code 0x1F} or {@code 007} still match as written.
     */
    private static Object scalar(ScalarNode s) {
        String v = s.getValue();
        Tag tag = s.getTag();
        if (Tag.NULL.equals(tag)) {
            return null;
        }
        if (Tag.BOOL.equals(tag)) {
            return Boolean.valueOf(v.toLowerCase(java.util.Locale.ROOT));
        }
        if (Tag.INT.equals(tag)) {
            try {
                long l = Long.parseLong(v);
                return Long.toString(l).equals(v) ? (Object) l : v;
            } catch (NumberFormatException e) {
                return v;
            }
        }
        if (Tag.FLOAT.equals(tag)) {
            try {
                double d = Double.parseDouble(v);
                return Double.isFinite(d) && v.matches("-?\\d+\\.\\d+") ? (Object) new Decimal(v, d) : v;
            } catch (NumberFormatException e) {
                return v;
            }
        }
        return v;
    }
}
