package dev.hookline.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.local.testing.Http;
import dev.hookline.local.testing.TestPlatform;
import dev.hookline.local.testing.Tenants;
import dev.hookline.local.testing.WithPlatform;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 9, item 6: bad input gets a clear 4xx problem on every route, never a 5xx. */
@WithPlatform
class BadInputIT {
    private static final String NONE = "{\"scheme\":\"none\"}";
    private static final List<String> NOT_OBJECTS = List.of("null", "[]", "[{}]", "5", "\"x\"", "true");

    /** method, path, who calls it (admin or the tenant) for every route that takes a JSON body. */
    private record BodyRoute(String method, String path, boolean admin) {
    }

    private static List<BodyRoute> bodyRoutes(String ep, String src, String run) {
        return List.of(
                new BodyRoute("POST", "/v1/tenants", true),
                new BodyRoute("POST", "/v1/api-keys", false),
                new BodyRoute("POST", "/v1/endpoints", false),
                new BodyRoute("PATCH", "/v1/endpoints/" + ep, false),
                new BodyRoute("POST", "/v1/endpoints/" + ep + "/secret/rotate", false),
                new BodyRoute("POST", "/v1/endpoints/" + ep + "/recover", false),
                new BodyRoute("POST", "/v1/events", false),
                new BodyRoute("POST", "/v1/sources", false),
                new BodyRoute("PATCH", "/v1/sources/" + src, false),
                new BodyRoute("POST", "/v1/sources/" + src + "/token/rotate", false),
                new BodyRoute("POST", "/v1/runs/" + run + "/status", false));
    }

    @Test
    void nullArraysAndScalarsWhereAnObjectBelongsAre400AndOtherMediaTypes415(TestPlatform p) {
        Tenants t = new Tenants(p, "not-objects");
        String ep = t.createEndpoint("{\"url\":\"http://127.0.0.1:9/h\"}").get("id").asText();
        JsonNode source = p.http().post("/v1/sources", t.key(), "{\"name\":\"s\",\"mode\":\"trigger\",\"verification\":"
                + NONE + ",\"trigger\":{\"pipeline\":\"p\",\"parameters\":{\"id\":\"/id\"}}}").json();
        String ingest = source.get("ingest_url").asText();
        String run = p.http().post(ingest.substring(ingest.indexOf("/in/")), null, "{\"id\":\"1\"}").json().get("id").asText();
        for (BodyRoute route : bodyRoutes(ep, source.get("id").asText(), run)) {
            String key = route.admin() ? p.adminKey() : t.key();
            for (String body : NOT_OBJECTS) {
                Http.Response r = p.http().send(route.method(), route.path(), key, body, Map.of());
                assertEquals(400, r.status(), route + " " + body + " -> " + r.body());
                assertEquals("application/problem+json", r.header("content-type"));
                assertTrue(r.json().get("detail").asText().contains("JSON object"), r.body());
            }
            Http.Response text = p.http().send(route.method(), route.path(), key, "{\"name\":\"x\"}",
                    Map.of("Content-Type", "text/plain"));
            assertEquals(415, text.status(), route + " text/plain -> " + text.body());
            Http.Response form = p.http().send(route.method(), route.path(), key, "name=x",
                    Map.of("Content-Type", "application/x-www-form-urlencoded"));
            assertEquals(415, form.status(), route + " form -> " + form.body());
            Http.Response malformed = p.http().send(route.method(), route.path(), key, "{\"name\":", Map.of());
            assertEquals(400, malformed.status(), route + " malformed -> " + malformed.body());
        }
    }

    @Test
    void noTypeIsCoerced(TestPlatform p) {
        Tenants t = new Tenants(p, "coercion");
        assertField(422, "type", p.http().post("/v1/events", t.key(), "{\"type\":5,\"data\":{}}"));
        assertField(422, "type", p.http().post("/v1/events", t.key(), "{\"type\":true,\"data\":{}}"));
        assertField(422, "id", p.http().post("/v1/events", t.key(), "{\"type\":\"a.b\",\"id\":7,\"data\":{}}"));
        assertField(422, "event_types[0]", p.http().post("/v1/endpoints", t.key(),
                "{\"url\":\"http://127.0.0.1:9/h\",\"event_types\":[1]}"));
        assertField(422, "enabled", p.http().post("/v1/endpoints", t.key(),
                "{\"url\":\"http://127.0.0.1:9/h\",\"enabled\":\"true\"}"));
        assertField(422, "timeout_ms", p.http().post("/v1/endpoints", t.key(),
                "{\"url\":\"http://127.0.0.1:9/h\",\"timeout_ms\":\"5000\"}"));
        assertField(422, "max_body_bytes", p.http().post("/v1/sources", t.key(),
                "{\"name\":\"s\",\"mode\":\"stream\",\"verification\":" + NONE + ",\"max_body_bytes\":1.5}"));
        assertField(422, "name", p.http().post("/v1/sources", t.key(),
                "{\"name\":5,\"mode\":\"stream\",\"verification\":" + NONE + "}"));
        assertField(422, "stream.expand_arrays", p.http().post("/v1/sources", t.key(),
                "{\"name\":\"s\",\"mode\":\"stream\",\"verification\":" + NONE + ",\"stream\":{\"expand_arrays\":\"no\"}}"));
        assertField(422, "dedup.window_s", p.http().post("/v1/sources", t.key(),
                "{\"name\":\"s\",\"mode\":\"stream\",\"verification\":" + NONE + ",\"dedup\":{\"window_s\":\"3600\"}}"));
        assertField(422, "verification.scheme", p.http().post("/v1/sources", t.key(),
                "{\"name\":\"s\",\"mode\":\"stream\",\"verification\":{\"scheme\":1}}"));
        // Nothing of these was published or created.
        assertEquals(0, t.get("/v1/endpoints").json().get("data").size());
        assertEquals(0, t.get("/v1/sources").json().get("data").size());
    }

    @Test
    void controlCharactersInNamesDescriptionsAndHeaderValuesAre422(TestPlatform p) {
        Tenants t = new Tenants(p, "controls");
        assertField(422, "name", p.http().post("/v1/tenants", p.adminKey(), "{\"name\":\"a\\u0000b\"}"));
        assertField(422, "name", p.http().post("/v1/api-keys", t.key(), "{\"name\":\"ci\\u001b[31m\"}"));
        assertField(422, "name", p.http().post("/v1/api-keys", t.key(), "{\"name\":\"half \\ud800\"}"));
        assertField(422, "description", p.http().post("/v1/endpoints", t.key(),
                "{\"url\":\"http://127.0.0.1:9/h\",\"description\":\"bell\\u0007\"}"));
        assertField(422, "headers.X-Api-Key", p.http().post("/v1/endpoints", t.key(),
                "{\"url\":\"http://127.0.0.1:9/h\",\"headers\":{\"X-Api-Key\":\"k\\u0000v\"}}"));
        assertField(422, "name", p.http().post("/v1/sources", t.key(),
                "{\"name\":\"s\\u0085\",\"mode\":\"stream\",\"verification\":" + NONE + "}"));
        // A description may span lines; a tab in a header value is allowed by HTTP.
        assertEquals(201, p.http().post("/v1/endpoints", t.key(), "{\"url\":\"http://127.0.0.1:9/h\","
                + "\"description\":\"two\\nlines\",\"headers\":{\"X-Api-Key\":\"a\\tb\"}}").status());
    }

    @Test
    void triggerSchemasThatLoopAreTooBigOrPointOutsideAreRefusedAtCreation(TestPlatform p) {
        Tenants t = new Tenants(p, "schemas");
        for (String schema : List.of("{\"$ref\":\"#\"}", "{\"$ref\":\"#/$defs/missing\"}",
                "{\"$ref\":\"https://example.com/s.json\"}", "{\"allOf\":[{\"$ref\":\"#\"}]}",
                "{\"description\":\"" + "x".repeat(20_000) + "\"}", "{\"pattern\":\"(a)\\\\1\"}")) {
            Http.Response r = p.http().post("/v1/sources", t.key(), "{\"name\":\"s\",\"mode\":\"trigger\",\"verification\":"
                    + NONE + ",\"trigger\":{\"pipeline\":\"p\",\"schema\":" + schema + "}}");
            assertField(422, "trigger.schema", r);
        }
    }

    @Test
    void aRunawayPatternRunsInLinearTimeAndTheCallIsRecorded(TestPlatform p) {
        Tenants t = new Tenants(p, "redos");
        JsonNode source = p.http().post("/v1/sources", t.key(), "{\"name\":\"s\",\"mode\":\"trigger\",\"verification\":"
                + NONE + ",\"trigger\":{\"pipeline\":\"p\",\"parameters\":{\"s\":\"/s\"},"
                + "\"schema\":{\"properties\":{\"s\":{\"pattern\":\"^(a+)+$\"}}}}}").json();
        String ingest = source.get("ingest_url").asText();
        Http.Response r = p.http().post(ingest.substring(ingest.indexOf("/in/")), null,
                "{\"s\":\"" + "a".repeat(50_000) + "!\"}");
        assertEquals(202, r.status(), r.body());
        assertEquals("failed_validation", r.json().get("status").asText());
        assertEquals("failed_validation", t.get("/v1/runs/" + r.json().get("id").asText()).json().get("status").asText());
    }

    @Test
    void aFormWithTooManyFieldsIsRefusedNamingTheLimit(TestPlatform p) {
        Tenants t = new Tenants(p, "form-fields");
        JsonNode source = p.http().post("/v1/sources", t.key(), "{\"name\":\"s\",\"mode\":\"stream\",\"verification\":"
                + NONE + ",\"max_body_bytes\":1048576,\"stream\":{\"format\":\"form\"}}").json();
        String ingest = source.get("ingest_url").asText();
        byte[] form = "a=1&".repeat(100_000).getBytes(StandardCharsets.US_ASCII);
        Http.Response r = p.http().sendBytes("POST", ingest.substring(ingest.indexOf("/in/")), null, form,
                Map.of("Content-Type", "application/x-www-form-urlencoded"));
        assertEquals(413, r.status(), r.body());
        assertTrue(r.json().get("detail").asText().contains("1000 fields"), r.body());
    }

    private static void assertField(int status, String field, Http.Response r) {
        assertEquals(status, r.status(), r.body());
        assertEquals("application/problem+json", r.header("content-type"));
        JsonNode errors = r.json().get("errors");
        assertTrue(errors != null && errors.toString().contains("\"field\":\"" + field + "\""),
                "expected a field error on " + field + ": " + r.body());
    }
}
