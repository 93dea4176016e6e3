package dev.hookline.core.inbound.parse;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * The few fields almost every webhook carries under one of a handful of names (Stripe {@code id}/{@code type}/
 * {@code created}, GitHub-style {@code event}, CloudEvents-like {@code time}, …), lifted out so consumers can route
 * and order without knowing the sender.
 *
 * @param eventId   the sender's id for the event, as text; null when absent
 * @param type      the event type; null when absent
 * @param timestamp when it happened, UTC RFC 3339; null when absent or not a time we can place
 */
public record Envelope(String eventId, String type, String timestamp) {

    /** Alias order is precedence: the most specific name first, so {@code event_id} beats a generic {@code id}. */
    public static final List<String> EVENT_ID_FIELDS = List.of("event_id", "id", "eventId");
    public static final List<String> TYPE_FIELDS = List.of("type", "event_type", "event", "eventType");
    public static final List<String> TIMESTAMP_FIELDS =
            List.of("timestamp", "created_at", "occurred_at", "time", "created");

    private static final Envelope NONE = new Envelope(null, null, null);

    /** Reads the envelope of a record; anything that is not a JSON object has none. */
    public static Envelope of(JsonNode record) {
        if (record == null || !record.isObject()) {
            return NONE;
        }
        return new Envelope(firstScalar(record, EVENT_ID_FIELDS), firstScalar(record, TYPE_FIELDS),
                firstTimestamp(record));
    }

    /**
     * Objects and arrays are skipped rather than stringified: Slack's {@code event} is the whole inner event, not a
     * type name, and the next alias may still hold the real one.
     */
    private static String firstScalar(JsonNode record, List<String> names) {
        for (String name : names) {
            JsonNode value = record.get(name);
            if (value != null && value.isValueNode() && !value.isNull()) {
                String text = value.asText();
                if (!text.isBlank()) {
                    return text;
                }
            }
        }
        return null;
    }

    /** A field that is present but is not a time (a duration called {@code time}, say) yields to the next alias. */
    private static String firstTimestamp(JsonNode record) {
        for (String name : TIMESTAMP_FIELDS) {
            Optional<String> normalized = Timestamps.normalize(record.get(name));
            if (normalized.isPresent()) {
                return normalized.get();
            }
        }
        return null;
    }
}
