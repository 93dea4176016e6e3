package dev.hookline.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.local.testing.Http;
import dev.hookline.local.testing.TestPlatform;
import dev.hookline.local.testing.Tenants;
import dev.hookline.local.testing.WithPlatform;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ingest inside and at the edge of what AWS can keep: a 10,000-record array goes onto the streams queue whole, in
 * a couple of messages, in order; what could never be kept (a record over SQS's 1 MiB once normalized, trigger
 * parameters over DynamoDB's 400 KB item, a record too large to be stored as an event) is refused for good with
 * the limit named - 413/422, never 503, and the same again on a retry.
 */
@WithPlatform
class IngestLimitsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> AS_JSON = Map.of("Content-Type", "application/json");

    private static String source(TestPlatform p, Tenants t, String json) {
        Http.Response r = p.http().post("/v1/sources", t.key(), json);
        assertEquals(201, r.status(), r.body());
        String url = r.json().get("ingest_url").asText();
        return url.substring(url.indexOf("/in/"));
    }

    private static Http.Response post(TestPlatform p, String path, String body) {
        return p.http().send("POST", path, null, body, AS_JSON);
    }

    /** Every queued record of one call (by its delivery id), in the order the queue gives them, with their groups. */
    private static List<JsonNode> drainRecords(TestPlatform p, String deliveryId, int expected, List<String> messageGroups) throws Exception {
        String queue = p.platform().queueUrl("StreamsQueue");
        List<JsonNode> records = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (records.size() < expected && System.nanoTime() < deadline) {
            for (Message m : p.platform().aws().sqs().receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10)
                    .waitTimeSeconds(1).messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID)).messages()) {
                JsonNode batch = JSON.readTree(m.body());
                boolean ours = false;
                for (JsonNode r : batch.path("records")) {
                    if (deliveryId.equals(r.path("delivery_id").asText())) {
                        records.add(r);
                        ours = true;
                    }
                }
                if (ours) {
                    messageGroups.add(m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID));
                }
                p.platform().aws().sqs().deleteMessage(b -> b.queueUrl(queue).receiptHandle(m.receiptHandle()));
            }
        }
        return records;
    }

    @Test
    void aTenThousandRecordArrayIsQueuedWholeInAFewMessagesInOrder(TestPlatform p) throws Exception {
        Tenants t = new Tenants(p, "tenk");
        String path = source(p, t, "{\"name\":\"firehose\",\"mode\":\"stream\",\"verification\":{\"scheme\":\"none\"}}");
        StringBuilder array = new StringBuilder("[");
        for (int i = 0; i < 10_000; i++) {
            array.append(i == 0 ? "" : ",").append("{\"n\":").append(i).append('}');
        }
        array.append(']');
        assertTrue(array.length() > 100_000 && array.length() < 120_000, "about 109 KB: " + array.length());
        Http.Response r = post(p, path, array.toString());
        assertEquals(202, r.status(), r.body());
        assertEquals(10_000, r.json().get("records").asInt());
        String deliveryId = r.json().get("id").asText();

        List<String> groups = new ArrayList<>();
        List<JsonNode> records = drainRecords(p, deliveryId, 10_000, groups);
        assertEquals(10_000, records.size(), "every record, once");
        for (int i = 0; i < records.size(); i++) {
            assertEquals(deliveryId + ":" + i, records.get(i).get("record_id").asText(), "in order");
            assertEquals(i, records.get(i).get("payload").get("n").asInt());
        }
        // About 2 MB once every record says whose it is (tenant, source, headers): three 1 MiB messages at most.
        assertTrue(groups.size() <= 3, "packed into a few messages, not 10,000: " + groups.size());
    }

    @Test
    void aRecordThatCanNeverFitAQueueMessageIs413EveryTime(TestPlatform p) {
        Tenants t = new Tenants(p, "huge-record");
        String path = source(p, t, "{\"name\":\"big\",\"mode\":\"stream\",\"verification\":{\"scheme\":\"none\"},"
                + "\"max_body_bytes\":1048576}");
        // A large payload travels by reference (payload_ref); an envelope field (here the event id) cannot.
        String body = "{\"id\":\"" + "x".repeat(1_048_560) + "\"}"; // within max_body_bytes, not once normalized
        for (int attempt = 0; attempt < 2; attempt++) {
            Http.Response r = post(p, path, body);
            assertEquals(413, r.status(), r.body());
            assertEquals("application/problem+json", r.header("content-type"));
            assertTrue(r.json().get("detail").asText().contains("1048576"), "names the limit: " + r.body());
            assertEquals(null, r.header("retry-after"), "permanent: no Retry-After");
        }
    }

    @Test
    void triggerParametersTooLargeToStoreAre422EveryTime(TestPlatform p) {
        Tenants t = new Tenants(p, "huge-params");
        String path = source(p, t, "{\"name\":\"big\",\"mode\":\"trigger\",\"verification\":{\"scheme\":\"none\"},"
                + "\"max_body_bytes\":1048576,\"trigger\":{\"pipeline\":\"p\",\"parameters\":{\"blob\":\"/blob\"}}}");
        String body = "{\"blob\":\"" + "x".repeat(500_000) + "\"}";
        for (int attempt = 0; attempt < 2; attempt++) {
            Http.Response r = post(p, path, body);
            assertEquals(422, r.status(), r.body());
            assertTrue(r.json().get("detail").asText().contains("409600"), "names the limit: " + r.body());
        }
        assertEquals(0, t.get("/v1/runs").json().get("data").size(), "no run was kept");
    }

    @Test
    void aRecordTooLargeToBeStoredAsAnEventIs413AndNothingOfTheCallIsQueued(TestPlatform p) {
        Tenants t = new Tenants(p, "huge-event");
        String path = source(p, t, "{\"name\":\"gateway\",\"mode\":\"stream\",\"verification\":{\"scheme\":\"none\"},"
                + "\"max_body_bytes\":1048576,\"stream\":{\"publish_as_event\":\"orders.received\"}}");
        String body = "[{\"small\":1},{\"blob\":\"" + "x".repeat(500_000) + "\"}]";
        Http.Response r = post(p, path, body);
        assertEquals(413, r.status(), r.body());
        assertTrue(r.json().get("detail").asText().contains("409600"), r.body());
    }
}
