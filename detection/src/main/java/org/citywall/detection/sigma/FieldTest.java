package org.citywall.detection.sigma;

import java.io.Serializable;
import java.util.List;

/**
 * One {@code field|modifiers: values} item of a selection, compiled. Values are OR-ed unless the
 * {@code all} modifier asks for AND. A modifier that turns one value into several variants
 * ({@code windash}, {@code base64offset}, {@code expand}) yields a group of matchers of which any
 * one stands for the value, so {@code all} asks each listed value for one hit among its variants; {@code neq} inverts the test (the field must be present and
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
    /** Every matcher of every value, flat (the OR of them is the test without {@code all}). */
    final List<ValueMatcher> matchers;
    /**
     * The matchers by listed value: the variants of one value, any of which is a hit for that value.
     * {@code null} in copies serialised before values had groups: then every matcher is its own value.
     */
    final List<List<ValueMatcher>> groups;
    final boolean all;
    final boolean neq;

    /** A test whose matchers are one value each. */
    FieldTest(String key, String[] fields, Kind kind, List<ValueMatcher> matchers, boolean all, boolean neq) {
        this(key, fields, kind, matchers.stream().map(List::of).toList(), all, neq, true);
    }

    private FieldTest(String key, String[] fields, Kind kind, List<List<ValueMatcher>> groups, boolean all, boolean neq,
            boolean grouped) {
        this.key = key;
        this.fields = fields;
        this.kind = kind;
        this.groups = groups.stream().map(List::copyOf).toList();
        this.matchers = this.groups.stream().flatMap(List::stream).toList();
        this.all = all;
        this.neq = neq;
    }

    /** A value test with one group of alternative matchers per listed value. */
    static FieldTest grouped(String key, String[] fields, List<List<ValueMatcher>> groups, boolean all, boolean neq) {
        return new FieldTest(key, fields, Kind.VALUES, groups, all, neq, true);
    }

    /** The matchers by listed value (each matcher its own value in copies from before groups existed). */
    List<List<ValueMatcher>> valueGroups() {
        return groups != null ? groups : matchers.stream().map(List::of).toList();
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
            if (groups == null) {
                for (int i = 0, n = matchers.size(); i < n; i++) {
                    if (!hit(ctx, matchers.get(i))) {
                        return false;
                    }
                }
                return true;
            }
            for (int g = 0, gs = groups.size(); g < gs; g++) {
                if (!anyHit(ctx, groups.get(g))) {
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

    private boolean anyHit(EvalContext ctx, List<ValueMatcher> group) {
        for (int i = 0, n = group.size(); i < n; i++) {
            if (hit(ctx, group.get(i))) {
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
