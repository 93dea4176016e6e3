package dev.hookline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.local.testing.Eventually;
import dev.hookline.local.testing.Http;
import dev.hookline.local.testing.TestPlatform;
import dev.hookline.local.testing.TestReceiver;
import dev.hookline.local.testing.Tenants;
import dev.hookline.local.testing.WithPlatform;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/events/batch}: up to 100 events a call, a result per event, each event's own id and idempotency
 * key, and every stored event delivered exactly as a single publish's would be.
 */
@WithPlatform
class BatchPublishIT {

    @Test
    void aHundredEventsAreStoredAndEachIsDeliveredOnceWithItsExactData(TestPlatform p) throws Exception {
        try (TestReceiver receiver = new TestReceiver()) {
            Tenants t = new Tenants(p, "batch-hundred");
            t.createEndpoint("{\"url\":\"" + receiver.url("/hundred") + "\"}");
            // Each data text as a publisher might write it: spacing and escapes that a re-serialisation would change.
            List<String> data = IntStream.range(0, 100).mapToObj(i -> "{ \"n\" : " + i + ", \"s\":\"\\u00e9\" }").toList();
            String body = data.stream().map(d -> "{\"type\":\"order.paid\",\"data\":" + d + "}")
                    .collect(Collectors.joining(",", "{\"events\":[", "]}"));
            Http.Response r = p.http().post("/v1/events/batch", t.key(), body);
            assertEquals(200, r.status(), r.body());
            JsonNode answer = r.json();
            assertEquals(100, answer.get("accepted").asInt());
            assertEquals(0, answer.get("failed").asInt());
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < 100; i++) {
                JsonNode item = answer.get("results").get(i);
                assertEquals(i, item.get("index").asInt());
                assertEquals(202, item.get("status").asInt());
                assertEquals(1, item.get("deliveries").asInt());
                ids.add(item.get("id").asText());
            }
            assertEquals(100, ids.size(), "every event has its own id");

            Eventually.poll(Duration.ofSeconds(60), () -> receiver.received().size(), n -> n >= 100);
            Map<String, List<TestReceiver.Received>> byId = receiver.received().stream()
                    .collect(Collectors.groupingBy(x -> x.headers().get("webhook-id")));
            assertEquals(ids, byId.keySet(), "each stored event reached the endpoint");
            for (int i = 0; i < 100; i++) {
                String id = answer.get("results").get(i).get("id").asText();
                JsonNode payload = new com.fasterxml.jackson.databind.ObjectMapper().readTree(byId.get(id).getFirst().body());
                assertEquals(i, payload.get("data").get("n").asInt(), "event " + i + " carries its own data");
                String raw = new String(byId.get(id).getFirst().body(), StandardCharsets.UTF_8);
                assertTrue(raw.contains(data.get(i)), "the publisher's exact text of data " + i + ": " + raw);
            }
            JsonNode stored = t.get("/v1/events/" + answer.get("results").get(0).get("id").asText()).json();
            assertEquals(0, stored.get("data").get("n").asInt(), "the stored event is readable as a single publish's");
        }
    }

    @Test
    void oneBadEventCostsOnlyItself(TestPlatform p) {
        Tenants t = new Tenants(p, "batch-mixed");
        String taken = t.publish("order.paid", "{}");
        String big = "\"" + "x".repeat(256 * 1024) + "\"";
        String body = "{\"events\":["
                + "{\"type\":\"order.paid\",\"data\":{\"ok\":1}},"                        // 0 stored
                + "{\"type\":\"not a type\",\"data\":{}},"                              // 1 invalid type
                + "{\"type\":\"endpoint.disabled\",\"data\":{}},"                       // 2 reserved type
                + "{\"type\":\"order.paid\",\"data\":{},\"id\":\"" + taken + "\"},"     // 3 id taken
                + "{\"type\":\"order.paid\",\"data\":" + big + "},"                     // 4 too large
                + "{\"type\":\"order.paid\",\"data\":{},\"colour\":\"red\"},"           // 5 unknown field
                + "7,"                                                                  // 6 not an object
                + "{\"type\":\"order.paid\",\"data\":{\"ok\":2},\"id\":\"mine-1\"}"     // 7 stored under its id
                + "]}";
        Http.Response r = p.http().post("/v1/events/batch", t.key(), body);
        assertEquals(200, r.status(), r.body());
        JsonNode results = r.json().get("results");
        assertEquals(2, r.json().get("accepted").asInt(), r.body());
        assertEquals(6, r.json().get("failed").asInt(), r.body());
        int[] expected = {202, 422, 422, 409, 413, 422, 422, 202};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], results.get(i).get("status").asInt(), "event " + i + ": " + results.get(i));
            if (expected[i] != 202) {
                assertEquals(expected[i], results.get(i).get("problem").get("status").asInt(), results.get(i).toString());
                assertFalse(results.get(i).has("id"), results.get(i).toString());
            }
        }
        assertEquals("events[5].colour", results.get(5).get("problem").get("errors").get(0).get("field").asText());
        assertEquals("mine-1", results.get(7).get("id").asText());
        assertEquals(200, t.get("/v1/events/mine-1").status());
        assertEquals(200, t.get("/v1/events/" + results.get(0).get("id").asText()).status());
    }

    @Test
    void idempotencyKeysAnswerTheFirstResultAndPublishNothingAgain(TestPlatform p) throws Exception {
        try (TestReceiver receiver = new TestReceiver()) {
            Tenants t = new Tenants(p, "batch-idem");
            t.createEndpoint("{\"url\":\"" + receiver.url("/idem") + "\"}");
            String body = "{\"events\":["
                    + "{\"type\":\"order.paid\",\"data\":{\"k\":\"a\"},\"idempotency_key\":\"key-a\"},"
                    + "{\"type\":\"order.paid\",\"data\":{\"k\":\"b\"},\"idempotency_key\":\"key-b\"},"
                    + "{\"type\":\"order.paid\",\"data\":{\"k\":\"a again\"},\"idempotency_key\":\"key-a\"}"
                    + "]}";
            JsonNode first = p.http().post("/v1/events/batch", t.key(), body).json();
            JsonNode again = p.http().post("/v1/events/batch", t.key(), body).json();
            List<String> firstIds = ids(first);
            assertEquals(3, first.get("accepted").asInt(), first.toString());
            assertEquals(firstIds.get(0), firstIds.get(2), "a key repeated within the batch answers its first result");
            assertNotEquals(firstIds.get(0), firstIds.get(1));
            assertEquals(firstIds, ids(again), "the repeated call answers the first call's results");
            // The single publish shares the keys: the same key there answers the batch's event too.
            Http.Response single = p.http().send("POST", "/v1/events", t.key(),
                    "{\"type\":\"order.paid\",\"data\":{}}", Map.of("Idempotency-Key", "key-b"));
            assertEquals(firstIds.get(1), single.json().get("id").asText());

            Eventually.poll(Duration.ofSeconds(30), () -> receiver.received().size(), n -> n >= 2);
            // A third event would have been fanned out by now if any repeat had stored one.
            Http.Response marker = p.http().post("/v1/events", t.key(), "{\"type\":\"order.paid\",\"data\":{\"last\":1}}");
            String markerId = marker.json().get("id").asText();
            Eventually.poll(Duration.ofSeconds(30), () -> receiver.received().stream()
                    .anyMatch(x -> markerId.equals(x.headers().get("webhook-id"))), Boolean::booleanValue);
            assertEquals(Set.of(firstIds.get(0), firstIds.get(1), markerId), receiver.received().stream()
                    .map(x -> x.headers().get("webhook-id")).collect(Collectors.toSet()));
            assertEquals(3, receiver.received().size(), "two keyed events and the marker, each delivered once");
        }
    }

    @Test
    void aBatchThatIsNotOneToAHundredEventsIsRefusedWhole(TestPlatform p) {
        Tenants t = new Tenants(p, "batch-refused");
        String event = "{\"type\":\"order.paid\",\"data\":{}}";
        assertProblem(p.http().post("/v1/events/batch", t.key(), "{\"events\":[]}"), 422, "events");
        assertProblem(p.http().post("/v1/events/batch", t.key(), "{\"events\":["
                + String.join(",", java.util.Collections.nCopies(101, event)) + "]}"), 422, "events");
        assertProblem(p.http().post("/v1/events/batch", t.key(), "{\"events\":{}}"), 422, "events");
        assertProblem(p.http().post("/v1/events/batch", t.key(), "{\"events\":[" + event + "],\"more\":1}"), 422, "more");
        assertProblem(p.http().send("POST", "/v1/events/batch", t.key(), "{\"events\":[" + event + "]}",
                Map.of("Idempotency-Key", "whole-call")), 422, "Idempotency-Key");
        assertEquals(400, p.http().post("/v1/events/batch", t.key(), "{\"events\":[").status());
        assertEquals(401, p.http().post("/v1/events/batch", "hl_wrong", "{\"events\":[" + event + "]}").status());
        String chunk = "{\"type\":\"order.paid\",\"data\":\"" + "x".repeat(250_000) + "\"}";
        Http.Response tooBig = p.http().post("/v1/events/batch", t.key(), "{\"events\":["
                + String.join(",", java.util.Collections.nCopies(22, chunk)) + "]}");
        assertEquals(413, tooBig.status(), tooBig.body());
        assertEquals(0, t.get("/v1/events").json().get("data").size(), "nothing of a refused batch was stored");
    }

    private static void assertProblem(Http.Response r, int status, String field) {
        assertEquals(status, r.status(), r.body());
        assertEquals("application/problem+json", r.header("content-type"));
        assertEquals(field, r.json().get("errors").get(0).get("field").asText(), r.body());
    }

    private static List<String> ids(JsonNode answer) {
        return java.util.stream.StreamSupport.stream(answer.get("results").spliterator(), false)
                .map(x -> x.get("id").asText()).toList();
    }

}
