package dev.hookline.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.local.testing.Http;
import dev.hookline.local.testing.Tenants;
import dev.hookline.local.testing.TestPlatform;
import dev.hookline.local.testing.TestReceiver;
import dev.hookline.local.testing.WithPlatform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11 item 7: every management action lands in the tenant's audit log with who, when, what, on what and a
 * redacted diff; the log filters and pages with sealed cursors, and one tenant never sees another's.
 */
@WithPlatform
class AuditLogIT {
    private TestReceiver receiver;

    @BeforeEach
    void start() throws Exception {
        receiver = new TestReceiver();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    private static List<JsonNode> entries(Tenants t, String query) {
        Http.Response r = t.get("/v1/audit-log" + query);
        assertEquals(200, r.status(), r.body());
        List<JsonNode> out = new ArrayList<>();
        r.json().get("data").forEach(out::add);
        return out;
    }

    private static List<String> actions(List<JsonNode> entries) {
        return entries.stream().map(e -> e.get("action").asText()).toList();
    }

    private static JsonNode change(JsonNode entry, String field) {
        for (JsonNode c : entry.get("changes")) {
            if (c.get("field").asText().equals(field)) {
                return c;
            }
        }
        return null;
    }

    @Test
    void everyManagementActionIsRecordedWithActorTargetAndARedactedDiff(TestPlatform p) {
        Tenants t = new Tenants(p, "audited");
        String keyId = t.get("/v1/api-keys").json().get("data").get(0).get("id").asText();

        JsonNode ep = t.createEndpoint("{\"url\":\"" + receiver.url("/a") + "\",\"headers\":{\"X-Api-Key\":\"receiver-key-123\"}}");
        String epId = ep.get("id").asText();
        String firstSecret = ep.get("secret").asText();
        assertEquals(200, t.send("PATCH", "/v1/endpoints/" + epId, "{\"url\":\"" + receiver.url("/b")
                + "\",\"headers\":{\"X-Api-Key\":\"receiver-key-456\"}}").status());
        assertEquals(200, t.send("POST", "/v1/endpoints/" + epId + "/disable", null).status());
        assertEquals(200, t.send("POST", "/v1/endpoints/" + epId + "/enable", null).status());
        String newSecret = t.send("POST", "/v1/endpoints/" + epId + "/secret/rotate", "{\"grace_s\":0}").json().get("secret").asText();
        String dlv = t.deliveryOf(t.publish("order.created", "{}"), epId);
        t.awaitStatus(dlv, "succeeded", Duration.ofSeconds(15));
        assertEquals(202, t.send("POST", "/v1/deliveries/" + dlv + "/retry", null).status());
        assertEquals(202, t.send("POST", "/v1/endpoints/" + epId + "/recover", "{\"since\":\""
                + Instant.now().minusSeconds(3600) + "\"}").status());
        assertEquals(202, t.send("POST", "/v1/endpoints/" + epId + "/dead-letters/redrive", null).status());

        Http.Response source = p.http().post("/v1/sources", t.key(), "{\"name\":\"github\",\"mode\":\"stream\","
                + "\"verification\":{\"scheme\":\"github\",\"secrets\":[\"gh-webhook-secret-xyz-0123456789\"]}}");
        assertEquals(201, source.status(), source.body());
        String srcId = source.json().get("id").asText();
        String firstUrl = source.json().get("ingest_url").asText();
        String rotatedUrl = t.send("POST", "/v1/sources/" + srcId + "/token/rotate", null).json().get("ingest_url").asText();
        assertEquals(200, t.send("PATCH", "/v1/sources/" + srcId, "{\"verification\":{\"scheme\":\"github\","
                + "\"secrets\":[\"gh-webhook-secret-new-0123456789\"]}}").status());
        assertEquals(204, t.send("DELETE", "/v1/sources/" + srcId, null).status());
        Http.Response key = p.http().post("/v1/api-keys", t.key(), "{\"name\":\"ci\"}");
        String newKeyId = key.json().get("id").asText();
        assertEquals(204, t.send("DELETE", "/v1/api-keys/" + newKeyId, null).status());
        assertEquals(204, t.send("DELETE", "/v1/endpoints/" + epId, null).status());

        Http.Response all = t.get("/v1/audit-log?limit=100");
        List<JsonNode> log = entries(t, "?limit=100");
        assertEquals(List.of("endpoint.deleted", "api_key.revoked", "api_key.created", "source.deleted", "source.updated",
                "source.token_rotated", "source.created", "endpoint.dead_letters_redriven", "endpoint.recovery_requested",
                "delivery.retried", "endpoint.secret_rotated", "endpoint.enabled", "endpoint.disabled", "endpoint.updated",
                "endpoint.created", "api_key.created", "tenant.created"), actions(log), "newest first");
        for (JsonNode e : log.subList(0, log.size() - 2)) {
            assertEquals(keyId, e.get("actor").asText(), e.toString());
            assertTrue(e.get("id").asText().startsWith("aud_"));
        }
        assertEquals("admin", log.getLast().get("actor").asText(), "the admin created the tenant");
        assertEquals("tenant", log.getLast().get("target").get("kind").asText());
        assertEquals(t.id(), log.getLast().get("target").get("id").asText());

        JsonNode updated = log.get(13);
        assertEquals("endpoint", updated.get("target").get("kind").asText());
        assertEquals(epId, updated.get("target").get("id").asText());
        assertEquals(receiver.url("/a"), change(updated, "url").get("before").asText());
        assertEquals(receiver.url("/b"), change(updated, "url").get("after").asText());
        assertEquals("[redacted]", change(updated, "headers").get("after").get("X-Api-Key").asText());
        assertNull(change(updated, "retry"), "only what changed");
        assertEquals("[redacted]", change(log.get(10), "secret").get("after").asText(), "a rotation shows the secret changed");
        assertFalse(change(log.get(12), "enabled").get("after").asBoolean());
        assertEquals(dlv, log.get(9).get("target").get("id").asText());
        assertNotNull(change(log.get(4), "verification_secrets"), "a new verification secret shows as changed");
        assertNotNull(change(log.get(5), "token"));

        for (String secret : List.of(firstSecret, newSecret, "receiver-key-123", "receiver-key-456", "gh-webhook-secret",
                firstUrl.substring(firstUrl.lastIndexOf('/') + 1), rotatedUrl.substring(rotatedUrl.lastIndexOf('/') + 1),
                key.json().get("api_key").asText(), t.key())) {
            assertFalse(all.body().contains(secret), "the audit log holds a secret: " + secret);
        }
    }

    @Test
    void theLogFiltersAndPagesWithCursorsSealedToItsFilters(TestPlatform p) {
        Tenants t = new Tenants(p, "audit-filters");
        Instant start = Instant.now();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(t.createEndpoint("{\"url\":\"" + receiver.url("/" + i) + "\"}").get("id").asText());
        }
        t.send("PATCH", "/v1/endpoints/" + ids.get(1), "{\"description\":\"second\"}");
        t.send("POST", "/v1/endpoints/" + ids.get(1) + "/disable", null);

        assertEquals(List.of("endpoint.created", "endpoint.created", "endpoint.created"),
                actions(entries(t, "?action=endpoint.created")));
        assertEquals(List.of("endpoint.disabled", "endpoint.updated", "endpoint.created"),
                actions(entries(t, "?target_kind=endpoint&target_id=" + ids.get(1))));
        assertEquals(List.of("tenant.created", "api_key.created"), actions(entries(t, "?actor=admin")).reversed());
        String from = URLEncoder.encode(start.toString(), StandardCharsets.UTF_8);
        assertEquals(5, entries(t, "?from=" + from).size(), "the tenant's own creation came before");
        assertEquals(2, entries(t, "?to=" + from).size());

        Http.Response first = t.get("/v1/audit-log?target_kind=endpoint&limit=2");
        assertEquals(2, first.json().get("data").size());
        String cursor = first.json().get("next_cursor").asText();
        Http.Response second = t.get("/v1/audit-log?target_kind=endpoint&limit=2&cursor=" + cursor);
        assertEquals(2, second.json().get("data").size());
        Http.Response third = t.get("/v1/audit-log?target_kind=endpoint&limit=2&cursor="
                + second.json().get("next_cursor").asText());
        assertEquals(1, third.json().get("data").size());
        assertTrue(third.json().get("next_cursor").isNull());
        assertEquals(422, t.get("/v1/audit-log?target_kind=source&limit=2&cursor=" + cursor).status(),
                "a cursor belongs to its filters");

        Tenants other = new Tenants(p, "audit-other");
        assertEquals(422, other.get("/v1/audit-log?target_kind=endpoint&limit=2&cursor=" + cursor).status(),
                "a cursor never reaches another tenant");
        assertEquals(List.of(), entries(other, "?target_id=" + ids.get(0)), "another tenant sees none of it");
        assertEquals(2, entries(other, "").size(), "only its own creation");

        for (String bad : List.of("?from=yesterday", "?action=DROP%20TABLE", "?limit=0", "?to=2020-01-01T00:00:00Z&from=2021-01-01T00:00:00Z")) {
            Http.Response r = t.get("/v1/audit-log" + bad);
            assertEquals(422, r.status(), bad + " " + r.body());
        }
    }
}
