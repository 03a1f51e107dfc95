package org.citywall.detection.sigma;

import java.io.Serializable;
import java.util.List;

/**
 * One {@code field|modifiers: values} item of a selection, compiled. Values are OR-ed unless the
 * {@code all} modifier asks for AND; {@code neq} inverts the test (the field must be present and
 * differ from every value). Keyword items test several fields ({@code message}, {@code event.original}).
 */
final class FieldTest implements Serializable {
    private static final long serialVersionUID = 1L;

    enum Kind { VALUES, NULL, EXISTS, NOT_EXISTS }

    /** The key as written in the rule (for messages), e.g. {@code CommandLine|contains|all}. */
    final String key;
    /** The event fields tested (after the processing pipeline's field mapping). */
    final String[] fields;
    final Kind kind;
    final List<ValueMatcher> matchers;
    final boolean all;
    final boolean neq;

    FieldTest(String key, String[] fields, Kind kind, List<ValueMatcher> matchers, boolean all, boolean neq) {
        this.key = key;
        this.fields = fields;
        this.kind = kind;
        this.matchers = List.copyOf(matchers);
        this.all = all;
        this.neq = neq;
    }

    /** A full-text keyword item ({@code - 'text'} or {@code '|all': [...]}) rather than a field. */
    boolean isKeyword() {
        return key.isEmpty() || key.startsWith("|");
    }

    boolean test(EvalContext ctx) {
        return switch (kind) {
            case NULL -> !present(ctx);
            case EXISTS -> present(ctx);
            case NOT_EXISTS -> !present(ctx);
            case VALUES -> neq ? present(ctx) && noneHit(ctx) : values(ctx);
        };
    }

    private boolean values(EvalContext ctx) {
        // indexed loops: no iterator per test (they were a tenth of the allocation of rule evaluation)
        if (all) {
            for (int i = 0, n = matchers.size(); i < n; i++) {
                if (!hit(ctx, matchers.get(i))) {
                    return false;
                }
            }
            return true;
        }
        for (int i = 0, n = matchers.size(); i < n; i++) {
            if (hit(ctx, matchers.get(i))) {
                return true;
            }
        }
        return false;
    }

    private boolean noneHit(EvalContext ctx) {
        for (int i = 0, n = matchers.size(); i < n; i++) {
            if (hit(ctx, matchers.get(i))) {
                return false;
            }
        }
        return true;
    }

    private boolean hit(EvalContext ctx, ValueMatcher m) {
        for (String f : fields) {
            if (m.test(ctx, f)) {
                return true;
            }
        }
        return false;
    }

    private boolean present(EvalContext ctx) {
        for (String f : fields) {
            if (ctx.strings(f).length > 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return key + "->" + String.join(",", fields) + matchers;
    }
}
