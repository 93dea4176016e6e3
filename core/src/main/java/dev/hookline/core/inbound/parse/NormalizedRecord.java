package dev.hookline.core.inbound.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/**
 * One record as consumers of a stream see it: the envelope lifted to the top, the sender's record untouched in
 * {@code payload} (including the envelope fields and any timestamp we could not read, so nothing is lost).
 *
 * @param recordId   {@code <deliveryId>:<index>}, stable across replays of the same delivery, so it can key
 *                   downstream de-duplication of records that share one delivery
 * @param deliveryId the accepted request's id; shared by all records of one request
 * @param receivedAt when the request was accepted; shared by all records of one request
 * @param eventId    see {@link Envelope#eventId()}
 * @param type       see {@link Envelope#type()}
 * @param timestamp  see {@link Envelope#timestamp()}
 * @param payload    the record as the sender sent it
 */
public record NormalizedRecord(String recordId, String deliveryId, Instant receivedAt, String eventId, String type,
                               String timestamp, JsonNode payload) {

    public NormalizedRecord {
        Objects.requireNonNull(deliveryId, "deliveryId");
        Objects.requireNonNull(receivedAt, "receivedAt");
        payload = payload == null ? JsonNodeFactory.instance.nullNode() : payload;
    }

    /**
     * The record as queued (one of a streams-queue message's {@code records}): {@code record_id},
     * {@code delivery_id}, {@code received_at}, {@code event_id}, {@code type}, {@code timestamp}, {@code payload},
     * absent metadata left out rather than sent as null.
     */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("record_id", recordId);
        json.put("delivery_id", deliveryId);
        json.put("received_at", receivedAt.toString());
        putIfPresent(json, "event_id", eventId);
        putIfPresent(json, "type", type);
        putIfPresent(json, "timestamp", timestamp);
        json.set("payload", payload);
        return json;
    }

    private static void putIfPresent(ObjectNode json, String name, String value) {
        if (value != null) {
            json.put(name, value);
        }
    }
}
