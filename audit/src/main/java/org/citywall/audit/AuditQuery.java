package org.citywall.audit;

import java.time.Instant;

/**
 * Which records to return from {@link AuditLog#query}: every given criterion must hold (exact
 * matches; {@code action} may end in {@code *} to match a prefix, e.g. {@code crypto.*}).
 * Results come in log order, at most {@code limit} of them, starting at seq {@code fromSeq}
 * (to page, pass the last seq returned plus one).
 *
 * @param from inclusive lower bound on the record time, or null
 * @param to exclusive upper bound on the record time, or null
 */
public record AuditQuery(String subject, String action, String object, AuditResult result, String domain,
                         Instant from, Instant to, long fromSeq, int limit) {

    /** The most records one query returns. */
    public static final int MAX_LIMIT = 100_000;

    public AuditQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
        if (fromSeq < 0) {
            throw new IllegalArgumentException("fromSeq must be >= 0");
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("the time range is empty: from " + from + " is not before to " + to);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether {@code r} meets every criterion. */
    public boolean matches(AuditRecord r) {
        return r.seq() >= fromSeq
                && (subject == null || subject.equals(r.subject()))
                && (action == null || (action.endsWith("*") ? r.action().startsWith(action.substring(0, action.length() - 1))
                        : action.equals(r.action())))
                && (object == null || object.equals(r.object()))
                && (result == null || result == r.result())
                && (domain == null || domain.equals(r.domain()))
                && inTime(r.time());
    }

    boolean inTime(Instant t) {
        return (from == null || !t.isBefore(from)) && (to == null || t.isBefore(to));
    }

    /** Whether records appended between {@code first} and {@code last} may fall in the time range. */
    boolean overlaps(Instant first, Instant last) {
        return first == null || ((to == null || first.isBefore(to)) && (from == null || !last.isBefore(from)));
    }

    /** Builds an {@link AuditQuery}; without criteria it matches everything, 1000 records at most. */
    public static final class Builder {
        private String subject;
        private String action;
        private String object;
        private AuditResult result;
        private String domain;
        private Instant from;
        private Instant to;
        private long fromSeq;
        private int limit = 1000;

        private Builder() {
        }

        public Builder subject(String v) {
            subject = v;
            return this;
        }

        public Builder action(String v) {
            action = v;
            return this;
        }

        public Builder object(String v) {
            object = v;
            return this;
        }

        public Builder result(AuditResult v) {
            result = v;
            return this;
        }

        public Builder domain(String v) {
            domain = v;
            return this;
        }

        /** Records at or after {@code from} and before {@code to}; either may be null. */
        public Builder between(Instant from, Instant to) {
            this.from = from;
            this.to = to;
            return this;
        }

        public Builder fromSeq(long v) {
            fromSeq = v;
            return this;
        }

        public Builder limit(int v) {
            limit = v;
            return this;
        }

        public AuditQuery build() {
            return new AuditQuery(subject, action, object, result, domain, from, to, fromSeq, limit);
        }
    }
}
