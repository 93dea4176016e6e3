package dev.hookline.core.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An in-memory {@link AuditLog} for unit tests of the services that record (the DynamoDB one is tested on the platform). */
public final class MemoryAuditLog implements AuditLog {
    private final Map<String, AuditEntry> entries = new LinkedHashMap<>();
    /** Makes the next {@link #record} fail, as a store outage would. */
    public boolean failNextWrite;

    @Override
    public synchronized void record(AuditEntry entry) {
        if (failNextWrite) {
            failNextWrite = false;
            throw new IllegalStateException("audit store unavailable");
        }
        entries.put(entry.id(), entry);
    }

    @Override
    public synchronized void withdraw(AuditEntry entry) {
        entries.remove(entry.id());
    }

    @Override
    public synchronized Page page(String tenantId, AuditQuery query, String cursor, int limit, Instant now) {
        List<AuditEntry> out = new ArrayList<>(entries.values().stream()
                .filter(e -> e.tenantId().equals(tenantId) && query.matches(e) && e.expiresAt().isAfter(now))
                .sorted(Comparator.comparing(AuditEntry::at).reversed()).limit(limit).toList());
        return new Page(out, null);
    }

    public synchronized List<AuditEntry> all() {
        return List.copyOf(entries.values());
    }
}
