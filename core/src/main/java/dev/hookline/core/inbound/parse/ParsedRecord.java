package dev.hookline.core.inbound.parse;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One record of an ingest body: its value, for routing and envelope fields, and what the sender sent for it,
 * exactly, for the consumer.
 *
 * @param value the record as JSON (a form's fields as an object of strings)
 * @param text  the record's JSON text exactly as sent; null for a form, which is not JSON
 * @param bytes for a form, the body exactly as sent (its values may be bytes that are not UTF-8); else null
 * @param files a multipart body's file parts (stored as attachments, referenced from the record); else empty
 */
public record ParsedRecord(JsonNode value, String text, byte[] bytes, java.util.List<FilePart> files) {
    public ParsedRecord {
        files = files == null ? java.util.List.of() : java.util.List.copyOf(files);
    }

    public ParsedRecord(JsonNode value, String text, byte[] bytes) {
        this(value, text, bytes, null);
    }

    public static ParsedRecord json(JsonNode value, String text) {
        return new ParsedRecord(value, text, null);
    }

    public static ParsedRecord form(JsonNode value, byte[] body) {
        return new ParsedRecord(value, null, body);
    }

    /** A multipart body: its text fields as the value, its files beside. */
    public static ParsedRecord multipart(JsonNode fields, java.util.List<FilePart> files) {
        return new ParsedRecord(fields, null, null, files);
    }
}
