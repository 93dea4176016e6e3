package dev.hookline.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.local.testing.Eventually;
import dev.hookline.local.testing.Http;
import dev.hookline.local.testing.OpenApiContract;
import dev.hookline.local.testing.TestPlatform;
import dev.hookline.local.testing.TestReceiver;
import dev.hookline.local.testing.Tenants;
import dev.hookline.local.testing.WithPlatform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12: every operation of openapi.json called as a client generated from it would, once with a valid and once
 * with an invalid request; {@link Http} validates each answer against the document (status, headers, body). Plus
 * the mismatches the issue lists: cursors, the last page, the secret's public key, last_error, Java names in errors.
 */
@WithPlatform
class ApiContractIT {
    private static final String NONE = "{\"scheme\":\"none\"}";

    @Test
    void everyOperationAnswersAValidAndAnInvalidRequestAsTheDocumentSays(TestPlatform p) throws IOException {
        Http http = p.http();
        String admin = p.adminKey();
        try (TestReceiver receiver = new TestReceiver()) {
            // Public routes: the wrong method on their path is their invalid request (the gateway has no such route).
            expect(200, http.get("/health", null));
            expect(404, http.send("POST", "/health", null, null, Map.of()));
            expect(200, http.get("/openapi.json", null));
            expect(404, http.send("DELETE", "/openapi.json", null, null, Map.of()));

            String page = expect(200, http.get("/console/", null)).body();
            expect(404, http.send("POST", "/console/", null, null, Map.of()));
            java.util.regex.Matcher asset = java.util.regex.Pattern.compile("assets/[^\"/]+/app\\.js").matcher(page);
            assertTrue(asset.find(), "the console page names its script: " + page);
            expect(200, http.get("/console/" + asset.group(), null));
            expect(404, http.get("/console/assets/not-a-version/app.js", null));

            String tenantId = expect(201, http.post("/v1/tenants", admin, "{\"name\":\"contract\"}")).json()
                    .get("id").asText();
            expect(422, http.post("/v1/tenants", admin, "{\"name\":\"\"}"));
            expect(200, http.get("/v1/tenants", admin));
            expect(422, http.get("/v1/tenants?cursor=garbage!!", admin));
            expect(200, http.get("/v1/tenants/" + tenantId, admin));
            expect(401, http.get("/v1/tenants/" + tenantId, null));
            String adminKeyId = expect(201, http.post("/v1/tenants/" + tenantId + "/api-keys", admin, "{\"name\":\"ops\"}"))
                    .json().get("id").asText();
            expect(422, http.post("/v1/tenants/" + tenantId + "/api-keys", admin, "{\"name\":[]}"));
            expect(200, http.get("/v1/tenants/" + tenantId + "/api-keys", admin));
            expect(401, http.get("/v1/tenants/" + tenantId + "/api-keys", null));
            expect(204, http.send("DELETE", "/v1/tenants/" + tenantId + "/api-keys/" + adminKeyId, admin, null, Map.of()));
            expect(401, http.send("DELETE", "/v1/tenants/" + tenantId + "/api-keys/" + adminKeyId, null, null, Map.of()));
            Tenants t = new Tenants(p, "contract-ops");
            String key = t.key();

            String keyId = expect(201, http.post("/v1/api-keys", key, "{\"name\":\"ci\"}")).json().get("id").asText();
            expect(422, http.post("/v1/api-keys", key, "{\"name\":5}"));
            expect(200, http.get("/v1/api-keys", key));
            expect(401, http.get("/v1/api-keys", null));
            expect(204, http.send("DELETE", "/v1/api-keys/" + keyId, key, null, Map.of()));
            expect(401, http.send("DELETE", "/v1/api-keys/" + keyId, "hk_not-a-key", null, Map.of()));

            String ep = expect(201, http.post("/v1/endpoints", key, "{\"url\":\"" + receiver.url("/") + "\"}"))
                    .json().get("id").asText();
            expect(400, http.post("/v1/endpoints", key, "null"));
            expect(200, http.get("/v1/endpoints", key));
            expect(422, http.get("/v1/endpoints?limit=0", key));
            expect(200, http.get("/v1/endpoints/" + ep, key));
            expect(401, http.get("/v1/endpoints/" + ep, null));
            expect(200, http.send("PATCH", "/v1/endpoints/" + ep, key, "{\"description\":\"contract\"}", Map.of()));
            expect(422, http.send("PATCH", "/v1/endpoints/" + ep, key, "{\"timeout_ms\":1.5}", Map.of()));
            expect(200, http.post("/v1/endpoints/" + ep + "/disable", key, null));
            expect(401, http.post("/v1/endpoints/" + ep + "/disable", null, null));
            expect(200, http.post("/v1/endpoints/" + ep + "/enable", key, null));
            expect(401, http.post("/v1/endpoints/" + ep + "/enable", null, null));
            expect(200, http.get("/v1/endpoints/" + ep + "/secret", key));
            expect(401, http.get("/v1/endpoints/" + ep + "/secret", null));
            expect(200, http.post("/v1/endpoints/" + ep + "/secret/rotate", key, "{\"grace_s\":60}"));
            expect(422, http.post("/v1/endpoints/" + ep + "/secret/rotate", key, "{\"grace_s\":\"60\"}"));
            expect(200, http.post("/v1/endpoints/" + ep + "/test", key, null));
            expect(401, http.post("/v1/endpoints/" + ep + "/test", null, null));

            String msg = expect(202, http.post("/v1/events", key, "{\"type\":\"order.paid\",\"data\":{\"n\":1}}"))
                    .json().get("id").asText();
            expect(422, http.post("/v1/events", key, "{\"type\":5,\"data\":{}}"));
            String dlv = t.deliveryOf(msg, ep);
            t.awaitStatus(dlv, "succeeded", Duration.ofSeconds(20));
            expect(200, http.get("/v1/events", key));
            expect(422, http.get("/v1/events?cursor=garbage!!", key));
            expect(200, http.get("/v1/events/" + msg, key));
            expect(401, http.get("/v1/events/" + msg, null));
            expect(200, http.get("/v1/event-types", key));
            expect(401, http.get("/v1/event-types", null));
            expect(201, http.post("/v1/event-types", key, "{\"name\":\"order.paid\",\"category\":\"billing\"}"));
            expect(422, http.post("/v1/event-types", key, "{\"name\":\"run.failed\"}"));
            expect(200, http.get("/v1/event-types/order.paid", key));
            expect(401, http.get("/v1/event-types/order.paid", null));
            expect(200, http.send("PATCH", "/v1/event-types/order.paid", key, "{\"deprecated\":true}", Map.of()));
            expect(422, http.send("PATCH", "/v1/event-types/order.paid", key, "{\"category\":\"Not A Slug\"}", Map.of()));
            dev.hookline.local.testing.TestPki.Issued issued = new dev.hookline.local.testing.TestPki("contract-mtls")
                    .client("contract-client");
            String certificate = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                    .put("certificate", issued.certificatePem()).put("private_key", issued.privateKeyPem()).toString();
            expect(200, http.send("PUT", "/v1/endpoints/" + ep + "/client-certificate", key, certificate, Map.of()));
            expect(422, http.send("PUT", "/v1/endpoints/" + ep + "/client-certificate", key,
                    "{\"certificate\":\"not a certificate\",\"private_key\":\"not a key\"}", Map.of()));
            expect(200, http.send("DELETE", "/v1/endpoints/" + ep + "/client-certificate", key, null, Map.of()));
            expect(401, http.send("DELETE", "/v1/endpoints/" + ep + "/client-certificate", null, null, Map.of()));
            expect(200, http.get("/v1/audit-log", key));
            expect(401, http.get("/v1/audit-log", null));
            expect(200, http.get("/v1/event-catalog/settings", key));
            expect(401, http.get("/v1/event-catalog/settings", null));
            expect(200, http.send("PATCH", "/v1/event-catalog/settings", key, "{\"validate_data\":true}", Map.of()));
            expect(422, http.send("PATCH", "/v1/event-catalog/settings", key, "{\"unregistered_types\":1}", Map.of()));
            expect(204, http.send("DELETE", "/v1/event-types/order.paid", key, null, Map.of()));
            expect(404, http.send("DELETE", "/v1/event-types/order.paid", key, null, Map.of()));
            expect(401, http.send("DELETE", "/v1/event-types/order.paid", null, null, Map.of()));
            expect(200, http.get("/v1/deliveries/" + dlv, key));
            expect(401, http.get("/v1/deliveries/" + dlv, null));
            expect(202, http.post("/v1/deliveries/" + dlv + "/retry", key, null));
            expect(401, http.post("/v1/deliveries/" + dlv + "/retry", null, null));
            expect(200, http.get("/v1/endpoints/" + ep + "/deliveries", key));
            expect(422, http.get("/v1/endpoints/" + ep + "/deliveries?status=nope", key));
            expect(200, http.get("/v1/endpoints/" + ep + "/stats", key));
            expect(422, http.get("/v1/endpoints/" + ep + "/stats?window=2d", key));
            expect(200, http.get("/v1/endpoints/" + ep + "/stats/series?window=1h", key));
            expect(422, http.get("/v1/endpoints/" + ep + "/stats/series?window=2d", key));
            expect(202, http.post("/v1/endpoints/" + ep + "/recover", key,
                    "{\"since\":\"" + p.clock().instant().minusSeconds(3600) + "\"}"));
            expect(422, http.post("/v1/endpoints/" + ep + "/recover", key, "{\"since\":\"yesterday\"}"));
            expect(200, http.get("/v1/endpoints/" + ep + "/dead-letters", key));
            expect(422, http.get("/v1/endpoints/" + ep + "/dead-letters?cursor=garbage!!", key));
            expect(202, http.post("/v1/endpoints/" + ep + "/dead-letters/redrive", key, null));
            expect(401, http.post("/v1/endpoints/" + ep + "/dead-letters/redrive", null, null));

            String trigger = "{\"name\":\"contract\",\"mode\":\"trigger\",\"verification\":" + NONE
                    + ",\"trigger\":{\"pipeline\":\"exports\",\"parameters\":{\"export_id\":\"/export_id\"}}}";
            JsonNode source = expect(201, http.post("/v1/sources", key, trigger)).json();
            String src = source.get("id").asText();
            String ingest = path(source.get("ingest_url").asText());
            expect(422, http.post("/v1/sources", key, "{\"name\":\"loop\",\"mode\":\"trigger\",\"verification\":" + NONE
                    + ",\"trigger\":{\"pipeline\":\"p\",\"schema\":{\"$ref\":\"#\"}}}"));
            expect(200, http.get("/v1/sources", key));
            expect(422, http.get("/v1/sources?cursor=garbage!!", key));
            expect(200, http.get("/v1/sources/" + src, key));
            expect(401, http.get("/v1/sources/" + src, null));
            expect(200, http.get("/v1/sources/" + src + "/verification-failures", key));
            expect(401, http.get("/v1/sources/" + src + "/verification-failures", null));
            expect(200, http.get("/v1/sources/" + src + "/stats?window=24h", key));
            expect(422, http.get("/v1/sources/" + src + "/stats?window=forever", key));
            expect(200, http.send("PATCH", "/v1/sources/" + src, key, "{\"name\":\"renamed\"}", Map.of()));
            expect(422, http.send("PATCH", "/v1/sources/" + src, key, "{\"max_body_bytes\":1.5}", Map.of()));
            String run = expect(202, http.post(ingest, null, "{\"export_id\":\"e-1\"}")).json().get("id").asText();
            expect(400, http.post(ingest, null, "{\"export_id\":"));
            expect(200, http.get("/v1/runs/" + run, key));
            expect(401, http.get("/v1/runs/" + run, null));
            expect(200, http.get("/v1/runs?source_id=" + src, key));
            expect(422, http.get("/v1/runs?status=bogus", key));
            expect(200, http.post("/v1/runs/" + run + "/status", key, "{\"status\":\"started\"}"));
            expect(422, http.post("/v1/runs/" + run + "/status", key, "{\"status\":\"bogus\"}"));
            expect(200, http.post("/v1/sources/" + src + "/token/rotate", key, "{\"grace_s\":60}"));
            expect(422, http.post("/v1/sources/" + src + "/token/rotate", key, "{\"grace_s\":-1}"));
            expect(204, http.send("DELETE", "/v1/sources/" + src, key, null, Map.of()));
            expect(401, http.send("DELETE", "/v1/sources/" + src, null, null, Map.of()));

            expect(204, http.send("DELETE", "/v1/endpoints/" + ep, key, null, Map.of()));
            expect(401, http.send("DELETE", "/v1/endpoints/" + ep, null, null, Map.of()));
        }
    }

    @Test
    void cursorsAreSealedToTheirListAndAFullLastPageEnds(TestPlatform p) {
        Tenants t = new Tenants(p, "cursors");
        Tenants other = new Tenants(p, "cursors-other");
        for (int i = 0; i < 9; i++) {
            t.createEndpoint("{\"url\":\"http://127.0.0.1:9/hook/" + i + "\"}");
            assertEquals(201, p.http().post("/v1/sources", t.key(), "{\"name\":\"s" + i + "\",\"mode\":\"stream\","
                    + "\"verification\":" + NONE + "}").status());
        }
        other.createEndpoint("{\"url\":\"http://127.0.0.1:9/hook/other\"}");
        // 9 items at limit=9: one page, and it says it is the last.
        JsonNode all = t.get("/v1/endpoints?limit=9").json();
        assertEquals(9, all.get("data").size());
        assertTrue(all.get("next_cursor").isNull(), all.toString());
        assertTrue(t.get("/v1/sources?limit=9").json().get("next_cursor").isNull());
        // Pages of 4: 4 + 4 + 1, the last with null.
        List<String> ids = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = t.get("/v1/endpoints?limit=4" + (cursor == null ? "" : "&cursor=" + cursor)).json();
            page.get("data").forEach(e -> ids.add(e.get("id").asText()));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
            pages++;
        } while (cursor != null && pages < 10);
        assertEquals(3, pages);
        assertEquals(9, ids.stream().distinct().count());

        String endpointsCursor = t.get("/v1/endpoints?limit=4").json().get("next_cursor").asText();
        assertFalse(endpointsCursor.contains("ep_"), "opaque: " + endpointsCursor);
        assertInvalidCursor(t.get("/v1/endpoints?cursor=garbage!!"));
        assertInvalidCursor(t.get("/v1/sources?cursor=" + endpointsCursor));
        assertInvalidCursor(other.get("/v1/endpoints?cursor=" + endpointsCursor));
        String tampered = endpointsCursor.charAt(0) == 'A' ? "B" + endpointsCursor.substring(1) : "A" + endpointsCursor.substring(1);
        assertInvalidCursor(t.get("/v1/endpoints?cursor=" + tampered));
        // A run cursor is bound to its filters too.
        assertInvalidCursor(t.get("/v1/runs?status=queued&cursor=" + endpointsCursor));
    }

    private static void assertInvalidCursor(Http.Response r) {
        assertEquals(422, r.status(), r.body());
        assertEquals("cursor", r.json().get("errors").get(0).get("field").asText(), r.body());
    }

    @Test
    void anHmacOnlyEndpointsSecretHasAnEmptyPublicKeyAndASuccessLeavesNoError(TestPlatform p) throws IOException {
        Tenants t = new Tenants(p, "secret-view");
        try (TestReceiver receiver = new TestReceiver()) {
            String ep = t.createEndpoint("{\"url\":\"" + receiver.url("/") + "\"}").get("id").asText();
            JsonNode secret = t.get("/v1/endpoints/" + ep + "/secret").json();
            assertTrue(secret.get("secret").asText().startsWith("whsec_"));
            assertEquals("", secret.get("public_key").asText());
            String dlv = t.deliveryOf(t.publish("order.paid", "{}"), ep);
            JsonNode delivered = t.awaitStatus(dlv, "succeeded", Duration.ofSeconds(20));
            assertFalse(delivered.has("last_error"), delivered.toString());
            assertTrue(receiver.next(Duration.ofSeconds(5)) != null);
        }
    }

    @Test
    void hookLinesOwnEventTypesCannotBePublishedByATenant(TestPlatform p) {
        Tenants t = new Tenants(p, "reserved");
        for (String type : List.of("run.failed", "endpoint.disabled", "delivery.dead_lettered", "webhook.test")) {
            Http.Response r = p.http().post("/v1/events", t.key(), "{\"type\":\"" + type + "\",\"data\":{}}");
            assertEquals(422, r.status(), r.body());
            assertEquals("type", r.json().get("errors").get(0).get("field").asText());
        }
        assertEquals(202, p.http().post("/v1/events", t.key(), "{\"type\":\"run.failed.mine\",\"data\":{}}").status());
    }

    @Test
    void errorsNameFieldsAndTypesAsTheDocumentDoes(TestPlatform p) {
        Tenants t = new Tenants(p, "words");
        Map<String, String> cases = Map.of(
                "{\"url\":\"http://127.0.0.1:9/h\",\"event_types\":[1]}", "event_types[0]",
                "{\"url\":\"http://127.0.0.1:9/h\",\"retry\":{\"max_attempts\":\"3\"}}", "retry.max_attempts",
                "{\"url\":\"http://127.0.0.1:9/h\",\"retry\":5}", "retry",
                "{\"url\":\"http://127.0.0.1:9/h\",\"headers\":{\"X-A\":true}}", "headers.X-A",
                "{\"url\":[\"http://127.0.0.1:9/h\"]}", "url");
        cases.forEach((body, field) -> {
            Http.Response r = p.http().post("/v1/endpoints", t.key(), body);
            assertEquals(422, r.status(), body + " -> " + r.body());
            assertEquals(field, r.json().get("errors").get(0).get("field").asText(), r.body());
            assertFalse(r.body().contains("java.") || r.body().contains("dev.hookline") || r.body().contains("`"),
                    "no Java names: " + r.body());
            assertTrue(r.json().get("errors").get(0).get("message").asText().matches(
                    "must be (a string|an integer|a number|true or false|an array|an object)"), r.body());
        });
    }

    @Test
    void aPageOfDeliveriesKeepsItsStatusFilterInTheCursor(TestPlatform p) throws IOException {
        Tenants t = new Tenants(p, "filtered");
        try (TestReceiver receiver = new TestReceiver()) {
            String ep = t.createEndpoint("{\"url\":\"" + receiver.url("/") + "\"}").get("id").asText();
            for (int i = 0; i < 3; i++) {
                t.deliveryOf(t.publish("order.paid", "{\"i\":" + i + "}"), ep);
            }
            Eventually.poll(Duration.ofSeconds(20), () -> t.get("/v1/endpoints/" + ep + "/deliveries?status=succeeded")
                    .json().get("data").size(), n -> n == 3);
            String cursor = t.get("/v1/endpoints/" + ep + "/deliveries?status=succeeded&limit=1").json()
                    .get("next_cursor").asText();
            assertEquals(200, t.get("/v1/endpoints/" + ep + "/deliveries?status=succeeded&limit=1&cursor=" + cursor).status());
            assertInvalidCursor(t.get("/v1/endpoints/" + ep + "/deliveries?status=failed&cursor=" + cursor));
            assertInvalidCursor(t.get("/v1/endpoints/" + ep + "/deliveries?cursor=" + cursor));
            assertNotEquals(null, receiver.next(Duration.ofSeconds(5)));
        }
    }

    /** Every operation has had a valid and an invalid request by now; a new route needs both in some test. */
    @AfterAll
    static void everyOperationWasExercisedBothWays() {
        List<String> missing = OpenApiContract.get().uncovered();
        assertTrue(missing.isEmpty(), "operations without both a valid and an invalid request: " + missing);
    }

    private static Http.Response expect(int status, Http.Response r) {
        assertEquals(status, r.status(), r.body());
        return r;
    }

    private static String path(String url) {
        return url.substring(url.indexOf("/in/"));
    }
}
