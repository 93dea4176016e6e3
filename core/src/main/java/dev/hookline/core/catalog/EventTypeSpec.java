package dev.hookline.core.catalog;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The settable fields of an event type, as a create or patch request gives them; null is "not given" (none on
 * create, unchanged on patch). A schema is removed by setting it to {@code true}, the schema every value meets.
 */
public record EventTypeSpec(String name, String category, String description, JsonNode schema, JsonNode example,
                            Boolean deprecated) {
}
