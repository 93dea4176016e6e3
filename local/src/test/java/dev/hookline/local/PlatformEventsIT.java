package dev.hookline.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.local.testing.Eventually;
import dev.hookline.local.testing.Http;
import dev.hookline.local.testing.TestPlatform;
import dev.hookline.local.testing.TestReceiver;
import dev.hookline.local.testing.TestReceiver.Answer;
import dev.hookline.local.testing.Tenants;
import dev.hookline.local.testing.WithPlatform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 5: Hookline's own events go out through the normal delivery path, to endpoints that name them. */
@WithPlatform
class PlatformEventsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private TestReceiver observer;

    @BeforeEach
    void start() throws Exception {
        observer = new TestReceiver();
    }

    @AfterEach
    void stop() {
        observer.close();
    }

    private List<JsonNode> events(Duration wait, int atLeast) {
        return Eventually.poll(wait, () -> {
            List<JsonNode> out = new ArrayList<>();
            observer.received().forEach(r -> {
                try {
                    out.add(JSON.readTree(r.body()));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            return out;
        }, l -> l.size() >= atLeast);
    }

    @Test
    void apiKeyLifecycleIsPublished(TestPlatform p) {
        Tenants t = new Tenants(p, "keys-events");
        t.createEndpoint("{\"url\":\"" + observer.url("/") + "\",\"event_types\":[\"api_key.*\"]}");
        Http.Response key = p.http().post("/v1/api-keys", t.key(), "{\"name\":\"ci\"}");
        String keyId = key.json().get("id").asText();
        assertEquals(204, t.send("DELETE", "/v1/api-keys/" + keyId, null).status());
        List<JsonNode> got = events(Duration.ofSeconds(15), 2);
        assertEquals(List.of("api_key.created", "api_key.revoked"), got.stream().map(e -> e.get("type").asText()).sorted().toList());
        got.forEach(e -> assertEquals(keyId, e.get("data").get("api_key_id").asText()));
        assertFalse(observer.received().stream().anyMatch(r -> new String(r.body()).contains(key.json().get("api_key").asText())),
                "the key itself never leaves in an event");
    }

    @Test
    void aDeliveryThatKeepsFailingIsReportedOnceThenItsDeadLetter(TestPlatform p) throws Exception {
        try (TestReceiver broken = new TestReceiver()) {
            broken.otherwise(() -> Answer.status(500));
            Tenants t = new Tenants(p, "failing-events");
            t.createEndpoint("{\"url\":\"" + observer.url("/") + "\",\"event_types\":[\"delivery.*\"]}");
            t.createEndpoint("{\"url\":\"" + broken.url("/") + "\",\"event_types\":[\"order.*\"],"
                    + "\"retry\":{\"initial_backoff_s\":1,\"multiplier\":1,\"max_attempts\":4,\"max_backoff_s\":1}}");
            t.publish("order.created", "{}");
            List<JsonNode> got = events(Duration.ofSeconds(25), 2);
            List<String> types = got.stream().map(e -> e.get("type").asText()).toList();
            assertEquals(List.of("delivery.failing", "delivery.dead_lettered"), types, "failing once (after 3), then dead");
            assertEquals(3, got.get(0).get("data").get("attempts").asInt());
            assertEquals(4, got.get(1).get("data").get("attempts").asInt());
        }
    }

    @Test
    void secretExpiringGoesOutAheadOfTheGracePeriodsEnd(TestPlatform p) {
        Tenants t = new Tenants(p, "expiring");
        t.createEndpoint("{\"url\":\"" + observer.url("/") + "\",\"event_types\":[\"secret.*\"]}");
        String id = t.createEndpoint("{\"url\":\"http://127.0.0.1:9/hook\",\"event_types\":[\"x.y\"]}").get("id").asText();
        Http.Response rotated = t.send("POST", "/v1/endpoints/" + id + "/secret/rotate", "{\"grace_s\":7200}");
        assertEquals(200, rotated.status(), rotated.body());
        try {
            p.platform().schedule("SchedulerFunction").fire();
            assertTrue(events(Duration.ofSeconds(2), 1).isEmpty(), "not before an hour ahead of the end");
            p.clock().advance(Duration.ofMinutes(61));
            p.platform().schedule("SchedulerFunction").fire();
            List<JsonNode> got = events(Duration.ofSeconds(15), 1);
            assertEquals("secret.expiring", got.getFirst().get("type").asText());
            assertEquals(id, got.getFirst().get("data").get("endpoint_id").asText());
            assertEquals(rotated.json().get("previous_secret_expires_at").asText(),
                    got.getFirst().get("data").get("previous_secret_expires_at").asText());
        } finally {
            p.clock().reset();
        }
    }

    @Test
    void aSourceWhoseCallsKeepFailingVerificationReportsItOnce(TestPlatform p) {
        Tenants t = new Tenants(p, "verification-events");
        t.createEndpoint("{\"url\":\"" + observer.url("/") + "\",\"event_types\":[\"source.*\"]}");
        Http.Response src = p.http().post("/v1/sources", t.key(), "{\"name\":\"gh\",\"mode\":\"stream\","
                + "\"verification\":{\"scheme\":\"github\",\"secrets\":[\"the-real-secret-0123456789\"]}}");
        String url = src.json().get("ingest_url").asText();
        String path = url.substring(url.indexOf("/in/"));
        for (int i = 0; i < 12; i++) {
            assertEquals(401, p.http().send("POST", path, null, "{\"n\":" + i + "}",
                    Map.of("X-Hub-Signature-256", "sha256=" + "0".repeat(64))).status());
        }
        List<JsonNode> got = events(Duration.ofSeconds(15), 1);
        assertEquals(1, got.size(), "once, not per failure");
        assertEquals("source.verification_failing", got.getFirst().get("type").asText());
        assertEquals("bad_signature", got.getFirst().get("data").get("last_reason").asText());
    }
}
