package dev.hookline.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.local.testing.Http;
import dev.hookline.local.testing.TestPlatform;
import dev.hookline.local.testing.WithPlatform;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 2's proof of the loop: health, the admin bootstrap, API keys, problem answers, the scheduler. */
@WithPlatform
class FoundationIT {

    @Test
    void healthListsEveryTableQueueAndSecretOfTheTemplateAsPresent(TestPlatform p) {
        Http.Response r = p.http().get("/health", null);
        assertEquals(200, r.status(), r.body());
        JsonNode body = r.json();
        assertEquals("ok", body.get("status").asText());
        Set<String> reported = new HashSet<>();
        body.get("resources").forEach(res -> {
            assertTrue(res.get("present").asBoolean(), res.toString());
            reported.add(res.get("name").asText());
        });
        List<String> declared = new ArrayList<>();
        for (String type : List.of("AWS::DynamoDB::Table", "AWS::SQS::Queue", "AWS::SecretsManager::Secret")) {
            declared.addAll(p.platform().template().resourcesOfType(type).keySet());
        }
        assertEquals(14, declared.size(), "the template's tables, queues (the delivery slow lane and its DLQ too) and secrets");
        for (String logicalId : declared) {
            assertTrue(reported.stream().anyMatch(name -> name.startsWith("hookline-test-" + logicalId)),
                    logicalId + " missing from " + reported);
        }
    }

    @Test
    void creatingATenantNeedsTheAdminKeyFromSecretsManager(TestPlatform p) {
        Http.Response none = p.http().post("/v1/tenants", null, "{\"name\":\"acme\"}");
        assertEquals(401, none.status());
        assertEquals("application/problem+json", none.header("content-type"));
        assertEquals("https://hookline.dev/problems/unauthorized", none.json().get("type").asText());
        assertEquals(401, none.json().get("status").asInt());

        Http.Response wrong = p.http().post("/v1/tenants", p.adminKey() + "x", "{\"name\":\"acme\"}");
        assertEquals(401, wrong.status());

        Http.Response created = p.http().post("/v1/tenants", p.adminKey(), "{\"name\":\"acme\"}");
        assertEquals(201, created.status(), created.body());
        JsonNode tenant = created.json();
        assertTrue(tenant.get("id").asText().startsWith("ten_"));
        assertEquals("acme", tenant.get("name").asText());
        assertTrue(tenant.get("api_key").asText().startsWith("hk_"));
    }

    @Test
    void aTenantKeyIsNotAnAdminKeyAndTheAdminKeyIsNotATenantKey(TestPlatform p) {
        TestPlatform.Tenant t = p.newTenant("acme");
        assertEquals(401, p.http().post("/v1/tenants", t.apiKey(), "{\"name\":\"x\"}").status());
        assertEquals(401, p.http().get("/v1/api-keys", p.adminKey()).status());
    }

    @Test
    void apiKeysAreIssuedListedWithoutTheirValueAndRevoked(TestPlatform p) {
        TestPlatform.Tenant t = p.newTenant("keys");
        Http.Response issued = p.http().post("/v1/api-keys", t.apiKey(), "{\"name\":\"ci\"}");
        assertEquals(201, issued.status(), issued.body());
        String second = issued.json().get("api_key").asText();
        String secondId = issued.json().get("id").asText();
        assertNotEquals(t.apiKey(), second);

        Http.Response list = p.http().get("/v1/api-keys", second);
        assertEquals(200, list.status());
        assertEquals(2, list.json().get("data").size());
        assertTrue(list.json().has("next_cursor"));
        list.json().get("data").forEach(k -> assertFalse(k.has("api_key"), "a listed key must not show its value"));
        assertFalse(list.body().contains(second.substring(3)), "the key's value must not appear in the listing");

        assertEquals(204, p.http().send("DELETE", "/v1/api-keys/" + secondId, t.apiKey(), null, Map.of()).status());
        assertEquals(401, p.http().get("/v1/api-keys", second).status());
        assertEquals(200, p.http().get("/v1/api-keys", t.apiKey()).status());
    }

    @Test
    void anotherTenantsKeyIdIsNotFound(TestPlatform p) {
        TestPlatform.Tenant a = p.newTenant("a");
        TestPlatform.Tenant b = p.newTenant("b");
        String bKeyId = p.http().get("/v1/api-keys", b.apiKey()).json().get("data").get(0).get("id").asText();
        Http.Response r = p.http().send("DELETE", "/v1/api-keys/" + bKeyId, a.apiKey(), null, Map.of());
        assertEquals(404, r.status());
        assertEquals(200, p.http().get("/v1/api-keys", b.apiKey()).status(), "b's key still works");
    }

    @Test
    void badInputAnswersProblemsWithTheRightStatus(TestPlatform p) {
        Http.Response blank = p.http().post("/v1/tenants", p.adminKey(), "{\"name\":\"  \"}");
        assertEquals(422, blank.status());
        assertEquals("name", blank.json().get("errors").get(0).get("field").asText());

        Http.Response malformed = p.http().post("/v1/tenants", p.adminKey(), "{\"name\":");
        assertEquals(400, malformed.status());
        assertEquals("application/problem+json", malformed.header("content-type"));

        Http.Response unknownField = p.http().post("/v1/tenants", p.adminKey(), "{\"name\":\"a\",\"plan\":\"gold\"}");
        assertEquals(422, unknownField.status());

        TestPlatform.Tenant t = p.newTenant("routes");
        assertEquals(404, p.http().get("/v1/nothing-here", t.apiKey()).status());
        assertEquals(401, p.http().get("/v1/nothing-here", null).status(), "unknown routes do not leak to strangers");
        Http.Response wrongMethod = p.http().send("PUT", "/v1/api-keys", t.apiKey(), "{}", Map.of());
        assertEquals(405, wrongMethod.status());
        assertEquals("POST, GET", wrongMethod.header("allow"));
    }

    @Test
    void theHttpApiAnswersLikeApiGatewayWhereNoRouteMatches(TestPlatform p) {
        Http.Response r = p.http().get("/not-a-route", null);
        assertEquals(404, r.status());
        assertEquals("Not Found", r.json().get("message").asText());
    }
}
