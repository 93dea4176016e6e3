package dev.hookline.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.local.testing.Eventually;
import dev.hookline.local.testing.Http;
import dev.hookline.local.testing.TestPlatform;
import dev.hookline.local.testing.TestReceiver;
import dev.hookline.local.testing.TestReceiver.Answer;
import dev.hookline.local.testing.TestReceiver.Received;
import dev.hookline.local.testing.Tenants;
import dev.hookline.local.testing.WithPlatform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 5: an endpoint breaks and heals through the API and the emitted events; nothing lost, nothing twice. */
@WithPlatform
class BreakerIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FAST = "\"retry\":{\"initial_backoff_s\":1,\"multiplier\":1,\"max_attempts\":30,\"max_backoff_s\":1},"
            + "\"breaker\":{\"consecutive_failures_to_open\":3,\"probe_after_s\":2,\"successes_to_close\":2}";

    private TestReceiver failing;
    private TestReceiver observer;

    @BeforeEach
    void receivers() throws Exception {
        failing = new TestReceiver();
        observer = new TestReceiver();
    }

    @AfterEach
    void stop() {
        failing.close();
        observer.close();
    }

    private static List<String> eventTypes(TestReceiver r) {
        List<String> types = new ArrayList<>();
        for (Received got : r.received()) {
            try {
                types.add(JSON.readTree(got.body()).get("type").asText());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        return types;
    }

    @Test
    void anEndpointOpensWaitsProbesClosesAndReplaysItsBacklogOnce(TestPlatform p) {
        Tenants t = new Tenants(p, "breaker");
        t.createEndpoint("{\"url\":\"" + observer.url("/") + "\",\"event_types\":[\"endpoint.*\"]}");
        AtomicBoolean up = new AtomicBoolean(false);
        failing.otherwise(() -> up.get() ? Answer.status(200) : Answer.status(503));
        JsonNode ep = t.createEndpoint("{\"url\":\"" + failing.url("/") + "\",\"event_types\":[\"order.*\"]," + FAST + "}");
        String id = ep.get("id").asText();
        assertEquals(3, ep.get("breaker").get("consecutive_failures_to_open").asInt());

        List<String> messages = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            messages.add(t.publish("order.created", "{\"n\":" + i + "}"));
        }
        JsonNode paused = Eventually.poll(Duration.ofSeconds(20), () -> t.get("/v1/endpoints/" + id).json(),
                e -> "paused".equals(e.get("health").get("state").asText()));
        assertEquals("paused", paused.get("health").get("state").asText(), paused.toString());
        assertTrue(paused.get("health").get("reason").asText().contains("consecutive failures"));

        // While open, new events wait: they are not sent until a probe succeeds.
        int sentWhileOpen = failing.received().size();
        for (int i = 3; i < 6; i++) {
            messages.add(t.publish("order.created", "{\"n\":" + i + "}"));
        }
        up.set(true);
        List<String> deliveries = new ArrayList<>();
        for (String m : messages) {
            deliveries.add(t.deliveryOf(m, id));
        }
        for (String d : deliveries) {
            t.awaitStatus(d, "succeeded", Duration.ofSeconds(30));
        }
        JsonNode healed = t.get("/v1/endpoints/" + id).json();
        assertEquals("healthy", healed.get("health").get("state").asText(), healed.toString());

        // Each message reached the receiver, and succeeded exactly once (failed tries came before it).
        java.util.Set<String> seen = new java.util.HashSet<>();
        failing.received().forEach(r -> seen.add(r.header("webhook-id")));
        assertEquals(new java.util.HashSet<>(messages), seen, "every message arrived");
        for (String d : deliveries) {
            long ok = t.delivery(d).get("attempts").findValues("status_code").stream().filter(c -> c.asInt() == 200).count();
            assertEquals(1, ok, "one successful attempt for " + d);
        }
        assertTrue(sentWhileOpen <= failing.received().size());

        List<String> events = Eventually.poll(Duration.ofSeconds(15), () -> eventTypes(observer),
                ev -> ev.contains("endpoint.recovered"));
        assertTrue(events.contains("endpoint.paused"), events.toString());
        assertTrue(events.indexOf("endpoint.paused") < events.lastIndexOf("endpoint.recovered"), events.toString());

        JsonNode stats = t.get("/v1/endpoints/" + id + "/stats?window=1h").json();
        assertEquals(failing.received().size(), stats.get("total").asInt(), "stats count the attempts actually made");
        assertEquals(messages.size(), stats.get("succeeded").asInt());
        assertEquals(stats.get("total").asInt() - messages.size(), stats.get("failed").asInt());
        assertEquals("healthy", stats.get("state").asText());
    }

    @Test
    void failingPastTheDisableThresholdDisablesAndEnablingReplaysWhatWaited(TestPlatform p) {
        Tenants t = new Tenants(p, "auto-disable");
        t.createEndpoint("{\"url\":\"" + observer.url("/") + "\",\"event_types\":[\"endpoint.disabled\"]}");
        AtomicBoolean up = new AtomicBoolean(false);
        failing.otherwise(() -> up.get() ? Answer.status(200) : Answer.status(500));
        JsonNode ep = t.createEndpoint("{\"url\":\"" + failing.url("/") + "\","
                + "\"retry\":{\"initial_backoff_s\":1,\"multiplier\":1,\"max_attempts\":30,\"max_backoff_s\":1},"
                + "\"breaker\":{\"consecutive_failures_to_open\":100,\"disable_after_s\":3600}}");
        String id = ep.get("id").asText();
        String dlv = t.deliveryOf(t.publish("a.b", "{}"), id);
        Eventually.poll(Duration.ofSeconds(10), () -> failing.received().size(), n -> n >= 1);
        try {
            p.clock().advance(Duration.ofMinutes(61));
            JsonNode disabled = Eventually.poll(Duration.ofSeconds(15), () -> t.get("/v1/endpoints/" + id).json(),
                    e -> !e.get("enabled").asBoolean());
            assertFalse(disabled.get("enabled").asBoolean(), disabled.toString());
            assertEquals("disabled", disabled.get("health").get("state").asText());
            assertTrue(disabled.get("disabled_reason").asText().contains("failing"));
            assertEquals(List.of("endpoint.disabled"), Eventually.poll(Duration.ofSeconds(15), () -> eventTypes(observer),
                    ev -> !ev.isEmpty()));
        } finally {
            p.clock().reset();
        }
        up.set(true);
        Http.Response enabled = t.send("POST", "/v1/endpoints/" + id + "/enable", null);
        assertEquals("healthy", enabled.json().get("health").get("state").asText());
        t.awaitStatus(dlv, "succeeded", Duration.ofSeconds(15));
    }

    @Test
    void whenTheProbingDeliveryGivesUpTheOldestWaitingOneProbesNext(TestPlatform p) {
        Tenants t = new Tenants(p, "probe-handover");
        AtomicBoolean up = new AtomicBoolean(false);
        failing.otherwise(() -> up.get() ? Answer.status(200) : Answer.status(503));
        // Two attempts per delivery: the deliveries that open the circuit give up while it is still open.
        JsonNode ep = t.createEndpoint("{\"url\":\"" + failing.url("/") + "\",\"event_types\":[\"order.*\"],"
                + "\"retry\":{\"initial_backoff_s\":1,\"multiplier\":1,\"max_attempts\":2,\"max_backoff_s\":1},"
                + "\"breaker\":{\"consecutive_failures_to_open\":2,\"probe_after_s\":2,\"successes_to_close\":1}}");
        String id = ep.get("id").asText();
        String first = t.deliveryOf(t.publish("order.created", "{\"n\":1}"), id);
        Eventually.poll(Duration.ofSeconds(15), () -> t.get("/v1/endpoints/" + id).json().get("health").get("state").asText(),
                "paused"::equals);
        String waiting = t.deliveryOf(t.publish("order.created", "{\"n\":2}"), id);
        t.awaitStatus(first, "dead_lettered", Duration.ofSeconds(20));
        up.set(true);
        t.awaitStatus(waiting, "succeeded", Duration.ofSeconds(20));
        assertEquals("healthy", t.get("/v1/endpoints/" + id).json().get("health").get("state").asText());
    }

    @Test
    void degradedThenRecoveredAndA410AreEachPublished(TestPlatform p) {
        Tenants t = new Tenants(p, "transitions");
        t.createEndpoint("{\"url\":\"" + observer.url("/") + "\",\"event_types\":[\"endpoint.*\"]}");
        failing.then(Answer.status(500), Answer.status(500), Answer.status(500), Answer.status(200));
        JsonNode ep = t.createEndpoint("{\"url\":\"" + failing.url("/") + "\",\"event_types\":[\"order.*\"],"
                + "\"retry\":{\"initial_backoff_s\":1,\"multiplier\":1,\"max_attempts\":10,\"max_backoff_s\":1}}");
        String dlv = t.deliveryOf(t.publish("order.created", "{}"), ep.get("id").asText());
        t.awaitStatus(dlv, "succeeded", Duration.ofSeconds(20));
        assertEquals(List.of("endpoint.degraded", "endpoint.recovered"),
                Eventually.poll(Duration.ofSeconds(15), () -> eventTypes(observer), ev -> ev.size() >= 2));

        failing.then(Answer.status(410));
        t.publish("order.created", "{}");
        List<String> events = Eventually.poll(Duration.ofSeconds(15), () -> eventTypes(observer), ev -> ev.size() >= 3);
        assertEquals("endpoint.disabled", events.get(2));
        JsonNode gone = t.get("/v1/endpoints/" + ep.get("id").asText()).json();
        assertEquals("disabled", gone.get("health").get("state").asText());
        assertFalse(gone.get("enabled").asBoolean());
    }

    /**
     * Issue 11 item 9: with the circuit open and the next probe minutes away, a manual retry goes out at once; a
     * failure keeps the circuit open, a success counts like a probe's (closing it here, where one success closes).
     */
    @Test
    void aManualRetryGoesOutNowWhileTheCircuitIsOpenAndCountsLikeAProbe(TestPlatform p) {
        Tenants t = new Tenants(p, "manual-retry");
        AtomicBoolean up = new AtomicBoolean(false);
        failing.otherwise(() -> up.get() ? Answer.status(200) : Answer.status(503));
        JsonNode ep = t.createEndpoint("{\"url\":\"" + failing.url("/") + "\",\"event_types\":[\"order.*\"],"
                + "\"retry\":{\"initial_backoff_s\":1,\"multiplier\":1,\"max_attempts\":30,\"max_backoff_s\":1},"
                + "\"breaker\":{\"consecutive_failures_to_open\":2,\"probe_after_s\":600,\"successes_to_close\":1}}");
        String id = ep.get("id").asText();
        String dlv = t.deliveryOf(t.publish("order.created", "{\"n\":1}"), id);
        JsonNode paused = Eventually.poll(Duration.ofSeconds(20), () -> t.get("/v1/endpoints/" + id).json(),
                e -> "paused".equals(e.get("health").get("state").asText()));
        assertEquals("paused", paused.get("health").get("state").asText(), paused.toString());
        java.time.Instant probeAt = java.time.Instant.parse(paused.get("health").get("next_probe_at").asText());
        assertTrue(probeAt.isAfter(java.time.Instant.now().plusSeconds(500)), "the next probe is ten minutes away");
        int before = Eventually.poll(Duration.ofSeconds(5), () -> failing.received().size(), n -> n >= 2);

        // Still down: the manual retry is sent at once, fails, and the circuit stays open.
        assertEquals(202, t.send("POST", "/v1/deliveries/" + dlv + "/retry", null).status());
        int afterFirst = Eventually.poll(Duration.ofSeconds(10), () -> failing.received().size(), n -> n > before);
        assertEquals(before + 1, afterFirst, "one attempt, now, not at the probe time");
        JsonNode stillOpen = Eventually.poll(Duration.ofSeconds(10), () -> t.delivery(dlv),
                d -> d.get("attempt_count").asInt() == afterFirst && !"pending".equals(d.get("status").asText()));
        assertEquals("retrying", stillOpen.get("status").asText(), stillOpen.toString());
        assertEquals("paused", t.get("/v1/endpoints/" + id).json().get("health").get("state").asText(),
                "a failed manual retry keeps the circuit open");

        // Up again: the manual retry succeeds now and, like a probe, closes the circuit.
        up.set(true);
        assertEquals(202, t.send("POST", "/v1/deliveries/" + dlv + "/retry", null).status());
        t.awaitStatus(dlv, "succeeded", Duration.ofSeconds(10));
        assertEquals("healthy", t.get("/v1/endpoints/" + id).json().get("health").get("state").asText());
        JsonNode stats = t.get("/v1/endpoints/" + id + "/stats?window=1h").json();
        assertEquals(failing.received().size(), stats.get("total").asInt(), "manual attempts count like any other");
    }

    @Test
    void breakerThresholdsAreValidated(TestPlatform p) {
        Tenants t = new Tenants(p, "breaker-bounds");
        Http.Response r = p.http().post("/v1/endpoints", t.key(), "{\"url\":\"" + failing.url("/") + "\","
                + "\"breaker\":{\"consecutive_failures_to_open\":0,\"failure_rate_to_open\":2,\"probe_after_s\":0}}");
        assertEquals(422, r.status(), r.body());
        List<String> fields = new ArrayList<>();
        r.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
        assertTrue(fields.containsAll(List.of("breaker.consecutive_failures_to_open", "breaker.failure_rate_to_open",
                "breaker.probe_after_s")), fields.toString());
    }
}
