package dev.hookline.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.core.delivery.Delivery;
import dev.hookline.core.delivery.DeliveryStatus;
import dev.hookline.core.delivery.Message;
import dev.hookline.infrastructure.dynamo.DynamoDeliveryStore;
import dev.hookline.infrastructure.dynamo.DynamoMessageStore;
import dev.hookline.local.testing.AdjustableClock;
import dev.hookline.local.testing.Eventually;
import dev.hookline.local.testing.FastTemplate;
import dev.hookline.local.testing.Http;
import dev.hookline.local.testing.TestPlatform;
import dev.hookline.local.testing.TestReceiver;
import dev.hookline.local.testing.TestReceiver.Answer;
import dev.hookline.local.testing.Tenants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scheduler's reconciler on a platform of its own, whose delivery queue runs on a test clock (FastTemplate:
 * 2 s visibility, DLQ after 2 receives, 3 s grace) and whose scheduler ticks twice a second: a delivery whose
 * queue message was lost is sent, once; one whose message keeps dying on the worker ends dead-lettered with the
 * reason instead of pending forever; a retry that waits beyond an SQS delay is queued when due.
 */
class ReconcilerIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static TestPlatform p;

    @BeforeAll
    static void start() throws Exception {
        AdjustableClock clock = new AdjustableClock();
        LocalPlatform platform = LocalPlatform.start(LocalOptions.defaults().withTemplate(FastTemplate.write(dir))
                .withPort(0).withClock(clock).withNamePrefix("hookline-recon-").withSchedulePeriod(Duration.ofMillis(500)));
        p = TestPlatform.of(platform, clock);
    }

    @AfterAll
    static void stop() {
        if (p != null) {
            p.close();
        }
    }

    private static DynamoDeliveryStore deliveries() {
        return new DynamoDeliveryStore(p.platform().aws().dynamo(), p.platform().tableName("DeliveriesTable"));
    }

    /** A message the fan-out will never see (stored for a year ahead) and a delivery of it whose queue send was lost. */
    private static String lostDelivery(Tenants t, String endpointId, String tag) {
        Instant now = p.clock().instant();
        String messageId = "msg_lost_" + tag + System.nanoTime();
        new DynamoMessageStore(p.platform().aws().dynamo(), p.platform().tableName("DeliveriesTable")).createScheduled(
                new Message(messageId, t.id(), "order.created", "{\"tag\":\"" + tag + "\"}", now.plus(Duration.ofDays(365)),
                        now.plus(Duration.ofDays(400))));
        String deliveryId = "dlv_lost_" + tag + System.nanoTime();
        deliveries().createOnce(new Delivery(deliveryId, t.id(), messageId, endpointId, "order.created",
                DeliveryStatus.PENDING, 0, now, false, null, now, now, now.plus(Duration.ofDays(30))));
        return deliveryId;
    }

    @Test
    void aDeliveryWhoseQueueMessageWasLostIsSentOnceAfterTheGrace() throws Exception {
        try (TestReceiver receiver = new TestReceiver()) {
            Tenants t = new Tenants(p, "lost");
            String endpoint = t.createEndpoint("{\"url\":\"" + receiver.url("/") + "\",\"event_types\":[\"order.*\"]}")
                    .get("id").asText();
            String delivery = lostDelivery(t, endpoint, "once");
            TestReceiver.Received got = receiver.next(Duration.ofSeconds(30));
            assertNotNull(got, "the reconciler found the delivery nobody queued");
            assertTrue(new String(got.body()).contains("\"tag\":\"once\""));
            JsonNode d = Eventually.poll(Duration.ofSeconds(10), () -> t.delivery(delivery), n -> "succeeded".equals(n.get("status").asText()));
            assertEquals("succeeded", d.get("status").asText());
            Thread.sleep(5_000); // beyond the grace again: a success is owed nothing and is never sent twice
            assertEquals(1, receiver.received().size(), "sent once");
        }
    }

    @Test
    void aDeliveryWhoseMessageKeepsDyingOnTheWorkerEndsDeadLetteredWithTheReason() throws Exception {
        try (TestReceiver receiver = new TestReceiver()) {
            Tenants t = new Tenants(p, "poison");
            String endpoint = t.createEndpoint("{\"url\":\"" + receiver.url("/") + "\",\"event_types\":[\"order.*\"]}")
                    .get("id").asText();
            corruptSecret(t.id(), endpoint); // the worker cannot sign for it: every attempt dies before it starts
            String delivery = lostDelivery(t, endpoint, "poison");
            JsonNode d = Eventually.poll(Duration.ofSeconds(90), () -> t.delivery(delivery),
                    n -> "dead_lettered".equals(n.get("status").asText()));
            assertEquals("dead_lettered", d.get("status").asText(), d.toString());
            assertTrue(d.get("last_error").asText().contains("re-queued 3 times"), d.toString());
            assertEquals(0, d.get("attempt_count").asInt(), "no attempt was ever recorded");
            assertTrue(receiver.received().isEmpty(), "nothing was sent");

            List<JsonNode> deadLetters = drain(p.platform().queueUrl("DeliveryDLQ"), delivery);
            assertTrue(deadLetters.stream().anyMatch(r -> "delivery.dead_lettered".equals(r.path("kind").asText())
                    && r.path("reason").asText().contains("re-queued")), "the DLQ holds the reason: " + deadLetters);
            Thread.sleep(5_000);
            assertEquals("dead_lettered", t.delivery(delivery).get("status").asText(), "and it stays so");
        }
    }

    @Test
    void aRetryWaitingBeyondAnSqsDelayIsQueuedWhenItComesDue() throws Exception {
        try (TestReceiver receiver = new TestReceiver()) {
            receiver.then(Answer.status(503).withHeader("Retry-After", "3600"), Answer.status(200));
            Tenants t = new Tenants(p, "waiting");
            String endpoint = t.createEndpoint("{\"url\":\"" + receiver.url("/") + "\",\"event_types\":[\"order.*\"]}")
                    .get("id").asText();
            String message = t.publish("order.created", "{\"n\":1}");
            String delivery = t.deliveryOf(message, endpoint);
            JsonNode retrying = Eventually.poll(Duration.ofSeconds(20), () -> t.delivery(delivery),
                    n -> "retrying".equals(n.get("status").asText()));
            assertEquals("retrying", retrying.get("status").asText());
            Thread.sleep(3_000);
            assertEquals(1, receiver.received().size(), "nothing before its time");
            p.clock().advance(Duration.ofMinutes(61));
            try {
                JsonNode done = Eventually.poll(Duration.ofSeconds(20), () -> t.delivery(delivery),
                        n -> "succeeded".equals(n.get("status").asText()));
                assertEquals("succeeded", done.get("status").asText(), done.toString());
                assertEquals(2, receiver.received().size());
            } finally {
                p.clock().reset();
            }
        }
    }

    /**
     * A pull delivery is nobody's to send: left unpulled long past the grace, and again while its retry waits
     * beyond any SQS delay, the scheduler neither re-queues nor dead-letters it, no worker attempts it, and the
     * receiver pulls it when it is due.
     */
    @Test
    void aPullDeliveryLeftUnpulledPastTheGraceStaysPendingAndIsPulledWhenDue() throws Exception {
        Tenants t = new Tenants(p, "pull-wait");
        String endpoint = t.createEndpoint("{\"delivery\":\"pull\",\"retry\":{\"initial_backoff_s\":3600,"
                + "\"multiplier\":1,\"max_attempts\":3,\"max_backoff_s\":3600}}").get("id").asText();
        String message = t.publish("order.created", "{\"n\":1}");
        String delivery = t.deliveryOf(message, endpoint);
        assertFalse(rawDelivery(t.id(), delivery).containsKey("due_shard"), "a pull delivery is not owed a push");
        try {
            // Ten minutes unpulled: many scheduler passes, each far beyond the 3 s grace.
            for (int i = 0; i < 4; i++) {
                p.clock().advance(Duration.ofMinutes(2).plusSeconds(30));
                schedulerPass();
            }
            JsonNode waiting = t.delivery(delivery);
            assertEquals("pending", waiting.get("status").asText(), waiting.toString());
            assertEquals(0, waiting.get("attempt_count").asInt(), waiting.toString());
            assertEquals(0, waiting.get("attempts").size(), "no worker attempted it: " + waiting);

            JsonNode first = pulled(t, endpoint);
            assertEquals(delivery, first.get("delivery_id").asText());
            assertEquals(1, first.get("attempt").asInt());
            assertTrue(rawDelivery(t.id(), delivery).get("due_shard").s().startsWith("L#"), "its lease is in the index");
            Http.Response failed = t.send("POST", "/v1/deliveries/" + delivery + "/ack", "{\"status_code\":500}");
            assertEquals(200, failed.status(), failed.body());
            assertEquals("retrying", failed.json().get("status").asText());
            assertFalse(rawDelivery(t.id(), delivery).containsKey("due_shard"), "the retry waits in the pull index only");

            // The retry is due in an hour, beyond any SQS delay: past it and the grace, still there, and pullable.
            p.clock().advance(Duration.ofMinutes(61));
            schedulerPass();
            JsonNode due = t.delivery(delivery);
            assertEquals("retrying", due.get("status").asText(), due.toString());
            assertEquals(1, due.get("attempt_count").asInt(), due.toString());
            JsonNode second = pulled(t, endpoint);
            assertEquals(2, second.get("attempt").asInt());
            Http.Response ok = t.send("POST", "/v1/deliveries/" + delivery + "/ack", "{\"status_code\":200}");
            assertEquals("succeeded", ok.json().get("status").asText(), ok.body());
            assertTrue(drain(p.platform().queueUrl("DeliveryDLQ"), delivery).isEmpty(), "never dead-lettered");
        } finally {
            p.clock().reset();
        }
    }

    /**
     * A lease taken by a write whose queue timer never went out (a crash in between): its due-index entry has the
     * scheduler record the ended lease as a timed-out attempt, which then follows the endpoint's retry policy.
     */
    @Test
    void aPullLeaseWhoseTimerWasLostIsRecordedByTheScheduler() throws Exception {
        Tenants t = new Tenants(p, "pull-lease");
        String endpoint = t.createEndpoint("{\"delivery\":\"pull\",\"retry\":{\"initial_backoff_s\":1,"
                + "\"multiplier\":1,\"max_attempts\":3,\"max_backoff_s\":1}}").get("id").asText();
        String delivery = t.deliveryOf(t.publish("order.created", "{\"n\":2}"), endpoint);
        Instant now = p.clock().instant();
        assertTrue(deliveries().leasePull(t.id(), delivery, "lost-timer-lease", now, now.plusSeconds(5)).isPresent());
        JsonNode retrying = Eventually.poll(Duration.ofSeconds(30), () -> t.delivery(delivery),
                n -> "retrying".equals(n.get("status").asText()));
        assertEquals("retrying", retrying.get("status").asText(), retrying.toString());
        JsonNode attempt = retrying.get("attempts").get(0);
        assertEquals("timeout", attempt.get("outcome").asText(), attempt.toString());
        assertTrue(attempt.get("error").asText().contains("lease"), attempt.toString());
        assertFalse(rawDelivery(t.id(), delivery).containsKey("due_shard"), "the lease's entry went with it");
        JsonNode again = pulled(t, endpoint);
        assertEquals(2, again.get("attempt").asInt(), again.toString());
    }

    /** One whole pass of the scheduler at the test clock's time, run here (beside its own ticks). */
    private static void schedulerPass() {
        p.platform().schedule("SchedulerFunction").fire();
    }

    /** One pull that must hand over exactly one delivery (bounded wait for it to come due). */
    private static JsonNode pulled(Tenants t, String endpointId) {
        JsonNode batch = Eventually.poll(Duration.ofSeconds(15),
                () -> t.get("/v1/endpoints/" + endpointId + "/pull?wait_s=1").json().get("data"), d -> !d.isEmpty());
        assertEquals(1, batch.size(), batch.toString());
        return batch.get(0);
    }

    private static Map<String, AttributeValue> rawDelivery(String tenantId, String deliveryId) {
        return p.platform().aws().dynamo().getItem(b -> b.tableName(p.platform().tableName("DeliveriesTable"))
                .key(Map.of("pk", AttributeValue.fromS("T#" + tenantId + "#DLV#" + deliveryId),
                        "sk", AttributeValue.fromS("DLV"))).consistentRead(true)).item();
    }

    /** Replaces the endpoint's sealed signing secret with bytes no key of the ring opens. */
    private static void corruptSecret(String tenantId, String endpointId) throws Exception {
        var dynamo = p.platform().aws().dynamo();
        String table = p.platform().tableName("EntitiesTable");
        Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS("TEN#" + tenantId), "sk", AttributeValue.fromS("EP#" + endpointId));
        Map<String, AttributeValue> item = new java.util.HashMap<>(dynamo.getItem(b -> b.tableName(table).key(key)).item());
        var doc = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(item.get("doc").s());
        doc.put("sealed_secret", "k1:" + "A".repeat(40));
        item.put("doc", AttributeValue.fromS(doc.toString()));
        dynamo.putItem(b -> b.tableName(table).item(item));
    }

    private static List<JsonNode> drain(String queueUrl, String deliveryId) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline && out.stream().noneMatch(r -> r.has("kind"))) {
            for (var m : p.platform().aws().sqs().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages()) {
                JsonNode body = JSON.readTree(m.body());
                if (deliveryId.equals(body.path("delivery_id").asText())) {
                    out.add(body);
                }
            }
        }
        return out;
    }
}
