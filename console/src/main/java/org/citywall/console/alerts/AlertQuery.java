package org.citywall.console.alerts;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The alert queue's filters, sort and page, parsed and checked from query parameters:
 * {@code status}, {@code level}, {@code rule}, {@code domain}, {@code tactic} (each comma-separated
 * for several values), {@code assignee} ({@code none} for unassigned), {@code from}/{@code to}
 * (ISO-8601 instants on {@code @timestamp}), {@code q} (free text), {@code sort} (a field, {@code -}
 * in front for descending; default {@code -@timestamp}), {@code page} (from 1) and {@code size} (1-200).
 */
public record AlertQuery(List<String> statuses, List<String> levels, List<String> rules, List<String> domains,
                         List<String> tactics, String assignee, Instant from, Instant to, String text,
                         String sortField, boolean descending, int page, int size) {

    /** Fields the queue may be sorted by. */
    public static final Set<String> SORTABLE = Set.of("@timestamp", "first_seen", "last_seen", "updated_at", "level",
            "status", "rule_id", "domain", "count", "assignee");
    public static final Set<String> STATUSES = Set.of("open", "acknowledged", "in_progress", "closed");
    public static final Set<String> LEVELS = Set.of("informational", "low", "medium", "high", "critical");
    /** Elasticsearch's default window for from+size paging. */
    static final int MAX_WINDOW = 10_000;

    /**
     * Parses the parameters; {@code param} returns the first value of a parameter or {@code null}.
     *
     * @throws IllegalArgumentException with a message naming the parameter when a value is invalid
     */
    public static AlertQuery parse(Function<String, String> param) {
        List<String> statuses = list(param.apply("status"));
        for (String s : statuses) {
            if (!STATUSES.contains(s)) {
                throw new IllegalArgumentException("status '" + s + "' is not one of " + STATUSES);
            }
        }
        List<String> levels = list(param.apply("level"));
        for (String l : levels) {
            if (!LEVELS.contains(l)) {
                throw new IllegalArgumentException("level '" + l + "' is not one of " + LEVELS);
            }
        }
        String sort = param.apply("sort");
        if (sort == null || sort.isBlank()) {
            sort = "-@timestamp";
        }
        boolean desc = sort.startsWith("-");
        String field = desc ? sort.substring(1) : sort;
        if (!SORTABLE.contains(field)) {
            throw new IllegalArgumentException("sort field '" + field + "' is not one of " + SORTABLE);
        }
        int page = integer(param.apply("page"), "page", 1, 1, MAX_WINDOW);
        int size = integer(param.apply("size"), "size", 50, 1, 200);
        if ((long) page * size > MAX_WINDOW) {
            throw new IllegalArgumentException("page * size must be at most " + MAX_WINDOW + "; narrow the filters");
        }
        Instant from = instant(param.apply("from"), "from");
        Instant to = instant(param.apply("to"), "to");
        String q = param.apply("q");
        if (q != null && q.length() > 512) {
            throw new IllegalArgumentException("q is longer than 512 characters");
        }
        return new AlertQuery(statuses, levels, list(param.apply("rule")), list(param.apply("domain")),
                list(param.apply("tactic")), blankToNull(param.apply("assignee")), from, to, blankToNull(q),
                field, desc, page, size);
    }

    /** The same query from a map of parameters. */
    public static AlertQuery parse(Map<String, String> params) {
        return parse(params::get);
    }

    private static List<String> list(String v) {
        if (v == null || v.isBlank()) {
            return List.of();
        }
        return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
    }

    private static int integer(String v, String name, int dflt, int min, int max) {
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) {
                throw new IllegalArgumentException(name + " must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer");
        }
    }

    private static Instant instant(String v, String name) {
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(v.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 instant such as 2026-01-31T08:00:00Z");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
