package org.citywall.detection.sigma;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A rule's compiled detection: its selections, its condition over them, and which selections count
 * positively (are not under a {@code not}), whose fields are reported as what matched.
 */
final class Detection implements Serializable {
    private static final long serialVersionUID = 1L;

    final List<Selection> selections;
    final Condition condition;
    private final BitSet positive;

    Detection(List<Selection> selections, Condition condition) {
        this.selections = List.copyOf(selections);
        this.condition = condition;
        this.positive = new BitSet();
        markPositive(condition, true);
    }

    private void markPositive(Condition c, boolean pos) {
        if (c instanceof Condition.Ref r) {
            if (pos) {
                positive.set(r.index());
            }
        } else if (c instanceof Condition.Not n) {
            markPositive(n.inner(), !pos);
        } else if (c instanceof Condition.And a) {
            a.terms().forEach(t -> markPositive(t, pos));
        } else if (c instanceof Condition.Or o) {
            o.terms().forEach(t -> markPositive(t, pos));
        } else if (c instanceof Condition.AtLeast q) {
            q.refs().forEach(t -> markPositive(t, pos));
        }
    }

    boolean matches(EvalContext ctx) {
        return condition.eval(new Condition.Memo(selections, ctx));
    }

    /**
     * Evaluates and, on a match, returns the event values of the fields in the positive selections
     * that were true (keyword searches are left out: they would copy the whole message); null otherwise.
     */
    Map<String, Object> matchAndExplain(EvalContext ctx) {
        Condition.Memo memo = new Condition.Memo(selections, ctx);
        if (!condition.eval(memo)) {
            return null;
        }
        Map<String, Object> matched = new LinkedHashMap<>();
        for (int i = positive.nextSetBit(0); i >= 0; i = positive.nextSetBit(i + 1)) {
            if (!memo.selection(i)) {
                continue; // evaluated now if the condition short-circuited past it: a match is rare, the report worth it
            }
            for (List<FieldTest> conj : selections.get(i).alternatives) {
                for (FieldTest t : conj) {
                    if (t.isKeyword()) {
                        continue;
                    }
                    for (String f : t.fields) {
                        Object v = ctx.value(f);
                        if (v != null) {
                            matched.putIfAbsent(f, v);
                        }
                    }
                }
            }
        }
        return matched;
    }

    /** Adds a meta filter's exclusion: the rule now matches only when the filter does not. */
    Detection withExclusion(List<Selection> filterSelections, Condition filterCondition) {
        List<Selection> all = new ArrayList<>(selections);
        int offset = all.size();
        all.addAll(filterSelections);
        Condition shifted = shift(filterCondition, offset);
        return new Detection(all, new Condition.And(List.of(condition, new Condition.Not(shifted))));
    }

    private static Condition shift(Condition c, int offset) {
        if (c instanceof Condition.Ref r) {
            return new Condition.Ref(r.index() + offset, r.name());
        } else if (c instanceof Condition.Not n) {
            return new Condition.Not(shift(n.inner(), offset));
        } else if (c instanceof Condition.And a) {
            return new Condition.And(a.terms().stream().map(t -> shift(t, offset)).toList());
        } else if (c instanceof Condition.Or o) {
            return new Condition.Or(o.terms().stream().map(t -> shift(t, offset)).toList());
        }
        Condition.AtLeast q = (Condition.AtLeast) c;
        return new Condition.AtLeast(q.n(), q.refs().stream().map(r -> new Condition.Ref(r.index() + offset, r.name())).toList(), q.text());
    }
}
