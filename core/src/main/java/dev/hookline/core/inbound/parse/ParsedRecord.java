package dev.hookline.core.inbound.parse;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One record of an ingest body: its value, for routing and envelope fields, and what the sender sent for it,
 * exactly, for the consumer.
 *
 * @param value the record as JSON (a form's fields as an object of strings)
 * @param text  the record's JSON text exactly as sent; null for a form, which is not JSON
 * @param bytes for a form, the body exactly as sent (its values may be bytes that are not UTF-8); else null
 */
public record ParsedRecord(JsonNode value, String text, byte[] bytes) {
    public static ParsedRecord json(JsonNode value, String text) {
        return new ParsedRecord(value, text, null);
    }

    public static ParsedRecord form(JsonNode value, byte[] body) {
        return new ParsedRecord(value, null, body);
    }
}
