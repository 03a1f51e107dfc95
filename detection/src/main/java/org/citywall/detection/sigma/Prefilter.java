package org.citywall.detection.sigma;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Derives from a detection a <em>cover</em>: a set of literal atoms such that whenever the rule
 * matches, at least one atom holds (a field equals or contains a literal). The rule index only
 * evaluates a rule when one of its atoms is found, so the per-event cost grows with the rules that
 * could match, not with all rules. A rule without a cover (e.g. only regular expressions, or only
 * negations) is evaluated for every event of its datasets.
 */
final class Prefilter {
    private Prefilter() {}

    /** A necessary condition: {@code field} equals (exact) or contains {@code text}, both lower-case. */
    record Atom(String field, boolean exact, String text) implements Serializable {}

    /** The cover of a detection, or {@code null} when it has none. */
    static List<Atom> cover(Detection d) {
        return cover(d.condition, d);
    }

    private static List<Atom> cover(Condition c, Detection d) {
        if (c instanceof Condition.Ref r) {
            return selection(d.selections.get(r.index()));
        }
        if (c instanceof Condition.Not) {
            return null;
        }
        if (c instanceof Condition.And a) {
            return best(a.terms().stream().map(t -> cover(t, d)).toList());
        }
        if (c instanceof Condition.Or o) {
            return union(o.terms().stream().map(t -> cover(t, d)).toList());
        }
        Condition.AtLeast q = (Condition.AtLeast) c;
        List<List<Atom>> members = q.refs().stream().map(t -> cover(t, d)).toList();
        return q.n() == q.refs().size() ? best(members) : union(members);
    }

    private static List<Atom> selection(Selection s) {
        List<List<Atom>> alts = new ArrayList<>();
        for (List<FieldTest> conj : s.alternatives) {
            alts.add(best(conj.stream().map(Prefilter::fieldTest).toList()));
        }
        return union(alts);
    }

    private static List<Atom> fieldTest(FieldTest t) {
        if (t.kind != FieldTest.Kind.VALUES || t.neq) {
            return null;
        }
        // a value holds when any of its variants does, so a value's cover is the union of its variants';
        // 'all' needs every value, so any one value's cover will do (the cheapest), otherwise any value may hold
        List<List<Atom>> perValue = new ArrayList<>();
        for (List<ValueMatcher> group : t.valueGroups()) {
            List<List<Atom>> perVariant = new ArrayList<>();
            for (ValueMatcher m : group) {
                perVariant.add(atoms(t, m));
            }
            perValue.add(union(perVariant));
        }
        return t.all ? best(perValue) : union(perValue);
    }

    private static List<Atom> atoms(FieldTest t, ValueMatcher m) {
        ValueMatcher.Literal lit = m.literal();
        if (lit == null) {
            return null;
        }
        List<Atom> atoms = new ArrayList<>();
        for (String f : t.fields) {
            atoms.add(new Atom(f, lit.exact(), lit.text()));
        }
        return atoms;
    }

    private static List<Atom> union(List<List<Atom>> covers) {
        List<Atom> out = new ArrayList<>();
        for (List<Atom> c : covers) {
            if (c == null) {
                return null;
            }
            out.addAll(c);
        }
        return out.isEmpty() ? null : out;
    }

    private static List<Atom> best(List<List<Atom>> covers) {
        List<Atom> best = null;
        double bestCost = Double.MAX_VALUE;
        for (List<Atom> c : covers) {
            if (c != null) {
                double cost = cost(c);
                if (cost < bestCost) {
                    best = c;
                    bestCost = cost;
                }
            }
        }
        return best;
    }

    /**
     * Roughly the probability that the cover lets an event through (the sum over its atoms). Short
     * exact values are usually one of a few ({@code GET}, {@code 404}, {@code true}) and match often;
     * longer literals, especially substrings of eight characters or more, rarely do.
     */
    static double cost(List<Atom> cover) {
        double cost = 0;
        for (Atom a : cover) {
            int len = a.text().length();
            if (a.exact()) {
                cost += len <= 4 ? 0.3 : 0.01;
            } else {
                cost += len >= 8 ? 0.001 : len >= 5 ? 0.005 : len == 4 ? 0.02 : len == 3 ? 0.1 : len == 2 ? 0.3 : 0.8;
            }
        }
        return cost;
    }
}
