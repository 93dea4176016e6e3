package dev.hookline.core.inbound.parse;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Turns parsed records into {@link NormalizedRecord}s; pure, the ids and clock come from the caller. */
public final class Normalizer {

    private Normalizer() {
    }

    /** A request that carried a single record; it gets index 0. */
    public static NormalizedRecord normalize(JsonNode record, String deliveryId, Instant receivedAt) {
        return normalize(new ParsedRecord(record, null, null), deliveryId, receivedAt, 0);
    }

    /**
     * All records of one request, in order. They share the delivery id and receipt time because they arrived
     * together: one request, one acknowledgement, one id to retry or de-duplicate by.
     */
    public static List<NormalizedRecord> normalizeAll(List<JsonNode> records, String deliveryId, Instant receivedAt) {
        return normalizeRecords(records.stream().map(r -> new ParsedRecord(r, null, null)).toList(), deliveryId,
                receivedAt);
    }

    /** As {@link #normalizeAll}, keeping each record's exact text or bytes for the consumer. */
    public static List<NormalizedRecord> normalizeRecords(List<ParsedRecord> records, String deliveryId,
                                                          Instant receivedAt) {
        List<NormalizedRecord> out = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            out.add(normalize(records.get(i), deliveryId, receivedAt, i));
        }
        return out;
    }

    private static NormalizedRecord normalize(ParsedRecord record, String deliveryId, Instant receivedAt, int index) {
        Envelope envelope = Envelope.of(record.value());
        return new NormalizedRecord(deliveryId + ":" + index, deliveryId, receivedAt, envelope.eventId(),
                envelope.type(), envelope.timestamp(), record.value(), record.text(), record.bytes());
    }
}
