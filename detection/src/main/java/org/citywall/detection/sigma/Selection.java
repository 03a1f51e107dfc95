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
        // indexed loops: this runs for every candidate rule of every event, and iterators were a tenth of all allocation
        for (int a = 0, na = alternatives.size(); a < na; a++) {
            List<FieldTest> conj = alternatives.get(a);
            boolean ok = true;
            for (int k = 0, nk = conj.size(); k < nk; k++) {
                if (!conj.get(k).test(ctx)) {
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
