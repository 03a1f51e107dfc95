package org.citywall.detection.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.citywall.event.Event;

/**
 * The condition parser against a reference evaluator: random expression trees are printed with
 * the fewest parentheses the precedence rules allow (or with redundant ones), parsed, and evaluated
 * on random truth assignments.
 */
class ConditionPropertiesTest {
    private static final List<String> NAMES = List.of("sel_a", "sel_b", "filter_a", "filter_b", "_hidden");

    sealed interface Expr permits Id, Not, And, Or, OneOf, AllOf {}
    record Id(int i) implements Expr {}
    record Not(Expr e) implements Expr {}
    record And(Expr l, Expr r) implements Expr {}
    record Or(Expr l, Expr r) implements Expr {}
    record OneOf(String pattern) implements Expr {}
    record AllOf(String pattern) implements Expr {}

    @Provide
    Arbitrary<Expr> exprs() {
        return expr(4);
    }

    private Arbitrary<Expr> expr(int depth) {
        Arbitrary<Expr> leaf = Arbitraries.oneOf(
                Arbitraries.integers().between(0, NAMES.size() - 1).map(Id::new),
                Arbitraries.of("sel_*", "filter_*", "them", "*_a").map(OneOf::new),
                Arbitraries.of("sel_*", "filter_*", "them").map(AllOf::new));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<Expr> sub = Arbitraries.lazy(() -> expr(depth - 1));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, leaf),
                net.jqwik.api.Tuple.of(1, sub.map(Not::new)),
                net.jqwik.api.Tuple.of(2, Combinators.combine(sub, sub).as(And::new)),
                net.jqwik.api.Tuple.of(2, Combinators.combine(sub, sub).as(Or::new)));
    }

    /** Prints with parentheses only where precedence needs them (or everywhere when {@code paranoid}). */
    static String print(Expr e, int outer, boolean paranoid) {
        int prec;
        String s;
        if (e instanceof Id id) {
            return NAMES.get(id.i());
        } else if (e instanceof OneOf o) {
            return "1 of " + o.pattern();
        } else if (e instanceof AllOf a) {
            return "all of " + a.pattern();
        } else if (e instanceof Not n) {
            prec = 3;
            s = "not " + print(n.e(), 3, paranoid);
        } else if (e instanceof And a) {
            prec = 2;
            s = print(a.l(), 2, paranoid) + " and " + print(a.r(), 3, paranoid);
        } else {
            Or o = (Or) e;
            prec = 1;
            s = print(o.l(), 1, paranoid) + " or " + print(o.r(), 2, paranoid);
        }
        return paranoid || prec < outer ? "(" + s + ")" : s;
    }

    static boolean eval(Expr e, boolean[] v) {
        if (e instanceof Id id) {
            return v[id.i()];
        } else if (e instanceof Not n) {
            return !eval(n.e(), v);
        } else if (e instanceof And a) {
            return eval(a.l(), v) && eval(a.r(), v);
        } else if (e instanceof Or o) {
            return eval(o.l(), v) || eval(o.r(), v);
        }
        String pattern = e instanceof OneOf o ? o.pattern() : ((AllOf) e).pattern();
        List<Boolean> members = new ArrayList<>();
        for (int i = 0; i < NAMES.size(); i++) {
            String n = NAMES.get(i);
            boolean in = pattern.equals("them") ? !n.startsWith("_")
                    : n.matches(pattern.replace("*", ".*"));
            if (in) {
                members.add(v[i]);
            }
        }
        return e instanceof OneOf ? members.contains(true) : !members.contains(false);
    }

    @Property(tries = 1000)
    void parsingRespectsPrecedence(@ForAll("exprs") Expr e, @ForAll boolean paranoid, @ForAll boolean[] raw) throws Exception {
        boolean[] v = new boolean[NAMES.size()];
        for (int i = 0; i < v.length && i < raw.length; i++) {
            v[i] = raw[i];
        }
        String text = print(e, 0, paranoid);
        Condition c = ConditionParser.parse(text, NAMES, "condition");
        List<Selection> sels = new ArrayList<>();
        Event event = new Event(Map.of());
        for (int i = 0; i < NAMES.size(); i++) {
            String f = "f" + i;
            sels.add(new Selection(NAMES.get(i), List.of(List.of(new FieldTest(f, new String[] {f}, FieldTest.Kind.EXISTS,
                    List.of(), false, false)))));
            if (v[i]) {
                event.put(f, "x");
            }
        }
        boolean got = c.eval(new Condition.Memo(sels, new EvalContext(event, java.util.Set.of())));
        assertThat(got).as(text).isEqualTo(eval(e, v));
    }

    @Property(tries = 500)
    void malformedConditionsAreRejectedNeverThrown(@ForAll("exprs") Expr e, @ForAll int cut) {
        String text = print(e, 0, true);
        String broken = text.substring(0, Math.floorMod(cut, text.length() + 1));
        try {
            ConditionParser.parse(broken, NAMES, "condition");
        } catch (RuleException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @org.junit.jupiter.api.Test
    void aConditionNestedTooDeeplyIsRejectedWithAReasonNotAStackOverflow() throws Exception {
        String deepParens = "(".repeat(20_000) + "sel_a" + ")".repeat(20_000);
        String deepNots = "not ".repeat(20_000) + "sel_a";
        for (String c : List.of(deepParens, deepNots)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConditionParser.parse(c, NAMES, "detection.condition"))
                    .isInstanceOf(RuleException.class).hasMessageContaining("nested deeper than 64 levels");
        }
        String fine = "(".repeat(ConditionParser.MAX_NESTING) + "sel_a" + ")".repeat(ConditionParser.MAX_NESTING);
        assertThat(ConditionParser.parse(fine, NAMES, "detection.condition")).isNotNull();
    }
}
