package dev.hookline.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.local.testing.Eventually;
import dev.hookline.local.testing.Http;
import dev.hookline.local.testing.TestPlatform;
import dev.hookline.local.testing.TestReceiver;
import dev.hookline.local.testing.TestReceiver.Answer;
import dev.hookline.local.testing.TestReceiver.Received;
import dev.hookline.local.testing.Tenants;
import dev.hookline.local.testing.WithPlatform;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bulk recovery after a receiver's outage: recover since a time, list dead letters, redrive them. */
@WithPlatform
class RecoveryIT {
    private static final String FAST_DEATH =
            "\"retry\":{\"initial_backoff_s\":1,\"multiplier\":1,\"max_attempts\":2,\"max_backoff_s\":1}";

    private volatile int answer = 500;
    @AutoClose
    private final TestReceiver receiver = TestReceiver.open().otherwise(() -> Answer.status(answer));

    /** Only the test's own events: Hookline's operational events (endpoint.*, delivery.*) would add sends. */
    private static String endpointJson(String url) {
        return "{\"url\":\"" + url + "\",\"event_types\":[\"order.created\"]," + FAST_DEATH + "}";
    }

    /** Publishes {@code n} events to the tenant (every endpoint gets each) and returns their message ids. */
    private static List<String> publish(Tenants t, int n) {
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            messages.add(t.publish("order.created", "{\"n\":" + i + "}"));
        }
        return messages;
    }

    private static List<String> awaitDeadLettered(Tenants t, List<String> messages, String endpointId) {
        List<String> deliveries = new ArrayList<>();
        for (String m : messages) {
            String dlv = t.deliveryOf(m, endpointId);
            t.awaitStatus(dlv, "dead_lettered", Duration.ofSeconds(30));
            deliveries.add(dlv);
        }
        return deliveries;
    }

    private static Map<String, Integer> requestsPerMessage(TestReceiver r) {
        Map<String, Integer> counts = new HashMap<>();
        for (Received got : r.received()) {
            counts.merge(got.header("webhook-id"), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void recoverSendsAgainWhatGaveUpSinceATimeExactlyOnce(TestPlatform p) {
        Tenants t = new Tenants(p, "recover");
        String ep = t.createEndpoint(endpointJson(receiver.url("/"))).get("id").asText();
        Instant before = p.clock().instant().minusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
        List<String> messages = publish(t, 3);
        List<String> deliveries = awaitDeadLettered(t, messages, ep);

        Http.Response listed = t.get("/v1/endpoints/" + ep + "/dead-letters");
        assertEquals(200, listed.status(), listed.body());
        JsonNode data = listed.json().get("data");
        assertEquals(3, data.size(), listed.body());
        Set<String> listedIds = new HashSet<>();
        for (JsonNode d : data) {
            listedIds.add(d.get("delivery_id").asText());
            assertTrue(messages.contains(d.get("message_id").asText()), d.toString());
            assertEquals("order.created", d.get("event_type").asText());
            assertEquals(2, d.get("attempts").asInt(), d.toString());
            assertFalse(d.path("reason").asText().isBlank(), "a reason: " + d);
            Instant.parse(d.get("dead_lettered_at").asText());
        }
        assertEquals(Set.copyOf(deliveries), listedIds);
        assertTrue(listed.json().has("next_cursor"));
        assertTrue(listed.json().get("next_cursor").isNull());

        Map<String, Integer> beforeRecovery = requestsPerMessage(receiver);
        messages.forEach(m -> assertEquals(2, beforeRecovery.get(m), "two attempts each before recovery"));
        answer = 200;

        String body = "{\"since\":\"" + before + "\"}";
        Http.Response first = t.send("POST", "/v1/endpoints/" + ep + "/recover", body);
        assertEquals(202, first.status(), first.body());
        assertEquals(3, first.json().get("requeued").asInt(), first.body());
        Http.Response again = t.send("POST", "/v1/endpoints/" + ep + "/recover", body);
        assertEquals(202, again.status(), again.body());
        assertEquals(0, again.json().get("requeued").asInt(), "nothing new to queue right away: " + again.body());

        deliveries.forEach(d -> t.awaitStatus(d, "succeeded", Duration.ofSeconds(20)));
        settle(p);
        Map<String, Integer> after = requestsPerMessage(receiver);
        messages.forEach(m -> assertEquals(3, after.get(m), "exactly one more request for " + m));
        assertEquals(0, t.get("/v1/endpoints/" + ep + "/dead-letters").json().get("data").size());
    }

    /**
     * Waits (bounded) until no delivery work is visible or in flight on the delivery queues (recovery and redrive
     * requeue there without a delay), so a stray send of this test (there must be none) has been made before the
     * counting. The platform is shared with other test classes, whose retries may sit on the same queues: the wait
     * ends at its bound rather than failing, and the counts asserted afterwards are what decide.
     */
    private static void settle(TestPlatform p) {
        List<String> queues = List.of("DeliveryQueue", "DeliverySlowQueue").stream()
                .map(p.platform()::queueUrl).toList();
        Eventually.poll(Duration.ofSeconds(10), () -> queues.stream().mapToLong(q -> pending(p, q)).sum(), n -> n == 0);
    }

    private static long pending(TestPlatform p, String queueUrl) {
        Map<QueueAttributeName, String> a = p.platform().aws().sqs().getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return a.values().stream().mapToLong(Long::parseLong).sum();
    }

    @Test
    void redriveTouchesOnlyTheNamedEndpointsDeadLetters(TestPlatform p) throws Exception {
        try (TestReceiver other = new TestReceiver().otherwise(() -> Answer.status(500))) {
            Tenants t = new Tenants(p, "redrive");
            String ep = t.createEndpoint(endpointJson(receiver.url("/"))).get("id").asText();
            String ep2 = t.createEndpoint(endpointJson(other.url("/"))).get("id").asText();
            List<String> messages = publish(t, 2);
            List<String> mine = awaitDeadLettered(t, messages, ep);
            List<String> theirs = awaitDeadLettered(t, messages, ep2);
            answer = 200;

            Http.Response redriven = t.send("POST", "/v1/endpoints/" + ep + "/dead-letters/redrive", null);
            assertEquals(202, redriven.status(), redriven.body());
            assertEquals(2, redriven.json().get("requeued").asInt(), redriven.body());
            mine.forEach(d -> t.awaitStatus(d, "succeeded", Duration.ofSeconds(20)));

            int otherRequests = other.received().size();
            settle(p);
            assertEquals(otherRequests, other.received().size(), "the other endpoint got nothing new");
            theirs.forEach(d -> assertEquals("dead_lettered", t.delivery(d).get("status").asText()));
            assertEquals(2, t.get("/v1/endpoints/" + ep2 + "/dead-letters").json().get("data").size());
            assertEquals(0, t.send("POST", "/v1/endpoints/" + ep + "/dead-letters/redrive", null)
                    .json().get("requeued").asInt(), "nothing left to redrive");
        }
    }

    @Test
    void deadLettersArePaginated(TestPlatform p) {
        Tenants t = new Tenants(p, "dl-pages");
        String ep = t.createEndpoint(endpointJson(receiver.url("/"))).get("id").asText();
        List<String> messages = publish(t, 3);
        awaitDeadLettered(t, messages, ep);
        List<String> seen = new ArrayList<>();
        Http.Response page = t.get("/v1/endpoints/" + ep + "/dead-letters?limit=2");
        assertEquals(200, page.status(), page.body());
        assertEquals(2, page.json().get("data").size());
        page.json().get("data").forEach(d -> seen.add(d.get("message_id").asText()));
        String cursor = page.json().get("next_cursor").asText();
        Http.Response rest = t.get("/v1/endpoints/" + ep + "/dead-letters?limit=2&cursor=" + cursor);
        assertEquals(200, rest.status(), rest.body());
        rest.json().get("data").forEach(d -> seen.add(d.get("message_id").asText()));
        assertTrue(rest.json().get("next_cursor").isNull());
        assertEquals(3, seen.size(), seen.toString());
        assertEquals(Set.copyOf(messages), Set.copyOf(seen), "every dead letter once across the pages");
        assertEquals(422, t.get("/v1/endpoints/" + ep + "/dead-letters?limit=0").status());
    }

    @Test
    void anotherTenantsEndpointIs404OnEveryRecoveryRoute(TestPlatform p) {
        Tenants a = new Tenants(p, "recovery-owner");
        Tenants b = new Tenants(p, "recovery-intruder");
        String ep = a.createEndpoint(endpointJson(receiver.url("/"))).get("id").asText();
        List<String> deliveries = awaitDeadLettered(a, publish(a, 1), ep);
        int requests = receiver.received().size();
        String since = "{\"since\":\"" + p.clock().instant().minusSeconds(3600) + "\"}";

        assertEquals(404, b.send("POST", "/v1/endpoints/" + ep + "/recover", since).status());
        assertEquals(404, b.get("/v1/endpoints/" + ep + "/dead-letters").status());
        assertEquals(404, b.send("POST", "/v1/endpoints/" + ep + "/dead-letters/redrive", null).status());
        assertEquals(404, a.send("POST", "/v1/endpoints/ep_doesnotexist/recover", since).status());

        settle(p);
        assertEquals(requests, receiver.received().size(), "the intruder re-queued nothing");
        assertEquals("dead_lettered", a.delivery(deliveries.getFirst()).get("status").asText());
        assertEquals(1, a.get("/v1/endpoints/" + ep + "/dead-letters").json().get("data").size());
    }

    @Test
    void sinceMustBeAPastRfc3339TimeWithinTheRetention(TestPlatform p) {
        Tenants t = new Tenants(p, "recover-since");
        String ep = t.createEndpoint(endpointJson(receiver.url("/"))).get("id").asText();
        String path = "/v1/endpoints/" + ep + "/recover";
        Instant now = p.clock().instant();
        for (String body : List.of("{\"since\":\"" + now.plus(Duration.ofHours(1)) + "\"}",
                "{\"since\":\"yesterday\"}", "{\"since\":\"2025-01-31 12:00\"}", "{}",
                "{\"since\":\"" + now.minus(Duration.ofDays(400)) + "\"}")) {
            Http.Response r = t.send("POST", path, body);
            assertEquals(422, r.status(), body + " -> " + r.body());
            assertEquals("application/problem+json", r.header("content-type"));
            assertEquals("since", r.json().get("errors").get(0).get("field").asText(), r.body());
        }
        Http.Response withOffset = t.send("POST", path, "{\"since\":\"" + now.minusSeconds(60).atOffset(
                java.time.ZoneOffset.ofHours(2)) + "\"}");
        assertEquals(202, withOffset.status(), withOffset.body());
        assertEquals(0, withOffset.json().get("requeued").asInt());
    }
}
