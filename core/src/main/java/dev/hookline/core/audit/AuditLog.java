package dev.hookline.core.audit;

import java.time.Instant;
import java.util.List;

/** Port: where audit entries are kept, per tenant, newest first, until they expire. */
public interface AuditLog {
    /** Writes the entry; writing the same id again replaces it (a retried change records its last diff). */
    void record(AuditEntry entry);

    /** Removes an entry whose change did not happen (see {@link AuditTrail}). */
    void withdraw(AuditEntry entry);

    /**
     * The tenant's entries matching {@code query}, newest first, unexpired at {@code now}, after {@code cursor}
     * (null: from the newest). A page may hold fewer than {@code limit} entries while {@code nextCursor} is not null:
     * the store examines a bounded number of entries per call.
     */
    Page page(String tenantId, AuditQuery query, String cursor, int limit, Instant now);

    record Page(List<AuditEntry> entries, String nextCursor) {
        public Page {
            entries = List.copyOf(entries);
        }
    }
}
