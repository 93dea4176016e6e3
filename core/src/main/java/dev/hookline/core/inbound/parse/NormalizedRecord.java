package dev.hookline.core.inbound.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.core.wire.WireJson;
import java.time.Instant;
import java.util.Objects;

/**
 * One record as consumers of a stream see it: the envelope lifted to the top, the sender's record untouched in
 * {@code payload} (including the envelope fields and any timestamp we could not read, so nothing is lost).
 *
 * @param recordId     {@code <deliveryId>:<index>}, stable across replays of the same delivery, so it can key
 *                     downstream de-duplication of records that share one delivery
 * @param deliveryId   the accepted request's id; shared by all records of one request
 * @param receivedAt   when the request was accepted; shared by all records of one request
 * @param eventId      see {@link Envelope#eventId()}
 * @param type         see {@link Envelope#type()}
 * @param timestamp    see {@link Envelope#timestamp()}
 * @param payload      the record as the sender sent it
 * @param payloadText  the record's JSON text exactly as sent; null when not known or not JSON (a form)
 * @param payloadBytes the exact bytes of a record that is not JSON text (a form's body); else null
 */
public record NormalizedRecord(String recordId, String deliveryId, Instant receivedAt, String eventId, String type,
                               String timestamp, JsonNode payload, String payloadText, byte[] payloadBytes) {

    public NormalizedRecord {
        Objects.requireNonNull(deliveryId, "deliveryId");
        Objects.requireNonNull(receivedAt, "receivedAt");
        payload = payload == null ? JsonNodeFactory.instance.nullNode() : payload;
    }

    public NormalizedRecord(String recordId, String deliveryId, Instant receivedAt, String eventId, String type,
                            String timestamp, JsonNode payload) {
        this(recordId, deliveryId, receivedAt, eventId, type, timestamp, payload, null, null);
    }

    /**
     * The record as queued (one of a streams-queue message's {@code records}): {@code record_id},
     * {@code delivery_id}, {@code received_at}, {@code event_id}, {@code type}, {@code timestamp}, {@code payload},
     * absent metadata left out rather than sent as null.
     *
     * <p>{@code payload} is the sender's JSON text verbatim whenever the queue accepts it as it is (always, but for
     * raw U+FFFE/U+FFFF characters). Otherwise, and for forms, {@code payload} is the value written with escapes
     * and {@code payload_base64} carries the exact bytes: it is present exactly when the bytes of {@code payload}
     * differ from what the sender sent. Everything else is escaped ASCII, so no string can be refused by SQS.
     */
    public String toMessage() {
        StringBuilder out = new StringBuilder(64 + (payloadText == null ? 64 : payloadText.length()));
        out.append('{');
        appendEnvelope(out);
        appendPayload(out);
        return out.append('}').toString();
    }

    /**
     * The ids, times and envelope fields of {@link #toMessage()}, without braces, so a stream record can place its
     * own fields around them.
     */
    public void appendEnvelope(StringBuilder out) {
        if (recordId != null) {
            out.append("\"record_id\":").append(WireJson.quote(recordId)).append(',');
        }
        out.append("\"delivery_id\":").append(WireJson.quote(deliveryId))
                .append(",\"received_at\":").append(WireJson.quote(receivedAt.toString()));
        field(out, "event_id", eventId);
        field(out, "type", type);
        field(out, "timestamp", timestamp);
    }

    /** {@code ,"payload":…} and, when the bytes differ from it, {@code ,"payload_base64":…}. */
    public void appendPayload(StringBuilder out) {
        if (payloadText != null && WireJson.queueSafe(payloadText)) {
            out.append(",\"payload\":").append(payloadText);
        } else {
            out.append(",\"payload\":").append(WireJson.write(payload));
            byte[] exact = exactBytes();
            if (exact != null) {
                out.append(",\"payload_base64\":\"").append(WireJson.base64(exact)).append('"');
            }
        }
    }

    /** What the sender sent for this record, exactly, when known: its JSON text's bytes or a form's bytes. */
    public byte[] exactBytes() {
        return payloadBytes != null ? payloadBytes
                : payloadText != null ? payloadText.getBytes(java.nio.charset.StandardCharsets.UTF_8) : null;
    }

    /** {@link #toMessage()} as a tree. */
    public ObjectNode toJson() {
        return (ObjectNode) WireJson.read(toMessage());
    }

    private static void field(StringBuilder out, String name, String value) {
        if (value != null) {
            out.append(",\"").append(name).append("\":").append(WireJson.quote(value));
        }
    }
}
