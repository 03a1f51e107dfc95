package org.citywall.detection.sigma;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses which rules to evaluate for an event. First by dataset (the log source), then by the
 * rules' literal {@linkplain Prefilter covers}: exact values are looked up in hash maps, substrings
 * are found by one {@link AhoCorasick} pass per indexed field. Only rules whose cover is hit, plus
 * the few without a cover, are evaluated.
 */
final class RuleIndex implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Map<String, Bucket> byDataset;
    private final int size;

    /** The rules of one dataset. */
    private static final class Bucket implements Serializable {
        private static final long serialVersionUID = 1L;
        final List<Integer> always = new ArrayList<>();
        final Map<String, Map<String, List<Integer>>> exact = new LinkedHashMap<>();
        final Map<String, List<String>> substrings = new LinkedHashMap<>();
        final Map<String, List<Integer>> substringRules = new LinkedHashMap<>();
        int[] alwaysArr;
        Map<String, Map<String, int[]>> exactArr;
        Map<String, AhoCorasick> automata;
        /** The automata's fields and automata, in the same order, for the search loop. */
        String[] searchFields;
        AhoCorasick[] searchAutomata;
        /**
         * For each searched field, the position of a field whose automaton finds every (literal, rule)
         * pair this one finds, or -1. Keyword rules search both {@code message} and
         * {@code event.original}, and a message is usually part of the original line: when each value
         * of the field lies inside a value of its cover, the cover's scan already found all it would.
         * Null in sets serialised before it existed (then every field is scanned).
         */
        int[] coveredBy;

        private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
            in.defaultReadObject();
            if (searchFields == null) { // serialised before the search arrays existed
                searchFields = automata.keySet().toArray(new String[0]);
                searchAutomata = automata.values().toArray(new AhoCorasick[0]);
            }
        }

        void freeze() {
            alwaysArr = always.stream().mapToInt(Integer::intValue).toArray();
            exactArr = new HashMap<>();
            exact.forEach((f, m) -> {
                Map<String, int[]> mm = new HashMap<>();
                m.forEach((v, rules) -> mm.put(v, rules.stream().distinct().mapToInt(Integer::intValue).toArray()));
                exactArr.put(f, mm);
            });
            automata = new LinkedHashMap<>();
            substrings.forEach((f, pats) -> automata.put(f, new AhoCorasick(pats, substringRules.get(f))));
            searchFields = automata.keySet().toArray(new String[0]);
            searchAutomata = automata.values().toArray(new AhoCorasick[0]);
            coveredBy = covers(searchFields, substrings, substringRules);
            always.clear();
            exact.clear();
            substrings.clear();
            substringRules.clear();
        }
    }

    /**
     * Which searched fields another field covers: field {@code i} is covered by {@code j} when every
     * (literal, rule) pair of {@code i} is also one of {@code j}'s, and {@code j} is always scanned
     * itself. Fields with the most pairs are considered first ({@code event.original} before others
     * of the same size, as it holds the message), so a cover is never itself covered.
     */
    static int[] covers(String[] fields, Map<String, List<String>> patterns, Map<String, List<Integer>> payloads) {
        int n = fields.length;
        List<java.util.Set<String>> pairs = new ArrayList<>();
        for (String f : fields) {
            java.util.Set<String> set = new java.util.HashSet<>();
            List<String> ps = patterns.get(f);
            for (int k = 0; k < ps.size(); k++) {
                set.add(payloads.get(f).get(k) + "\u0000" + ps.get(k));
            }
            pairs.add(set);
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, java.util.Comparator.<Integer>comparingInt(i -> -pairs.get(i).size())
                .thenComparing(i -> !fields[i].equals(org.citywall.event.Ecs.EVENT_ORIGINAL))
                .thenComparing(i -> fields[i]));
        int[] coveredBy = new int[n];
        java.util.Arrays.fill(coveredBy, -1);
        List<Integer> scanned = new ArrayList<>();
        for (int i : order) {
            for (int j : scanned) {
                if (pairs.get(j).containsAll(pairs.get(i))) {
                    coveredBy[i] = j;
                    break;
                }
            }
            if (coveredBy[i] < 0) {
                scanned.add(i);
            }
        }
        return coveredBy;
    }

    /** Whether every one of {@code values} lies inside one of {@code within}. */
    private static boolean inside(String[] values, String[] within) {
        outer:
        for (String v : values) {
            for (String w : within) {
                // a message is most often the tail of its original line: try that before a search
                if (w.endsWith(v) || w.contains(v)) {
                    continue outer;
                }
            }
            return false;
        }
        return true;
    }

    /** Statistics for the benchmark and logs: how many rules have a literal cover. */
    record Stats(int rules, int indexed, int unindexed) implements java.io.Serializable {}

    private final Stats stats;

    RuleIndex(List<SigmaRule> rules) {
        this.size = rules.size();
        Map<String, Bucket> buckets = new HashMap<>();
        int indexed = 0;
        for (int i = 0; i < rules.size(); i++) {
            SigmaRule r = rules.get(i);
            List<Prefilter.Atom> cover = Prefilter.cover(r.detection);
            if (cover != null) {
                indexed++;
            }
            for (String ds : r.datasets) {
                Bucket b = buckets.computeIfAbsent(ds, k -> new Bucket());
                if (cover == null) {
                    b.always.add(i);
                    continue;
                }
                for (Prefilter.Atom a : cover) {
                    if (a.exact()) {
                        b.exact.computeIfAbsent(a.field(), k -> new HashMap<>())
                                .computeIfAbsent(a.text(), k -> new ArrayList<>()).add(i);
                    } else {
                        b.substrings.computeIfAbsent(a.field(), k -> new ArrayList<>()).add(a.text());
                        b.substringRules.computeIfAbsent(a.field(), k -> new ArrayList<>()).add(i);
                    }
                }
            }
        }
        buckets.values().forEach(Bucket::freeze);
        this.byDataset = Map.copyOf(buckets);
        this.stats = new Stats(rules.size(), indexed, rules.size() - indexed);
    }

    /** The rules that may match the event, as a set of rule positions. */
    BitSet candidates(EvalContext ctx) {
        BitSet out = new BitSet(size);
        Bucket b = byDataset.get(ctx.dataset());
        if (b == null) {
            return out;
        }
        for (int r : b.alwaysArr) {
            out.set(r);
        }
        for (Map.Entry<String, Map<String, int[]>> e : b.exactArr.entrySet()) {
            for (String v : ctx.lower(e.getKey())) {
                int[] rules = e.getValue().get(v);
                if (rules != null) {
                    for (int r : rules) {
                        out.set(r);
                    }
                }
            }
        }
        String[] fields = b.searchFields;
        int[] coveredBy = b.coveredBy;
        for (int i = 0; i < fields.length; i++) {
            String[] values = ctx.lower(fields[i]);
            if (values.length == 0 || coveredBy != null && coveredBy[i] >= 0 && inside(values, ctx.lower(fields[coveredBy[i]]))) {
                continue;
            }
            AhoCorasick automaton = b.searchAutomata[i];
            for (String v : values) {
                automaton.search(v, out::set);
            }
        }
        return out;
    }

    Stats stats() {
        return stats;
    }
}
