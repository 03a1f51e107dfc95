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
            always.clear();
            exact.clear();
            substrings.clear();
            substringRules.clear();
        }
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
        for (Map.Entry<String, AhoCorasick> e : b.automata.entrySet()) {
            for (String v : ctx.lower(e.getKey())) {
                e.getValue().search(v, out::set);
            }
        }
        return out;
    }

    Stats stats() {
        return stats;
    }
}
