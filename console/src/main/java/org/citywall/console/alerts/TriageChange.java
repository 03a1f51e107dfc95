package org.citywall.console.alerts;

import java.util.Map;
import java.util.Set;

/**
 * A requested change of an alert's triage state: a new {@code status} (open, acknowledged,
 * in_progress, closed), a {@code resolution} and {@code reason} when closing (resolved,
 * false_positive, duplicate; the reason is required), a {@code reason} when reopening, and/or an
 * {@code assignee} ({@code ""} to unassign). {@code null} members are left as they are.
 */
public record TriageChange(String status, String resolution, String reason, String assignee) {
    public static final Set<String> RESOLUTIONS = Set.of("resolved", "false_positive", "duplicate");
    private static final Map<String, Set<String>> NEXT = Map.of(
            "open", Set.of("acknowledged", "in_progress", "closed"),
            "acknowledged", Set.of("in_progress", "closed"),
            "in_progress", Set.of("closed"),
            "closed", Set.of("open"));

    /**
     * Checks the change against the current status.
     *
     * @throws TriageException with a stable code when it is not allowed
     */
    public void checkAgainst(String current) {
        if (status == null && assignee == null) {
            throw new TriageException("empty_change", "give a status or an assignee");
        }
        if (assignee != null && !assignee.isEmpty() && !assignee.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
            throw new TriageException("invalid_assignee", "assignee must be a user name");
        }
        if (status == null) {
            if (resolution != null) {
                throw new TriageException("resolution_without_close", "a resolution is given only when closing");
            }
            return;
        }
        if (!NEXT.containsKey(status)) {
            throw new TriageException("invalid_status", "status must be open, acknowledged, in_progress or closed");
        }
        if (!NEXT.getOrDefault(current, Set.of()).contains(status)) {
            throw new TriageException("invalid_transition", "an alert that is " + current + " cannot become " + status);
        }
        boolean closing = "closed".equals(status);
        if (closing && (resolution == null || !RESOLUTIONS.contains(resolution))) {
            throw new TriageException("resolution_required", "closing needs a resolution: resolved, false_positive or duplicate");
        }
        if (!closing && resolution != null) {
            throw new TriageException("resolution_without_close", "a resolution is given only when closing");
        }
        if ((closing || "open".equals(status)) && (reason == null || reason.isBlank())) {
            throw new TriageException("reason_required", "closing or reopening needs a reason");
        }
        if (reason != null && reason.length() > 2000) {
            throw new TriageException("reason_too_long", "the reason is longer than 2000 characters");
        }
    }
}
