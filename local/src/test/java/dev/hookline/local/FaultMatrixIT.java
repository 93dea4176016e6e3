package dev.hookline.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.core.fault.FaultPoint;
import dev.hookline.local.faults.FaultInjector;
import dev.hookline.local.testing.AdjustableClock;
import dev.hookline.local.testing.Eventually;
import dev.hookline.local.testing.Http;
import dev.hookline.local.testing.RepoPaths;
import dev.hookline.local.testing.TestPlatform;
import dev.hookline.local.testing.TestReceiver;
import dev.hookline.local.testing.Tenants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The crash matrix: load driven through each named fault point while the local runner's fault switch kills the
 * function there (an Error no handler catches, as a lost machine would), on a platform of its own. Callers behave
 * as senders should - they retry a 5xx, and a 409 after its Retry-After, with the same Idempotency-Key - and then
 * every acknowledged request is checked at the far end: an event at its receiver, a record on the streams queue.
 * Per point it reports requests, crashes, lost and duplicates; lost must be 0 everywhere, and duplicates 0 wherever
 * the design promises exactly-once effects (everything but a crash after the receiver's 2xx, which can only be
 * sent again - with the same webhook-id, once per crash at most).
 */
class FaultMatrixIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> AS_JSON = Map.of("Content-Type", "application/json");

    private record Row(FaultPoint point, int requests, long crashes, int lost, int duplicates) {
    }

    private static TestPlatform p;
    private static FaultInjector faults;
    private static final Map<String, Integer> records = new ConcurrentHashMap<>();
    private static final AtomicBoolean collecting = new AtomicBoolean(true);
    private static Thread collector;

    @BeforeAll
    static void start() throws Exception {
        AdjustableClock clock = new AdjustableClock();
        LocalPlatform platform = LocalPlatform.start(LocalOptions.defaults().withTemplate(RepoPaths.template()).withPort(0)
                .withClock(clock).withNamePrefix("hookline-faults-").withSchedulePeriod(Duration.ofSeconds(1)));
        p = TestPlatform.of(platform, clock);
        faults = new FaultInjector(20261202L, Duration.ofSeconds(1)).install();
        collector = Thread.ofVirtual().start(FaultMatrixIT::collectStreamRecords);
    }

    @AfterAll
    static void stop() throws Exception {
        FaultInjector.uninstall();
        collecting.set(false);
        if (collector != null) {
            collector.join(Duration.ofSeconds(5));
        }
        if (p != null) {
            p.close();
        }
    }

    /** The tenant's stream reader: every record of every message on the streams queue, counted by record id. */
    private static void collectStreamRecords() {
        String queue = p.platform().queueUrl("StreamsQueue");
        while (collecting.get()) {
            try {
                for (Message m : p.platform().aws().sqs().receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10)
                        .waitTimeSeconds(1)).messages()) {
                    for (JsonNode r : JSON.readTree(m.body()).path("records")) {
                        records.merge(r.get("record_id").asText(), 1, Integer::sum);
                    }
                    p.platform().aws().sqs().deleteMessage(b -> b.queueUrl(queue).receiptHandle(m.receiptHandle()));
                }
            } catch (Exception e) {
                if (collecting.get()) {
                    System.err.println("[test] stream collector: " + e);
                }
            }
        }
    }

    @Test
    void nothingAcknowledgedIsLostWhereverAFunctionDies() throws Exception {
        List<Row> rows = new ArrayList<>();
        try (ExecutorService phase = Executors.newVirtualThreadPerTaskExecutor()) {
            // Phase 1: deliveries dying after the receiver's 2xx (their re-sends wait out a 60 s lease) beside the
            // two ingest points, which touch nothing the deliveries do.
            Future<Row> delivery = phase.submit(() -> deliveryDiesAfterTheReceiversAnswer(40, 12));
            rows.add(ingest(FaultPoint.INGEST_AFTER_CLAIM, 30, 1, 10));
            rows.add(ingest(FaultPoint.INGEST_MID_SEND, 20, 25, 10));
            rows.add(delivery.get());
        }
        rows.add(publishDiesAfterTheEventWrite(30, 10));
        rows.add(eventsThrough(FaultPoint.FANOUT_AFTER_DELIVERY_WRITE, 20, 2, 8));
        rows.add(eventsThrough(FaultPoint.QUEUE_BEFORE_DELETE, 20, 1, 10));

        System.out.println("\nCrash matrix (requests / crashes injected / lost / duplicates):");
        for (Row r : rows) {
            System.out.printf("  %-28s %4d %4d %4d %4d%n", r.point().wire(), r.requests(), r.crashes(), r.lost(), r.duplicates());
        }
        for (Row r : rows) {
            assertTrue(r.crashes() > 0, r.point().wire() + " was never crashed: the test did not exercise it");
            assertEquals(0, r.lost(), r.point().wire() + ": acknowledged work lost");
            if (r.point() == FaultPoint.DELIVERY_AFTER_RESPONSE) {
                assertTrue(r.duplicates() <= r.crashes(), "at most one re-send per crash after a 2xx: " + r);
            } else {
                assertEquals(0, r.duplicates(), r.point().wire() + ": duplicates");
            }
        }
    }

    // ------------------------------------------------------------------ scenarios

    /** Events to one endpoint; the delivery worker dies after the receiver answered 2xx, before recording it. */
    private Row deliveryDiesAfterTheReceiversAnswer(int events, int crashes) throws Exception {
        try (TestReceiver receiver = new TestReceiver()) {
            Tenants t = new Tenants(p, "faults-delivery");
            t.createEndpoint("{\"url\":\"" + receiver.url("/") + "\",\"event_types\":[\"order.*\"]}");
            faults.arm(FaultPoint.DELIVERY_AFTER_RESPONSE, 0.5, crashes);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < events; i++) {
                ids.add(publish(t, "delivery-" + i).get("id").asText());
            }
            for (String id : ids) {
                Eventually.until(Duration.ofSeconds(180), () -> "succeeded".equals(deliveryOf(t, id).path("status").asText()),
                        "the delivery of " + id + " succeeds");
                assertEquals(1, deliveryOf(t, id).path("attempt_count").asInt(), "one attempt recorded for one success");
            }
            Thread.sleep(2_000);
            faults.disarmAll();
            return receipts(FaultPoint.DELIVERY_AFTER_RESPONSE, ids, List.of(receiver));
        }
    }

    /** Stream calls (records of {@code keys} ordering keys each) retried as senders do until accepted. */
    private Row ingest(FaultPoint point, int calls, int keys, int crashes) throws Exception {
        Tenants t = new Tenants(p, "faults-ingest");
        Http.Response created = p.http().post("/v1/sources", t.key(), "{\"name\":\"s\",\"mode\":\"stream\","
                + "\"verification\":{\"scheme\":\"none\"}" + (keys > 1 ? ",\"stream\":{\"ordering_key\":\"/k\"}" : "") + "}");
        String url = created.json().get("ingest_url").asText();
        String path = url.substring(url.indexOf("/in/"));
        int perCall = Math.max(keys, 5);
        faults.arm(point, 0.5, crashes);
        List<Future<Http.Response>> answers = new ArrayList<>();
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < calls; c++) {
                StringBuilder body = new StringBuilder("[");
                for (int i = 0; i < perCall; i++) {
                    body.append(i == 0 ? "" : ",").append("{\"call\":").append(c).append(",\"i\":").append(i)
                            .append(",\"k\":\"k").append(i % keys).append("\"}");
                }
                String b = body.append(']').toString();
                Map<String, String> headers = new HashMap<>(AS_JSON);
                headers.put("Idempotency-Key", point.wire() + "-" + c);
                answers.add(senders.submit(() -> untilAccepted(() -> p.http().expectingCrashes().send("POST", path, null, b, headers))));
            }
        }
        faults.disarmAll();
        Set<String> expected = ConcurrentHashMap.newKeySet();
        for (Future<Http.Response> a : answers) {
            String id = a.get().json().get("id").asText();
            for (int i = 0; i < perCall; i++) {
                expected.add(id + ":" + i);
            }
        }
        Eventually.until(Duration.ofSeconds(30), () -> records.keySet().containsAll(expected), "every acknowledged record is on the queue");
        Thread.sleep(2_000);
        int lost = (int) expected.stream().filter(r -> !records.containsKey(r)).count();
        int duplicates = expected.stream().mapToInt(r -> Math.max(0, records.getOrDefault(r, 0) - 1)).sum();
        return new Row(point, calls, faults.counts(point).crashes(), lost, duplicates);
    }

    /** Publishes with Idempotency-Keys; the API function dies after storing the event, before answering. */
    private Row publishDiesAfterTheEventWrite(int events, int crashes) throws Exception {
        try (TestReceiver receiver = new TestReceiver()) {
            Tenants t = new Tenants(p, "faults-publish");
            t.createEndpoint("{\"url\":\"" + receiver.url("/") + "\",\"event_types\":[\"order.*\"]}");
            faults.arm(FaultPoint.PUBLISH_AFTER_EVENT_WRITE, 0.5, crashes);
            Map<String, String> acknowledged = new HashMap<>();
            List<Integer> crashed = new ArrayList<>();
            for (int i = 0; i < events; i++) {
                Http.Response r = publishOnce(t, "publish-" + i);
                if (r.status() == 202) {
                    acknowledged.put("publish-" + i, r.json().get("id").asText());
                } else {
                    assertEquals(500, r.status(), r.body());
                    crashed.add(i);
                }
            }
            faults.disarmAll();
            for (int i : crashed) {
                Http.Response again = publishOnce(t, "publish-" + i);
                assertEquals(409, again.status(), "the crashed request still holds its key: " + again.body());
                assertTrue(Integer.parseInt(again.header("retry-after")) >= 1);
            }
            // Nothing else runs now: move the clock past the 60 s in-progress lease instead of sleeping through it.
            p.clock().advance(Duration.ofSeconds(61));
            for (int i : crashed) {
                Http.Response r = publishOnce(t, "publish-" + i);
                assertEquals(202, r.status(), r.body());
                acknowledged.put("publish-" + i, r.json().get("id").asText());
            }
            List<String> ids = new ArrayList<>(acknowledged.values());
            Eventually.until(Duration.ofSeconds(60), () -> webhookIds(receiver).keySet().containsAll(ids), "every event delivered");
            Thread.sleep(2_000);
            Row row = receipts(FaultPoint.PUBLISH_AFTER_EVENT_WRITE, ids, List.of(receiver));
            // A retry that published a second event would show as a receipt under an id nobody was answered with.
            int strays = (int) webhookIds(receiver).keySet().stream().filter(id -> !ids.contains(id)).count();
            return new Row(row.point(), events, row.crashes(), row.lost(), row.duplicates() + strays);
        }
    }

    /** Events to {@code endpoints} receivers while the point is armed (fan-out, or the event sources' deletes). */
    private Row eventsThrough(FaultPoint point, int events, int endpoints, int crashes) throws Exception {
        List<TestReceiver> receivers = new ArrayList<>();
        try {
            Tenants t = new Tenants(p, "faults-" + point.wire().replace('.', '-'));
            for (int e = 0; e < endpoints; e++) {
                TestReceiver r = new TestReceiver();
                receivers.add(r);
                t.createEndpoint("{\"url\":\"" + r.url("/") + "\",\"event_types\":[\"order.*\"]}");
            }
            faults.arm(point, 0.5, crashes);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < events; i++) {
                ids.add(publish(t, point.wire() + "-" + i).get("id").asText());
            }
            for (TestReceiver r : receivers) {
                Eventually.until(Duration.ofSeconds(60), () -> webhookIds(r).keySet().containsAll(ids), "every event at every endpoint");
            }
            Thread.sleep(3_000); // a message handed back after its work was done must not send again
            faults.disarmAll();
            return receipts(point, ids, receivers);
        } finally {
            receivers.forEach(TestReceiver::close);
        }
    }

    // ------------------------------------------------------------------ helpers

    private JsonNode publish(Tenants t, String key) {
        Http.Response r = untilAccepted(() -> publishOnce(t, key));
        assertEquals(202, r.status(), r.body());
        return r.json();
    }

    private Http.Response publishOnce(Tenants t, String key) {
        return p.http().expectingCrashes().send("POST", "/v1/events", t.key(), "{\"type\":\"order.created\",\"data\":{\"key\":\"" + key + "\"}}",
                Map.of("Idempotency-Key", key));
    }

    /** A sender's retry loop: a 5xx again shortly, a 409 or 429 after its Retry-After; bounded. */
    private static Http.Response untilAccepted(Supplier<Http.Response> call) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            Http.Response r = call.get();
            if (r.status() == 200 || r.status() == 202 || System.nanoTime() > deadline) {
                return r;
            }
            if (r.status() != 409 && r.status() != 429 && r.status() < 500) {
                return r;
            }
            String retryAfter = r.header("retry-after");
            Eventually.pause(retryAfter == null ? Duration.ofMillis(500) : Duration.ofSeconds(Long.parseLong(retryAfter)));
        }
    }

    private static JsonNode deliveryOf(Tenants t, String messageId) {
        JsonNode event = p.http().get("/v1/events/" + messageId, t.key()).json();
        return event.path("deliveries").path(0);
    }

    private static Map<String, Integer> webhookIds(TestReceiver receiver) {
        Map<String, Integer> out = new HashMap<>();
        receiver.received().forEach(r -> out.merge(r.header("webhook-id"), 1, Integer::sum));
        return out;
    }

    private static Row receipts(FaultPoint point, List<String> ids, List<TestReceiver> receivers) {
        int lost = 0;
        int duplicates = 0;
        for (TestReceiver r : receivers) {
            Map<String, Integer> got = webhookIds(r);
            for (String id : ids) {
                int n = got.getOrDefault(id, 0);
                lost += n == 0 ? 1 : 0;
                duplicates += Math.max(0, n - 1);
            }
        }
        return new Row(point, ids.size(), faults.counts(point).crashes(), lost, duplicates);
    }
}
