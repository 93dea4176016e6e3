package dev.hookline.core.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The store port in memory, keyed by (tenant, name) like the table; counts the round trips publishing makes. */
final class MemoryEventTypeStore implements EventTypeStore {
    final Map<String, EventType> types = new TreeMap<>();
    final Map<String, CatalogSettings> settings = new TreeMap<>();
    final AtomicInteger lookups = new AtomicInteger();

    private static String key(String tenantId, String name) {
        return tenantId + "\n" + name;
    }

    @Override
    public boolean create(EventType type) {
        return types.putIfAbsent(key(type.tenantId(), type.name()), type) == null;
    }

    @Override
    public Optional<EventType> get(String tenantId, String name) {
        return Optional.ofNullable(types.get(key(tenantId, name)));
    }

    @Override
    public List<EventType> page(String tenantId, String afterName, int limit) {
        List<EventType> out = new ArrayList<>();
        for (EventType t : types.values()) {
            if (t.tenantId().equals(tenantId) && (afterName == null || t.name().compareTo(afterName) > 0)
                    && out.size() < limit) {
                out.add(t);
            }
        }
        return out;
    }

    @Override
    public int count(String tenantId) {
        return (int) types.values().stream().filter(t -> t.tenantId().equals(tenantId)).count();
    }

    @Override
    public boolean update(EventType type) {
        EventType current = types.get(key(type.tenantId(), type.name()));
        if (current == null || current.version() != type.version()) {
            return false;
        }
        types.put(key(type.tenantId(), type.name()), new EventType(type.tenantId(), type.name(), type.category(),
                type.description(), type.schemaJson(), type.exampleJson(), type.deprecated(), type.createdAt(),
                type.updatedAt(), type.version() + 1));
        return true;
    }

    @Override
    public boolean delete(String tenantId, String name) {
        return types.remove(key(tenantId, name)) != null;
    }

    @Override
    public CatalogSettings settings(String tenantId) {
        return settings.getOrDefault(tenantId, CatalogSettings.DEFAULT);
    }

    @Override
    public void saveSettings(String tenantId, CatalogSettings value) {
        settings.put(tenantId, value);
    }

    @Override
    public Lookup lookup(String tenantId, String name) {
        lookups.incrementAndGet();
        return new Lookup(settings(tenantId), get(tenantId, name));
    }
}
