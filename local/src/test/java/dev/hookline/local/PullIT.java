package dev.hookline.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.standardwebhooks.Webhook;
import dev.hookline.local.testing.Eventually;
import dev.hookline.local.testing.Http;
import dev.hookline.local.testing.TestPlatform;
import dev.hookline.local.testing.Tenants;
import dev.hookline.local.testing.WithPlatform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pull endpoints end to end: lease what is due, ack it, and retries, breaker and dead letters as for a push. */
@WithPlatform
class PullIT {
    private static final String FAST_RETRY =
            "\"retry\":{\"initial_backoff_s\":60,\"multiplier\":1,\"max_attempts\":3,\"max_backoff_s\":60}";

    private TestPlatform platform;

    @AfterEach
    void realTime() {
        if (platform != null) {
            platform.clock().reset();
        }
    }

    private static JsonNode pullEndpoint(Tenants t, String extra) {
        return t.createEndpoint("{\"delivery\":\"pull\",\"description\":\"laptop\"" + (extra.isEmpty() ? "" : "," + extra) + "}");
    }

    private static JsonNode pull(Tenants t, String endpointId, String query) {
        Http.Response r = t.get("/v1/endpoints/" + endpointId + "/pull" + query);
        assertEquals(200, r.status(), r.body());
        return r.json().get("data");
    }

    /** Pulls until something comes (fan-out is asynchronous), bounded. */
    private static JsonNode pullSome(Tenants t, String endpointId, String query) {
        return Eventually.poll(Duration.ofSeconds(15), () -> pull(t, endpointId, query), d -> !d.isEmpty());
    }

    /** Waits (bounded) until fan-out has created {@code n} deliveries for the endpoint, without leasing any. */
    private static void awaitDeliveries(Tenants t, String endpointId, int n) {
        int seen = Eventually.poll(Duration.ofSeconds(15),
                () -> t.get("/v1/endpoints/" + endpointId + "/deliveries").json().get("data").size(), c -> c == n);
        assertEquals(n, seen, "deliveries fanned out");
    }

    private static Http.Response ack(Tenants t, JsonNode pulled, String body) {
        return t.send("POST", "/v1/deliveries/" + pulled.get("delivery_id").asText() + "/ack", body);
    }

    @Test
    void aPulledDeliveryCarriesTheExactSignedRequestAndAnAckRecordsIt(TestPlatform p) throws Exception {
        Tenants t = new Tenants(p, "pull-basic");
        JsonNode ep = pullEndpoint(t, "\"headers\":{\"X-Team\":\"blue\"}");
        assertEquals("pull", ep.get("delivery").asText());
        assertFalse(ep.has("url"), ep.toString());
        String msg = t.publish("invoice.paid", "{\"amount\":42}");

        JsonNode batch = pullSome(t, ep.get("id").asText(), "?max=10&wait_s=5");
        assertEquals(1, batch.size(), batch.toString());
        JsonNode d = batch.get(0);
        assertEquals(msg, d.get("message_id").asText());
        assertEquals(1, d.get("attempt").asInt());
        JsonNode headers = d.get("headers");
        assertEquals(msg, headers.get("webhook-id").asText());
        assertEquals("blue", headers.get("X-Team").asText());
        assertEquals("application/json", headers.get("content-type").asText());
        // The official Standard Webhooks library verifies the body and headers as handed over.
        Map<String, List<String>> map = new java.util.HashMap<>();
        headers.properties().forEach(e -> map.put(e.getKey(), List.of(e.getValue().asText())));
        new Webhook(ep.get("secret").asText()).verify(d.get("body").asText(), HttpHeaders.of(map, (a, b) -> true));
        assertEquals(42, new com.fasterxml.jackson.databind.ObjectMapper().readTree(d.get("body").asText())
                .get("data").get("amount").asInt());

        assertEquals(0, pull(t, ep.get("id").asText(), "").size(), "a leased delivery is not handed out twice");
        Http.Response acked = ack(t, d, "{\"status_code\":204,\"latency_ms\":12,\"response_excerpt\":\"ok\",\"lease_id\":\""
                + d.get("lease_id").asText() + "\"}");
        assertEquals(200, acked.status(), acked.body());
        assertEquals("succeeded", acked.json().get("status").asText());
        JsonNode attempt = acked.json().get("attempts").get(0);
        assertEquals(204, attempt.get("status_code").asInt());
        assertEquals(12, attempt.get("latency_ms").asInt());
        assertEquals("ok", attempt.get("response_excerpt").asText());
        assertEquals(409, ack(t, d, "{\"status_code\":200}").status(), "a second ack has no lease to end");
    }

    @Test
    void aFailingAckIsRetriedPerThePolicyAndTheLastOneDeadLetters(TestPlatform p) {
        platform = p;
        Tenants t = new Tenants(p, "pull-retry");
        JsonNode ep = pullEndpoint(t, FAST_RETRY);
        String id = ep.get("id").asText();
        t.publish("a.b", "{}");
        for (int attempt = 1; attempt <= 3; attempt++) {
            JsonNode batch = pullSome(t, id, "?wait_s=2");
            assertEquals(attempt, batch.get(0).get("attempt").asInt());
            Http.Response r = ack(t, batch.get(0), "{\"status_code\":500,\"latency_ms\":3}");
            assertEquals(200, r.status(), r.body());
            if (attempt < 3) {
                assertEquals("retrying", r.json().get("status").asText());
                Instant next = Instant.parse(r.json().get("next_attempt_at").asText());
                assertTrue(next.isAfter(p.clock().instant().plusSeconds(50)), "the policy's backoff: " + next);
                assertEquals(0, pull(t, id, "").size(), "not before it is due");
                p.clock().advance(Duration.ofSeconds(61));
            } else {
                assertEquals("dead_lettered", r.json().get("status").asText());
                assertEquals(3, r.json().get("attempts").size());
            }
        }
        JsonNode dead = t.get("/v1/endpoints/" + id + "/dead-letters").json().get("data");
        assertEquals(1, dead.size(), dead.toString());
    }

    @Test
    void aLeaseThatEndsWithoutAnAckIsATimedOutAttemptAndComesBack(TestPlatform p) {
        platform = p;
        Tenants t = new Tenants(p, "pull-expiry");
        JsonNode ep = pullEndpoint(t, "\"retry\":{\"initial_backoff_s\":1,\"multiplier\":1,\"max_attempts\":5,\"max_backoff_s\":1}");
        String id = ep.get("id").asText();
        String msg = t.publish("a.b", "{}");
        JsonNode first = pullSome(t, id, "?visibility_s=5&wait_s=2").get(0);
        String dlv = first.get("delivery_id").asText();
        // The lease's timer (the delivery queue, delayed to the lease's end) records the attempt.
        JsonNode retrying = t.awaitStatus(dlv, "retrying", Duration.ofSeconds(30));
        JsonNode attempt = retrying.get("attempts").get(0);
        assertEquals("timeout", attempt.get("outcome").asText());
        assertTrue(attempt.get("error").asText().contains("lease"), attempt.toString());
        assertEquals(409, ack(t, first, "{\"status_code\":200}").status(), "a late ack is refused");
        JsonNode second = pullSome(t, id, "?wait_s=5").get(0);
        assertEquals(2, second.get("attempt").asInt());
        assertEquals(msg, second.get("message_id").asText());
        assertEquals(200, ack(t, second, "{\"status_code\":200}").status());
        assertEquals("succeeded", t.delivery(dlv).get("status").asText());
    }

    @Test
    void twoReceiversPullingAtOnceNeverGetTheSameDelivery(TestPlatform p) {
        Tenants t = new Tenants(p, "pull-race");
        String id = pullEndpoint(t, "").get("id").asText();
        Set<String> published = new HashSet<>();
        for (int i = 0; i < 12; i++) {
            published.add(t.publish("a.b", "{\"i\":" + i + "}"));
        }
        awaitDeliveries(t, id, published.size());
        List<String> got = new ArrayList<>();
        for (int round = 0; round < 10 && got.size() < published.size(); round++) {
            CompletableFuture<JsonNode> a = CompletableFuture.supplyAsync(() -> pull(t, id, "?max=5"));
            CompletableFuture<JsonNode> b = CompletableFuture.supplyAsync(() -> pull(t, id, "?max=5"));
            for (JsonNode batch : List.of(a.join(), b.join())) {
                batch.forEach(d -> got.add(d.get("message_id").asText()));
            }
        }
        assertEquals(published.size(), got.size(), "every delivery handed out exactly once: " + got);
        assertEquals(published, new HashSet<>(got));
    }

    @Test
    void anOpenCircuitLeasesOnlyTheProbeAndA410DisablesTheEndpoint(TestPlatform p) {
        platform = p;
        Tenants t = new Tenants(p, "pull-breaker");
        String id = pullEndpoint(t, "\"retry\":{\"initial_backoff_s\":1,\"multiplier\":1,\"max_attempts\":10,\"max_backoff_s\":1},"
                + "\"breaker\":{\"consecutive_failures_to_open\":2,\"probe_after_s\":600}").get("id").asText();
        for (int i = 0; i < 3; i++) {
            t.publish("a.b", "{}");
        }
        awaitDeliveries(t, id, 3);
        JsonNode batch = pull(t, id, "?max=10");
        assertEquals(3, batch.size(), batch.toString());
        ack(t, batch.get(0), "{\"status_code\":503}");
        ack(t, batch.get(1), "{\"error\":\"connect_error\"}");
        assertEquals("paused", t.get("/v1/endpoints/" + id).json().get("health").get("state").asText());
        ack(t, batch.get(2), "{\"status_code\":500}");
        p.clock().advance(Duration.ofSeconds(5));
        assertEquals(0, pull(t, id, "?max=10").size(), "the circuit is open and no probe is due");
        p.clock().advance(Duration.ofSeconds(600));
        JsonNode probe = pull(t, id, "?max=10");
        assertEquals(1, probe.size(), "one probe per interval: " + probe);
        ack(t, probe.get(0), "{\"status_code\":410}");
        JsonNode endpoint = t.get("/v1/endpoints/" + id).json();
        assertFalse(endpoint.get("enabled").asBoolean(), endpoint.toString());
        assertEquals(409, t.get("/v1/endpoints/" + id + "/pull").status(), "a disabled endpoint is not pulled");
    }

    @Test
    void refusalsAreProblemsNeverServerErrors(TestPlatform p) throws Exception {
        Tenants t = new Tenants(p, "pull-refusals");
        try (var receiver = new dev.hookline.local.testing.TestReceiver()) {
            String push = t.createEndpoint("{\"url\":\"" + receiver.url("/") + "\"}").get("id").asText();
            assertEquals(409, t.get("/v1/endpoints/" + push + "/pull").status(), "a push endpoint is not pulled");
            assertEquals(422, t.send("PATCH", "/v1/endpoints/" + push, "{\"delivery\":\"pull\"}").status());
        }
        String pull = pullEndpoint(t, "").get("id").asText();
        assertEquals(409, t.send("POST", "/v1/endpoints/" + pull + "/test", null).status(), "nothing is sent to a pull endpoint");
        assertEquals(422, t.send("PATCH", "/v1/endpoints/" + pull, "{\"url\":\"https://example.com/\"}").status());
        assertEquals(422, t.send("POST", "/v1/endpoints", "{\"delivery\":\"pull\",\"url\":\"https://example.com/\"}").status());
        assertEquals(422, t.send("POST", "/v1/endpoints", "{\"delivery\":\"carrier-pigeon\"}").status());
        assertEquals(422, t.send("POST", "/v1/endpoints", "{\"description\":\"no url\"}").status());
        for (String query : List.of("?max=0", "?max=101", "?wait_s=21", "?visibility_s=4", "?max=ten")) {
            assertEquals(422, t.get("/v1/endpoints/" + pull + "/pull" + query).status(), query);
        }
        t.publish("a.b", "{}");
        JsonNode d = pullSome(t, pull, "");
        for (String body : List.of("{}", "{\"status_code\":99}", "{\"status_code\":200,\"error\":\"timeout\"}",
                "{\"error\":\"gremlins\"}", "{\"status_code\":200,\"latency_ms\":-1}",
                "{\"status_code\":200,\"response_excerpt\":\"" + "x".repeat(16 * 1024 + 1) + "\"}")) {
            assertEquals(422, ack(t, d.get(0), body).status(), body.length() > 80 ? body.substring(0, 80) : body);
        }
        assertEquals(409, ack(t, d.get(0), "{\"status_code\":200,\"lease_id\":\"not-this-lease\"}").status());
        assertEquals(200, ack(t, d.get(0), "{\"status_code\":200}").status(), "the lease was still held");
    }

    @Test
    void anotherTenantCannotPullOrAck(TestPlatform p) {
        Tenants owner = new Tenants(p, "pull-owner");
        Tenants intruder = new Tenants(p, "pull-intruder");
        String id = pullEndpoint(owner, "").get("id").asText();
        owner.publish("a.b", "{}");
        awaitDeliveries(owner, id, 1);
        assertEquals(404, intruder.get("/v1/endpoints/" + id + "/pull").status());
        JsonNode d = pullSome(owner, id, "");
        assertEquals(404, ack(intruder, d.get(0), "{\"status_code\":200}").status());
        assertEquals(200, ack(owner, d.get(0), "{\"status_code\":200}").status(), "the intruder's ack changed nothing");
        assertNull(owner.delivery(d.get(0).get("delivery_id").asText()).get("next_attempt_at"));
    }
}
