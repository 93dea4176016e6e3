package dev.hookline.core.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.wire.WireJson;

/**
 * One event type Hookline publishes.
 *
 * @param exampleJson an example of the event's {@code data}, a JSON object
 * @param operational delivered only to endpoints that name it (see {@code PlatformEvents})
 */
public record PlatformEventType(String type, String description, String exampleJson, boolean operational) {

    /** The example parsed (a fresh tree on each call). */
    public JsonNode example() {
        return WireJson.read(exampleJson);
    }
}
