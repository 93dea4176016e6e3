package dev.hookline.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.local.testing.Http;
import dev.hookline.local.testing.TestPlatform;
import dev.hookline.local.testing.TestReceiver;
import dev.hookline.local.testing.Tenants;
import dev.hookline.local.testing.WithPlatform;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9, item 4: whatever a sender or publisher sends - any JSON escape, lone surrogates, U+FFFF, raw non-ASCII,
 * form bytes that are not UTF-8 - is accepted and reaches the consumer (read from the queue here) and the webhook
 * receiver byte for byte. SQS refuses lone surrogates and U+FFFF, so this is what the wire codec is for.
 */
@WithPlatform
class RoundTripIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NONE = "{\"scheme\":\"none\"}";
    /** Bodies a JSON sender may send; each must come out exactly as it went in. */
    private static final List<String> JSON_BODIES = List.of(
            "{\"a\":\"\\ud800\"}",
            "{\"a\":\"\\uffff\"}",
            "{\"a\":\"\\udc00x\\ud800\",\"b\":\"\\u0000\\u001f\\\"\\\\\\/\",\"n\":1.50e+2, \"z\" : -0 }",
            "{\"raw\":\"\u00e9\u2028\uD83D\uDE00\"}",
            "{\"raw\":\"\uFFFF\uFFFE\"}");

    @Test
    void streamRecordsReachTheQueueByteForByte(TestPlatform p) throws Exception {
        Tenants t = new Tenants(p, "roundtrip-stream");
        String ingest = sourcePath(p, t, "{\"name\":\"s\",\"mode\":\"stream\",\"verification\":" + NONE
                + ",\"stream\":{\"format\":\"auto\"}}");
        List<String> ids = new ArrayList<>();
        List<byte[]> sent = new ArrayList<>();
        for (String body : JSON_BODIES) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            Http.Response r = p.http().sendBytes("POST", ingest, null, bytes, Map.of("Content-Type", "application/json"));
            assertEquals(202, r.status(), body + " -> " + r.body());
            ids.add(r.json().get("id").asText());
            sent.add(bytes);
        }
        // A form whose values are bytes that are not UTF-8: accepted, and its exact bytes travel with it.
        byte[] form = "name=%FF%FE&city=Z%C3%BCrich&name=2".getBytes(StandardCharsets.US_ASCII);
        Http.Response f = p.http().sendBytes("POST", ingest, null, form,
                Map.of("Content-Type", "application/x-www-form-urlencoded"));
        assertEquals(202, f.status(), f.body());
        ids.add(f.json().get("id").asText());
        sent.add(form);

        Map<String, JsonNode> records = readStream(p, ids);
        for (int i = 0; i < ids.size(); i++) {
            JsonNode record = records.get(ids.get(i));
            assertNotNull(record, "record of " + ids.get(i));
            assertArrayEquals(sent.get(i), exactPayload(record), "record " + i + ": " + record);
        }
        assertEquals("Z\u00fcrich", records.get(ids.getLast()).get("payload").get("city").asText());
    }

    @Test
    void triggerParametersReachTheRunsQueueIntact(TestPlatform p) throws Exception {
        Tenants t = new Tenants(p, "roundtrip-trigger");
        String ingest = sourcePath(p, t, "{\"name\":\"s\",\"mode\":\"trigger\",\"verification\":" + NONE
                + ",\"trigger\":{\"pipeline\":\"p\",\"parameters\":{\"v\":\"/v\"}}}");
        String value = "\uD800|\uFFFF|\u0000|\u00e9";
        Http.Response r = p.http().post(ingest, null, "{\"v\":\"\\ud800|\\uffff|\\u0000|\u00e9\"}");
        assertEquals(202, r.status(), r.body());
        String runId = r.json().get("id").asText();
        JsonNode message = readQueue(p, "RunsQueue", m -> runId.equals(m.path("run_id").asText()), 1).getFirst();
        assertEquals(value, message.get("parameters").get("v").textValue());
        assertEquals(value, t.get("/v1/runs/" + runId).json().get("parameters").get("v").textValue());
    }

    @Test
    void publishedDataReachesTheReceiverByteForByte(TestPlatform p) throws Exception {
        Tenants t = new Tenants(p, "roundtrip-publish");
        try (TestReceiver receiver = new TestReceiver()) {
            t.createEndpoint("{\"url\":\"" + receiver.url("/") + "\"}");
            for (String data : List.of("\"\\ud800\"", "{\"s\":\"\\uffff\\ud800\",\"n\":1.50e+2 , \"e\":\"\u00e9\"}",
                    "[ 1 , \"\uFFFF\" ]", "\"\\u0000\"")) {
                byte[] body = ("{\"type\":\"order.paid\",\"data\":" + data + "}").getBytes(StandardCharsets.UTF_8);
                Http.Response r = p.http().sendBytes("POST", "/v1/events", t.key(), body, Map.of());
                assertEquals(202, r.status(), data + " -> " + r.body());
                TestReceiver.Received got = receiver.next(Duration.ofSeconds(20));
                assertNotNull(got, "delivery of " + data);
                String text = new String(got.body(), StandardCharsets.UTF_8);
                assertTrue(text.endsWith(",\"data\":" + data + "}"), "receiver got " + text);
                assertArrayEquals((",\"data\":" + data + "}").getBytes(StandardCharsets.UTF_8),
                        java.util.Arrays.copyOfRange(got.body(), got.body().length
                                - (",\"data\":" + data + "}").getBytes(StandardCharsets.UTF_8).length, got.body().length));
                String event = t.get("/v1/events/" + r.json().get("id").asText()).body();
                assertTrue(event.contains("\"data\":" + data), event);
            }
        }
    }

    @Test
    void aStreamRecordPublishedAsAnEventReachesTheReceiverAsSent(TestPlatform p) throws IOException {
        Tenants t = new Tenants(p, "roundtrip-relay");
        try (TestReceiver receiver = new TestReceiver()) {
            t.createEndpoint("{\"url\":\"" + receiver.url("/") + "\",\"event_types\":[\"orders.*\"]}");
            String ingest = sourcePath(p, t, "{\"name\":\"s\",\"mode\":\"stream\",\"verification\":" + NONE
                    + ",\"stream\":{\"format\":\"json\",\"publish_as_event\":\"orders.received\"}}");
            String record = "{\"id\" : \"o-1\", \"note\":\"\\ud800\\uffff\"}";
            assertEquals(202, p.http().post(ingest, null, "[" + record + "]").status());
            TestReceiver.Received got = receiver.next(Duration.ofSeconds(20));
            assertNotNull(got);
            assertTrue(new String(got.body(), StandardCharsets.UTF_8).endsWith(",\"data\":" + record + "}"),
                    new String(got.body(), StandardCharsets.UTF_8));
        }
    }

    // ------------------------------------------------------------------ helpers

    private static String sourcePath(TestPlatform p, Tenants t, String json) {
        Http.Response r = p.http().post("/v1/sources", t.key(), json);
        assertEquals(201, r.status(), r.body());
        String url = r.json().get("ingest_url").asText();
        return url.substring(url.indexOf("/in/"));
    }

    /** The exact bytes of a record's payload: its base64 copy when present, else its text as it sits in the message. */
    private static byte[] exactPayload(JsonNode record) {
        if (record.has("payload_base64")) {
            return Base64.getDecoder().decode(record.get("payload_base64").asText());
        }
        String raw = record.get("_raw").asText();
        int at = raw.indexOf(",\"payload\":");
        return raw.substring(at + ",\"payload\":".length(), raw.length() - 1).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The stream records of these deliveries, each with its own text as "_raw": a streams-queue message packs the
     * records of one ordering key ({"format":…,"records":[…]}), so each record's text is cut out of the message at
     * the parser's offsets, exactly as queued.
     */
    private static Map<String, JsonNode> readStream(TestPlatform p, List<String> deliveryIds) {
        Map<String, JsonNode> out = new java.util.HashMap<>();
        String queue = p.platform().queueUrl("StreamsQueue");
        Instant end = Instant.now().plusSeconds(20);
        while (out.size() < deliveryIds.size() && Instant.now().isBefore(end)) {
            for (Message m : p.platform().aws().sqs().receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10)
                    .waitTimeSeconds(1).visibilityTimeout(0)).messages()) {
                boolean mine = false;
                for (String raw : recordTexts(m.body())) {
                    JsonNode record;
                    try {
                        record = JSON.readTree(raw);
                    } catch (IOException e) {
                        throw new AssertionError("a record that is not JSON: " + raw, e);
                    }
                    if (deliveryIds.contains(record.path("delivery_id").asText())) {
                        ((com.fasterxml.jackson.databind.node.ObjectNode) record).put("_raw", raw);
                        out.put(record.get("delivery_id").asText(), record);
                        mine = true;
                    }
                }
                if (mine) {
                    p.platform().aws().sqs().deleteMessage(b -> b.queueUrl(queue).receiptHandle(m.receiptHandle()));
                }
            }
        }
        assertEquals(deliveryIds.size(), out.size(), "records found on StreamsQueue");
        return out;
    }

    /** The text of each record of a streams-queue message, as it stands in the message. */
    private static List<String> recordTexts(String message) {
        List<String> texts = new ArrayList<>();
        try (com.fasterxml.jackson.core.JsonParser parser = JSON.getFactory().createParser(message)) {
            parser.nextToken();
            while (parser.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if (!"records".equals(field)) {
                    parser.skipChildren();
                    continue;
                }
                while (parser.nextToken() == com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                    int from = (int) parser.currentTokenLocation().getCharOffset();
                    parser.skipChildren();
                    int to = (int) parser.currentLocation().getCharOffset();
                    texts.add(message.substring(from, to));
                }
            }
        } catch (IOException e) {
            throw new AssertionError("not a streams-queue message: " + message, e);
        }
        return texts;
    }

    /** Messages of a queue that match, until {@code want} of them or 20 s; others are left for their tests. */
    private static List<JsonNode> readQueue(TestPlatform p, String queueId, java.util.function.Predicate<JsonNode> mine,
                                            int want) {
        String queue = p.platform().queueUrl(queueId);
        List<JsonNode> found = new ArrayList<>();
        Instant end = Instant.now().plusSeconds(20);
        while (found.size() < want && Instant.now().isBefore(end)) {
            for (Message m : p.platform().aws().sqs().receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10)
                    .waitTimeSeconds(1).visibilityTimeout(0)).messages()) {
                JsonNode body;
                try {
                    body = JSON.readTree(m.body());
                } catch (IOException e) {
                    throw new AssertionError("not JSON on " + queueId + ": " + m.body(), e);
                }
                if (mine.test(body)) {
                    ((com.fasterxml.jackson.databind.node.ObjectNode) body).put("_raw", m.body());
                    found.add(body);
                    p.platform().aws().sqs().deleteMessage(b -> b.queueUrl(queue).receiptHandle(m.receiptHandle()));
                }
            }
        }
        assertEquals(want, found.size(), "messages found on " + queueId);
        return found;
    }
}
