package dev.hookline.core.catalog;

import java.time.Instant;

/**
 * One of a tenant's own event types in its catalog.
 *
 * @param category    a slug grouping types for {@code category:<name>} subscriptions; null when none
 * @param schemaJson  a JSON Schema for the events' {@code data} (bounded like trigger schemas); null when none
 * @param exampleJson an example of the events' {@code data}; null when none
 * @param deprecated  still publishable, but publishers and subscribers are told to move on
 */
public record EventType(String tenantId, String name, String category, String description, String schemaJson,
                        String exampleJson, boolean deprecated, Instant createdAt, Instant updatedAt, long version) {
}
