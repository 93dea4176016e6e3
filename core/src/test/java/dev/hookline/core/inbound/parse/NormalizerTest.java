package dev.hookline.core.inbound.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class NormalizerTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant RECEIVED = Instant.parse("2026-11-24T05:44:32.250Z");

    private static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text);
    }

    @Test
    void stripeStyleEnvelope() throws Exception {
        JsonNode record = json("{\"id\":\"evt_1\",\"type\":\"invoice.paid\",\"created\":1700000000,\"data\":{}}");
        NormalizedRecord n = Normalizer.normalize(record, "dlv_1", RECEIVED);
        assertEquals("evt_1", n.eventId());
        assertEquals("invoice.paid", n.type());
        assertEquals("2023-11-14T22:13:20Z", n.timestamp());
        assertEquals("dlv_1:0", n.recordId());
        // The payload is the record untouched, envelope fields included.
        assertSame(record, n.payload());
    }

    @Test
    void aliasesAndTheirPrecedence() throws Exception {
        Envelope e = Envelope.of(json("{\"eventId\":\"c\",\"id\":\"b\",\"event_id\":\"a\","
                + "\"eventType\":\"t4\",\"event\":\"t3\",\"event_type\":\"t2\","
                + "\"created\":1,\"time\":2,\"occurred_at\":3,\"created_at\":4}"));
        assertEquals("a", e.eventId());
        assertEquals("t2", e.type());
        assertEquals("1970-01-01T00:00:04Z", e.timestamp());

        assertEquals(new Envelope("c", "t4", "1970-01-01T00:00:01Z"),
                Envelope.of(json("{\"eventId\":\"c\",\"eventType\":\"t4\",\"created\":1}")));
        assertEquals(new Envelope("9", "t3", "2023-11-14T22:13:20Z"),
                Envelope.of(json("{\"id\":9,\"event\":\"t3\",\"occurred_at\":\"1700000000\"}")));
        assertEquals(new Envelope(null, null, "2023-11-14T22:13:20.123Z"),
                Envelope.of(json("{\"timestamp\":1700000000123}")));
    }

    @Test
    void nonScalarAliasesYieldToTheNext() throws Exception {
        // Slack's "event" is the inner event object, not a type name.
        Envelope e = Envelope.of(json("{\"event\":{\"type\":\"message\"},\"eventType\":\"event_callback\","
                + "\"id\":null,\"eventId\":\"Ev1\"}"));
        assertEquals("event_callback", e.type());
        assertEquals("Ev1", e.eventId());
    }

    @Test
    void unreadableTimestampIsNullAndStaysInThePayload() throws Exception {
        JsonNode record = json("{\"id\":\"e\",\"timestamp\":\"yesterday\"}");
        NormalizedRecord n = Normalizer.normalize(record, "dlv_1", RECEIVED);
        assertNull(n.timestamp());
        assertEquals("yesterday", n.payload().get("timestamp").textValue());
        assertEquals("{\"record_id\":\"dlv_1:0\",\"delivery_id\":\"dlv_1\",\"received_at\":\"2026-11-24T05:44:32.250Z\",\"event_id\":\"e\","
                + "\"payload\":{\"id\":\"e\",\"timestamp\":\"yesterday\"}}", n.toJson().toString());
    }

    @Test
    void unreadableTimestampFallsThroughToALaterAlias() throws Exception {
        assertEquals("2023-11-14T22:13:20Z",
                Envelope.of(json("{\"time\":\"3 days\",\"created\":1700000000}")).timestamp());
    }

    @Test
    void nonObjectRecordsHaveNoEnvelope() throws Exception {
        NormalizedRecord n = Normalizer.normalize(json("[1,2]"), "dlv_2", RECEIVED);
        assertEquals(new Envelope(null, null, null), new Envelope(n.eventId(), n.type(), n.timestamp()));
        assertEquals("{\"record_id\":\"dlv_2:0\",\"delivery_id\":\"dlv_2\",\"received_at\":\"2026-11-24T05:44:32.250Z\",\"payload\":[1,2]}",
                n.toJson().toString());
    }

    @Test
    void fullRecordJson() throws Exception {
        NormalizedRecord n = Normalizer.normalize(
                json("{\"event_id\":\"e1\",\"event_type\":\"order.created\","
                        + "\"created_at\":\"2021-04-26T17:36:27.458+02:00\",\"total\":3}"), "dlv_3", RECEIVED);
        assertEquals("{\"record_id\":\"dlv_3:0\",\"delivery_id\":\"dlv_3\",\"received_at\":\"2026-11-24T05:44:32.250Z\",\"event_id\":\"e1\","
                + "\"type\":\"order.created\",\"timestamp\":\"2021-04-26T15:36:27.458Z\",\"payload\":"
                + "{\"event_id\":\"e1\",\"event_type\":\"order.created\","
                + "\"created_at\":\"2021-04-26T17:36:27.458+02:00\",\"total\":3}}", n.toJson().toString());
    }

    @Test
    void anExpandedBatchSharesDeliveryAndReceipt() {
        byte[] body = "[{\"id\":\"a\",\"type\":\"x\"},{\"id\":\"b\",\"created\":1700000000}]"
                .getBytes(StandardCharsets.UTF_8);
        List<NormalizedRecord> records = Normalizer.normalizeAll(
                RecordParser.parse(body, "application/json", BodyFormat.AUTO), "dlv_9", RECEIVED);
        assertEquals(2, records.size());
        assertEquals(List.of("dlv_9", "dlv_9"), records.stream().map(NormalizedRecord::deliveryId).toList());
        assertEquals(List.of(RECEIVED, RECEIVED), records.stream().map(NormalizedRecord::receivedAt).toList());
        assertEquals(List.of("dlv_9:0", "dlv_9:1"), records.stream().map(NormalizedRecord::recordId).toList());
        assertEquals("a", records.get(0).eventId());
        assertEquals("x", records.get(0).type());
        assertNull(records.get(0).timestamp());
        assertEquals("b", records.get(1).eventId());
        assertNull(records.get(1).type());
        assertEquals("2023-11-14T22:13:20Z", records.get(1).timestamp());
    }
}
