package dev.hookline.core.audit;

import java.time.Instant;
import java.util.List;

/**
 * One management action as the audit log keeps it: who (an API key id, or {@code admin}), when, what
 * ({@code endpoint.updated}…), on what ({@code targetKind}/{@code targetId}) and the fields it changed, redacted.
 * {@code expiresAt} is when it leaves the log (the deployment's retention, like events).
 */
public record AuditEntry(String id, String tenantId, String actor, Instant at, String action, String targetKind,
                         String targetId, List<AuditChange> changes, Instant expiresAt) {
    public AuditEntry {
        changes = changes == null ? List.of() : List.copyOf(changes);
    }

    public AuditEntry withChanges(List<AuditChange> value) {
        return new AuditEntry(id, tenantId, actor, at, action, targetKind, targetId, value, expiresAt);
    }
}
