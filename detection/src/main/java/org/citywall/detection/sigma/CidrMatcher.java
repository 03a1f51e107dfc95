package org.citywall.detection.sigma;

import org.citywall.detection.intel.Cidr;

/** The {@code cidr} modifier: the value is an IP address inside the network. */
final class CidrMatcher implements ValueMatcher {
    private static final long serialVersionUID = 1L;

    private final Cidr cidr;

    CidrMatcher(Cidr cidr) {
        this.cidr = cidr;
    }

    @Override
    public boolean test(EvalContext ctx, String field) {
        for (String v : ctx.strings(field)) {
            if (cidr.contains(v)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "cidr:" + cidr;
    }
}
