package dev.hookline.core.catalog;

import java.util.List;
import java.util.Optional;

/** Port: a tenant's event types and its catalog settings; every read and write is scoped to the tenant. */
public interface EventTypeStore {
    /** False if the tenant already has a type of that name. */
    boolean create(EventType type);

    Optional<EventType> get(String tenantId, String name);

    /** The tenant's types by name, after {@code afterName} (null: from the start). */
    List<EventType> page(String tenantId, String afterName, int limit);

    int count(String tenantId);

    /** Writes the type if its stored version is still {@code type.version()}; false otherwise. */
    boolean update(EventType type);

    boolean delete(String tenantId, String name);

    CatalogSettings settings(String tenantId);

    void saveSettings(String tenantId, CatalogSettings settings);

    /** What publishing one event needs: the settings and the type (if registered), in one round trip. */
    Lookup lookup(String tenantId, String name);

    record Lookup(CatalogSettings settings, Optional<EventType> type) {
    }
}
