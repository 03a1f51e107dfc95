package org.citywall.detection.sigma;

import java.io.Serializable;
import java.util.List;

/**
 * A search identifier of a rule's detection, compiled: alternatives (a list in YAML, OR-ed), each a
 * conjunction of field tests (a map in YAML, AND-ed).
 */
final class Selection implements Serializable {
    private static final long serialVersionUID = 1L;

    final String name;
    final List<List<FieldTest>> alternatives;

    Selection(String name, List<List<FieldTest>> alternatives) {
        this.name = name;
        this.alternatives = alternatives.stream().map(List::copyOf).toList();
    }

    boolean test(EvalContext ctx) {
        for (List<FieldTest> conj : alternatives) {
            boolean ok = true;
            for (FieldTest t : conj) {
                if (!t.test(ctx)) {
                    ok = false;
                    break;
                }
            }
            if (ok) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return name + alternatives;
    }
}
