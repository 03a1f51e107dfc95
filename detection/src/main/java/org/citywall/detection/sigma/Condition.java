package org.citywall.detection.sigma;

import java.io.Serializable;
import java.util.List;

/**
 * A rule's condition as a tree over its selections. Selections are referred to by index and
 * evaluated lazily, at most once per event, through {@link Memo}.
 */
sealed interface Condition extends Serializable {

    boolean eval(Memo memo);

    /** Per-event memo of selection results (0 unknown, 1 true, 2 false). */
    final class Memo {
        private final List<Selection> selections;
        private final EvalContext ctx;
        private final byte[] state;

        Memo(List<Selection> selections, EvalContext ctx) {
            this.selections = selections;
            this.ctx = ctx;
            this.state = new byte[selections.size()];
        }

        boolean selection(int i) {
            if (state[i] == 0) {
                state[i] = selections.get(i).test(ctx) ? (byte) 1 : (byte) 2;
            }
            return state[i] == 1;
        }
    }

    record Ref(int index, String name) implements Condition {
        @Override
        public boolean eval(Memo memo) {
            return memo.selection(index);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    record Not(Condition inner) implements Condition {
        @Override
        public boolean eval(Memo memo) {
            return !inner.eval(memo);
        }

        @Override
        public String toString() {
            return "not " + inner;
        }
    }

    record And(List<Condition> terms) implements Condition {
        @Override
        public boolean eval(Memo memo) {
            for (int i = 0, n = terms.size(); i < n; i++) { // indexed: no iterator per evaluation
                if (!terms.get(i).eval(memo)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return "(" + String.join(" and ", terms.stream().map(Object::toString).toList()) + ")";
        }
    }

    record Or(List<Condition> terms) implements Condition {
        @Override
        public boolean eval(Memo memo) {
            for (int i = 0, n = terms.size(); i < n; i++) {
                if (terms.get(i).eval(memo)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String toString() {
            return "(" + String.join(" or ", terms.stream().map(Object::toString).toList()) + ")";
        }
    }

    /** {@code N of pattern}: at least {@code n} of the selections are true ({@code all of}: n = size). */
    record AtLeast(int n, List<Ref> refs, String text) implements Condition {
        @Override
        public boolean eval(Memo memo) {
            int hits = 0;
            int left = refs.size();
            for (int i = 0, size = refs.size(); i < size; i++) {
                if (refs.get(i).eval(memo)) {
                    if (++hits >= n) {
                        return true;
                    }
                }
                if (hits + --left < n) {
                    return false;
                }
            }
            return hits >= n;
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
