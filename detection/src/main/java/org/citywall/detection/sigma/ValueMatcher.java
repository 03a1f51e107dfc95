package org.citywall.detection.sigma;

import java.io.Serializable;

/** One compiled rule value: does some value of a field satisfy it? */
interface ValueMatcher extends Serializable {

    /** True when at least one value of {@code field} in the event satisfies this matcher. */
    boolean test(EvalContext ctx, String field);

    /**
     * A literal that every matching value must contain (lower-case), used to index rules; or
     * {@code null} when the matcher has none (regular expressions, numbers, CIDR ranges...).
     */
    default Literal literal() {
        return null;
    }

    /** A necessary condition usable by the rule index: the value equals, or contains, {@code text}. */
    record Literal(boolean exact, String text) implements Serializable {}
}
