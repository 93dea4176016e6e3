package dev.hookline.core.audit;

import java.time.Instant;

/** Filters of {@code GET /v1/audit-log}; a null field does not filter. {@code from} inclusive, {@code to} exclusive. */
public record AuditQuery(String action, String targetKind, String targetId, String actor, Instant from, Instant to) {
    public static final AuditQuery ALL = new AuditQuery(null, null, null, null, null, null);

    /** Whether an entry passes every filter (the store filters the same way; this is the rule's one spelling). */
    public boolean matches(AuditEntry e) {
        return (action == null || action.equals(e.action()))
                && (targetKind == null || targetKind.equals(e.targetKind()))
                && (targetId == null || targetId.equals(e.targetId()))
                && (actor == null || actor.equals(e.actor()))
                && (from == null || !e.at().isBefore(from))
                && (to == null || e.at().isBefore(to));
    }
}
