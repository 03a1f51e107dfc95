package org.citywall.audit;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a caller asks to have recorded: who ({@code subject}, {@code role}) did what
 * ({@code action} on {@code object}) in which {@code domain}, from where ({@code source}),
 * under which {@code requestId}, with what {@code result}, plus free-form {@code details}.
 * The log adds the sequence number and the time when it appends the entry (see {@link AuditRecord}).
 *
 * <p>Required: subject, action, result. Optional fields are {@code null} when absent.
 * {@code action} is lower-case and dotted, {@code class.verb[.more]} (e.g. {@code console.login},
 * {@code alert.read}, {@code crypto.sign}); its first segment is the <em>action class</em> that
 * fail-closed policies are configured by. {@code details} hold strings, integers, booleans,
 * nulls, lists and maps (no fractions — see {@link AuditRecord} for the canonical form); they
 * must never contain plaintext, secrets or key material (record a digest instead).
 *
 * <p>Limits, so a hostile request cannot make records unbounded: subject, role, domain,
 * action and request id at most 256 characters; object and source at most 2048; details at
 * most 32 KiB once encoded. Text that is not valid Unicode (an unpaired surrogate) is kept
 * with U+FFFD in place of the broken unit, so such input is still recorded.
 *
 * @throws IllegalArgumentException from the constructor, naming the field, when a rule is broken
 */
public record AuditEntry(String subject, String role, String domain, String action, String object,
                         AuditResult result, String source, String requestId, Map<String, Object> details) {

    /** Most characters recorded in subject, role, domain, action and request id. */
    public static final int SHORT_FIELD = 256;
    /** Most characters recorded in object and source. */
    public static final int LONG_FIELD = 2048;
    /** Most bytes of the details once encoded. */
    public static final int MAX_DETAILS_BYTES = 32 * 1024;
    private static final Pattern ACTION = Pattern.compile("[a-z0-9_-]+(\\.[a-z0-9_-]+)*");

    public AuditEntry {
        subject = text("subject", subject, SHORT_FIELD, true);
        role = text("role", role, SHORT_FIELD, false);
        domain = text("domain", domain, SHORT_FIELD, false);
        action = text("action", action, SHORT_FIELD, true);
        if (!ACTION.matcher(action).matches()) {
            throw new IllegalArgumentException("action '" + action + "' must be lower-case and dotted, like alert.read");
        }
        object = text("object", object, LONG_FIELD, false);
        Objects.requireNonNull(result, "result is required");
        source = text("source", source, LONG_FIELD, false);
        requestId = text("requestId", requestId, SHORT_FIELD, false);
        details = details == null || details.isEmpty() ? Map.of() : copyDetails(details);
    }

    /** A builder; {@link Builder#build()} checks the rules. */
    public static Builder builder() {
        return new Builder();
    }

    /** The action class: the action's first dotted segment ({@code crypto} for {@code crypto.sign}). */
    public String actionClass() {
        int dot = action.indexOf('.');
        return dot < 0 ? action : action.substring(0, dot);
    }

    private static String text(String field, String value, int max, boolean required) {
        if (value == null) {
            if (required) {
                throw new IllegalArgumentException(field + " is required");
            }
            return null;
        }
        if (required && value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        if (value.length() > max) {
            throw new IllegalArgumentException(field + " is " + value.length() + " characters long; at most " + max + " are recorded");
        }
        return wellFormed(value);
    }

    /** Replaces unpaired surrogates with U+FFFD so every string has a UTF-8 form. */
    static String wellFormed(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean broken = Character.isHighSurrogate(c)
                    ? i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))
                    : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
            if (broken && sb == null) {
                sb = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (sb != null) {
                sb.append(broken ? '\uFFFD' : c);
            }
        }
        return sb == null ? s : sb.toString();
    }

    private static Map<String, Object> copyDetails(Map<String, ?> details) {
        @SuppressWarnings("unchecked")
        Map<String, Object> copy = (Map<String, Object>) copy(details, "details", 0);
        int size = CanonicalJson.encode(copy).length;
        if (size > MAX_DETAILS_BYTES) {
            throw new IllegalArgumentException("details are " + size + " bytes once encoded; at most " + MAX_DETAILS_BYTES + " are recorded");
        }
        return copy;
    }

    /** An immutable deep copy with integers as Long and strings made well-formed; refuses what cannot be encoded. */
    private static Object copy(Object v, String path, int depth) {
        if (depth > CanonicalJson.MAX_DEPTH) {
            throw new IllegalArgumentException(path + ": nested deeper than " + CanonicalJson.MAX_DEPTH + " levels");
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new TreeMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String k)) {
                    throw new IllegalArgumentException(path + ": keys must be strings, found " + e.getKey());
                }
                String key = wellFormed(k);
                if (out.put(key, copy(e.getValue(), path + "." + key, depth + 1)) != null) {
                    throw new IllegalArgumentException(path + ": key '" + key + "' appears twice once made well-formed");
                }
            }
            return Collections.unmodifiableMap(out);
        } else if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (int i = 0; i < l.size(); i++) {
                out.add(copy(l.get(i), path + "[" + i + "]", depth + 1));
            }
            return Collections.unmodifiableList(out);
        } else if (v instanceof String s) {
            return wellFormed(s);
        } else if (v instanceof Integer || v instanceof Short || v instanceof Byte || v instanceof Long) {
            long n = ((Number) v).longValue();
            if (n > CanonicalJson.MAX_SAFE_INTEGER || n < -CanonicalJson.MAX_SAFE_INTEGER) {
                throw new IllegalArgumentException(path + ": integer " + n + " is outside +-(2^53-1); write it as a string");
            }
            return n;
        } else if (v instanceof BigInteger bi) {
            if (bi.abs().compareTo(BigInteger.valueOf(CanonicalJson.MAX_SAFE_INTEGER)) > 0) {
                throw new IllegalArgumentException(path + ": integer " + bi + " is outside +-(2^53-1); write it as a string");
            }
            return bi.longValue();
        } else if (v == null || v instanceof Boolean) {
            return v;
        } else if (v instanceof Number n) {
            throw new IllegalArgumentException(path + ": " + n + " is not an integer; audit records hold integers only (write fractions as strings)");
        }
        throw new IllegalArgumentException(path + ": a " + v.getClass().getSimpleName()
                + " cannot be recorded (use string, integer, boolean, null, list or map)");
    }

    /** Builds an {@link AuditEntry}. */
    public static final class Builder {
        private String subject;
        private String role;
        private String domain;
        private String action;
        private String object;
        private AuditResult result;
        private String source;
        private String requestId;
        private final Map<String, Object> details = new TreeMap<>();

        private Builder() {
        }

        public Builder subject(String subject) {
            this.subject = subject;
            return this;
        }

        public Builder role(String role) {
            this.role = role;
            return this;
        }

        public Builder domain(String domain) {
            this.domain = domain;
            return this;
        }

        public Builder action(String action) {
            this.action = action;
            return this;
        }

        public Builder object(String object) {
            this.object = object;
            return this;
        }

        public Builder result(AuditResult result) {
            this.result = result;
            return this;
        }

        public Builder source(String source) {
            this.source = source;
            return this;
        }

        public Builder requestId(String requestId) {
            this.requestId = requestId;
            return this;
        }

        /** Adds one detail (string, integer, boolean, null, list or map). */
        public Builder detail(String key, Object value) {
            this.details.put(key, value);
            return this;
        }

        public Builder details(Map<String, ?> details) {
            this.details.putAll(details);
            return this;
        }

        public AuditEntry build() {
            return new AuditEntry(subject, role, domain, action, object, result, source, requestId, details);
        }
    }
}
