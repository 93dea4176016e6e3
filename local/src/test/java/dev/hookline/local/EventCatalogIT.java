package dev.hookline.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import dev.hookline.local.testing.Http;
import dev.hookline.local.testing.TestPlatform;
import dev.hookline.local.testing.TestReceiver;
import dev.hookline.local.testing.TestReceiver.Received;
import dev.hookline.local.testing.Tenants;
import dev.hookline.local.testing.WithPlatform;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 11 (items 5, 6, 8) end to end: the event catalog, run events, and the endpoint fields from the seeds. */
@WithPlatform
class EventCatalogIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INVOICE_SCHEMA = "{\"type\":\"object\",\"required\":[\"amount\"],\"properties\":"
            + "{\"amount\":{\"type\":\"integer\",\"minimum\":0},\"currency\":{\"type\":\"string\",\"minLength\":3}}}";

    @AutoClose
    private final TestReceiver receiver = TestReceiver.open();

    private static Http.Response register(Tenants t, String name, String category, String extra) {
        return t.send("POST", "/v1/event-types", "{\"name\":\"" + name + "\"" + (category == null ? "" : ",\"category\":\""
                + category + "\"") + (extra.isEmpty() ? "" : "," + extra) + "}");
    }

    private static Http.Response publish(Tenants t, String body) {
        return t.send("POST", "/v1/events", body);
    }

    private static List<String> fields(Http.Response r) {
        List<String> out = new ArrayList<>();
        r.json().path("errors").forEach(e -> out.add(e.get("field").asText()));
        return out;
    }

    private static List<String> names(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.get("data").forEach(t -> out.add(t.get("name").asText()));
        return out;
    }

    @Test
    void aTenantRegistersItsTypesAndSeesThemBesideHooklines(TestPlatform p) {
        Tenants t = new Tenants(p, "catalog");
        Http.Response created = register(t, "invoice.paid", "billing", "\"description\":\"An invoice was paid.\","
                + "\"schema\":" + INVOICE_SCHEMA + ",\"example\":{\"amount\":1200,\"currency\":\"EUR\"}");
        assertEquals(201, created.status(), created.body());
        JsonNode type = created.json();
        assertEquals("invoice.paid", type.get("name").asText());
        assertEquals("tenant", type.get("owner").asText());
        assertEquals("billing", type.get("category").asText());
        assertEquals(1200, type.get("example").get("amount").asInt());
        assertEquals("integer", type.get("schema").get("properties").get("amount").get("type").asText());
        assertFalse(type.get("deprecated").asBoolean());
        assertEquals(201, register(t, "invoice.voided", "billing", "").status());
        assertEquals(201, register(t, "customer.created", null, "").status());
        assertEquals(409, register(t, "invoice.paid", null, "").status(), "a name is registered once");

        JsonNode first = t.get("/v1/event-types").json();
        List<String> listed = names(first);
        assertTrue(listed.containsAll(List.of("run.queued", "run.failed_validation", "run.failed", "endpoint.paused")),
                listed.toString());
        assertEquals(List.of("customer.created", "invoice.paid", "invoice.voided"),
                listed.subList(listed.indexOf("customer.created"), listed.size()), "the tenant's own, by name, after Hookline's");
        for (JsonNode item : first.get("data")) {
            assertEquals(item.get("name").asText(), item.get("type").asText(), "type repeats name");
        }
        assertEquals("run", first.get("data").get(listed.indexOf("run.queued")).get("category").asText());

        JsonNode page1 = t.get("/v1/event-types?owner=tenant&limit=2").json();
        assertEquals(List.of("customer.created", "invoice.paid"), names(page1));
        JsonNode page2 = t.get("/v1/event-types?owner=tenant&limit=2&cursor=" + page1.get("next_cursor").asText()).json();
        assertEquals(List.of("invoice.voided"), names(page2));
        assertTrue(page2.get("next_cursor").isNull());
        assertTrue(names(t.get("/v1/event-types?owner=hookline").json()).stream().noneMatch(n -> n.startsWith("invoice.")));
        assertEquals(422, t.get("/v1/event-types?owner=someone").status());

        assertEquals("hookline", t.get("/v1/event-types/run.failed").json().get("owner").asText());
        JsonNode deprecated = t.send("PATCH", "/v1/event-types/invoice.voided", "{\"deprecated\":true,\"category\":\"\"}").json();
        assertTrue(deprecated.get("deprecated").asBoolean());
        assertFalse(deprecated.has("category"), "\"\" removes the category");
        assertEquals(403, t.send("PATCH", "/v1/event-types/run.failed", "{\"deprecated\":true}").status());
        assertEquals(403, t.send("DELETE", "/v1/event-types/endpoint.paused", null).status());
        assertEquals(204, t.send("DELETE", "/v1/event-types/customer.created", null).status());
        assertEquals(404, t.get("/v1/event-types/customer.created").status());
        assertEquals(404, t.send("DELETE", "/v1/event-types/customer.created", null).status());
    }

    @Test
    void badTypesAreRefusedWithEveryFieldAtOnce(TestPlatform p) {
        Tenants t = new Tenants(p, "catalog-bad");
        Http.Response r = register(t, "run.failed", "Not A Slug", "\"schema\":{\"type\":\"strin\"}");
        assertEquals(422, r.status(), r.body());
        assertTrue(fields(r).containsAll(List.of("name", "category", "schema")), fields(r).toString());
        Http.Response loop = register(t, "loop.type", null, "\"schema\":{\"$ref\":\"#\"}");
        assertEquals(List.of("schema"), fields(loop), "bounded like trigger schemas");
        Http.Response example = register(t, "invoice.paid", null, "\"schema\":" + INVOICE_SCHEMA
                + ",\"example\":{\"amount\":-1}");
        assertEquals(List.of("/example/amount"), fields(example));
        assertEquals(422, register(t, "x.y", null, "\"colour\":\"red\"").status(), "unknown fields are refused");
        assertEquals(0, t.get("/v1/event-types?owner=tenant").json().get("data").size(), "nothing was stored");
    }

    @Test
    void endpointsSubscribeByCategoryAndGetMetadataAndTheEventTypeHeader(TestPlatform p) throws Exception {
        Tenants t = new Tenants(p, "categories");
        assertEquals(201, register(t, "invoice.paid", "billing", "").status());
        JsonNode billing = t.createEndpoint("{\"url\":\"" + receiver.url("/billing") + "\",\"name\":\"Billing\","
                + "\"event_types\":[\"category:billing\"],\"event_type_header\":true}");
        assertEquals("Billing", billing.get("name").asText());
        assertTrue(billing.get("event_type_header").asBoolean());
        t.createEndpoint("{\"url\":\"" + receiver.url("/orders") + "\",\"event_types\":[\"order.*\"]}");

        String metadata = "{\"region\": \"eu-west-1\", \"trace\": [1, 2]}";
        Http.Response paid = publish(t, "{\"type\":\"invoice.paid\",\"data\":{\"amount\":5},\"metadata\":" + metadata + "}");
        assertEquals(202, paid.status(), paid.body());
        assertEquals(1, paid.json().get("deliveries").asInt(), "only the billing endpoint subscribes");
        Received got = receiver.next(Duration.ofSeconds(15));
        assertNotNull(got, "the billing endpoint got the event");
        assertEquals("/billing", got.path());
        assertEquals("invoice.paid", got.header("webhook-event-type"));
        String body = new String(got.body(), StandardCharsets.UTF_8);
        assertTrue(body.endsWith(",\"metadata\":" + metadata + "}"), "metadata as the publisher wrote it: " + body);
        JsonNode event = t.get("/v1/events/" + paid.json().get("id").asText()).json();
        assertEquals("billing", event.get("category").asText());
        assertEquals("eu-west-1", event.get("metadata").get("region").asText());

        Http.Response unregistered = publish(t, "{\"type\":\"order.created\",\"data\":{}}");
        assertEquals(1, unregistered.json().get("deliveries").asInt(), "only the order.* endpoint");
        Received order = receiver.next(Duration.ofSeconds(15));
        assertEquals("/orders", order.path());
        assertNull(order.header("webhook-event-type"), "that endpoint did not ask for the header");
        assertFalse(new String(order.body(), StandardCharsets.UTF_8).contains("metadata"), "none given, none sent");

        // A type moved to another category re-routes the events published after the change.
        assertEquals(200, t.send("PATCH", "/v1/event-types/invoice.paid", "{\"category\":\"sales\"}").status());
        assertEquals(0, publish(t, "{\"type\":\"invoice.paid\",\"data\":{}}").json().get("deliveries").asInt());

        assertEquals(List.of("metadata"), fields(publish(t, "{\"type\":\"a.b\",\"data\":{},\"metadata\":[1]}")));
        assertEquals(List.of("metadata"), fields(publish(t, "{\"type\":\"a.b\",\"data\":{},\"metadata\":{\"x\":\""
                + "y".repeat(5000) + "\"}}")));
        assertEquals(List.of("headers.webhook-event-type"), fields(t.send("POST", "/v1/endpoints",
                "{\"url\":\"" + receiver.url("/x") + "\",\"headers\":{\"webhook-event-type\":\"x\"}}")));
        assertEquals(List.of("event_types[0]"), fields(t.send("POST", "/v1/endpoints",
                "{\"url\":\"" + receiver.url("/x") + "\",\"event_types\":[\"category:Bad\"]}")));
    }

    @Test
    void settingsRefuseUnregisteredTypesAndDataThatBreaksTheSchema(TestPlatform p) {
        Tenants t = new Tenants(p, "strict-catalog");
        JsonNode defaults = t.get("/v1/event-catalog/settings").json();
        assertEquals("allow", defaults.get("unregistered_types").asText());
        assertFalse(defaults.get("validate_data").asBoolean());
        assertEquals(202, publish(t, "{\"type\":\"anything.goes\",\"data\":{}}").status());

        assertEquals(201, register(t, "invoice.paid", "billing", "\"schema\":" + INVOICE_SCHEMA).status());
        assertEquals(202, publish(t, "{\"type\":\"invoice.paid\",\"data\":{\"amount\":-1}}").status(),
                "validation is off until asked for");
        JsonNode strict = t.send("PATCH", "/v1/event-catalog/settings",
                "{\"unregistered_types\":\"refuse\",\"validate_data\":true}").json();
        assertEquals("refuse", strict.get("unregistered_types").asText());
        assertTrue(strict.get("validate_data").asBoolean());

        Http.Response unknown = publish(t, "{\"type\":\"anything.goes\",\"data\":{}}");
        assertEquals(422, unknown.status());
        assertEquals(List.of("type"), fields(unknown));
        Http.Response broken = publish(t, "{\"type\":\"invoice.paid\",\"data\":{\"amount\":-1,\"currency\":\"E\"}}");
        assertEquals(422, broken.status(), broken.body());
        assertTrue(broken.header("content-type").startsWith("application/problem+json"));
        assertEquals(List.of("/data/amount", "/data/currency"), fields(broken).stream().sorted().toList());
        assertEquals(List.of("/data/amount"), fields(publish(t, "{\"type\":\"invoice.paid\",\"data\":{}}")));
        assertEquals(202, publish(t, "{\"type\":\"invoice.paid\",\"data\":{\"amount\":3,\"currency\":\"EUR\"}}").status());
        assertEquals(List.of("unregistered_types"), fields(t.send("PATCH", "/v1/event-catalog/settings",
                "{\"unregistered_types\":\"sometimes\"}")));
        assertEquals(202, publish(new Tenants(p, "lenient-neighbour"), "{\"type\":\"anything.goes\",\"data\":{}}").status(),
                "another tenant's settings are its own");
    }

    @Test
    void anEndpointMaySignWithASecretItsOwnerChose(TestPlatform p) throws Exception {
        Tenants t = new Tenants(p, "own-secret");
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String secret = "whsec_" + Base64.getEncoder().encodeToString(key);
        JsonNode ep = t.createEndpoint("{\"url\":\"" + receiver.url("/") + "\",\"name\":\"Mine\",\"secret\":\"" + secret + "\"}");
        assertEquals(secret, ep.get("secret").asText(), "shown once, as given");
        assertEquals(secret, t.get("/v1/endpoints/" + ep.get("id").asText() + "/secret").json().get("secret").asText());
        t.publish("order.created", "{\"n\":1}");
        Received got = receiver.next(Duration.ofSeconds(15));
        assertNotNull(got);
        // The official Standard Webhooks library is the independent check that the chosen secret signs.
        new Webhook(secret).verify(new String(got.body(), StandardCharsets.UTF_8), HttpHeaders.of(
                got.headers().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue()))),
                (a, b) -> true));

        byte[] short23 = new byte[23];
        new SecureRandom().nextBytes(short23);
        for (String bad : List.of(Base64.getEncoder().encodeToString(key), "whsec_" + Base64.getEncoder().encodeToString(short23),
                "whsec_" + "A".repeat(44), "whsec_%%%")) {
            Http.Response r = t.send("POST", "/v1/endpoints", "{\"url\":\"" + receiver.url("/") + "\",\"secret\":\"" + bad + "\"}");
            assertEquals(422, r.status(), r.body());
            assertEquals(List.of("secret"), fields(r));
            assertFalse(r.body().contains(bad), "the refusal never repeats the secret");
        }
        String id = ep.get("id").asText();
        assertEquals(List.of("secret"), fields(t.send("PATCH", "/v1/endpoints/" + id, "{\"secret\":\"" + secret + "\"}")));
        JsonNode renamed = t.send("PATCH", "/v1/endpoints/" + id, "{\"name\":\"Renamed\"}").json();
        assertEquals("Renamed", renamed.get("name").asText());
        assertFalse(renamed.get("event_type_header").asBoolean());
        assertEquals(List.of("name"), fields(t.send("PATCH", "/v1/endpoints/" + id, "{\"name\":\"" + "n".repeat(101) + "\"}")));
    }

    @Test
    void oneTenantNeverSeesNorChangesAnothersCatalog(TestPlatform p) {
        Tenants a = new Tenants(p, "catalog-owner");
        Tenants b = new Tenants(p, "catalog-intruder");
        assertEquals(201, register(a, "invoice.paid", "billing", "\"schema\":" + INVOICE_SCHEMA).status());
        assertEquals(200, a.send("PATCH", "/v1/event-catalog/settings", "{\"unregistered_types\":\"refuse\","
                + "\"validate_data\":true}").status());

        assertEquals(404, b.get("/v1/event-types/invoice.paid").status());
        assertEquals(404, b.send("PATCH", "/v1/event-types/invoice.paid", "{\"deprecated\":true}").status());
        assertEquals(404, b.send("DELETE", "/v1/event-types/invoice.paid", null).status());
        assertEquals(0, b.get("/v1/event-types?owner=tenant").json().get("data").size());
        assertEquals("allow", b.get("/v1/event-catalog/settings").json().get("unregistered_types").asText());
        String cursorOfA = a.get("/v1/event-types?owner=tenant&limit=1").json().get("next_cursor").asText(null);
        assertNull(cursorOfA, "one type: one page");

        // B publishes a type of the same name: A's settings, schema and category do not apply to it.
        JsonNode ep = b.createEndpoint("{\"url\":\"http://127.0.0.1:9/b\",\"event_types\":[\"category:billing\"]}");
        Http.Response published = publish(b, "{\"type\":\"invoice.paid\",\"data\":{\"amount\":-1}}");
        assertEquals(202, published.status(), published.body());
        assertEquals(0, published.json().get("deliveries").asInt(), "B never registered invoice.paid in billing");
        assertFalse(b.get("/v1/events/" + published.json().get("id").asText()).json().has("category"));
        assertEquals(201, register(b, "invoice.paid", "shop", "").status(), "the name is free in B's catalog");
        assertEquals("billing", a.get("/v1/event-types/invoice.paid").json().get("category").asText());
        assertNotNull(ep);
    }

    @Test
    void triggersPublishRunQueuedAndRunFailedValidation(TestPlatform p) throws Exception {
        Tenants t = new Tenants(p, "run-events");
        t.createEndpoint("{\"url\":\"" + receiver.url("/") + "\",\"event_types\":[\"category:run\"]}");
        String schema = "\"schema\":{\"type\":\"object\",\"properties\":{\"export_id\":{\"type\":\"string\",\"minLength\":3}}}";
        Http.Response src = t.send("POST", "/v1/sources", "{\"name\":\"r\",\"mode\":\"trigger\",\"verification\":"
                + "{\"scheme\":\"none\"},\"trigger\":{\"pipeline\":\"exports\",\"parameters\":{\"export_id\":\"/export_id\"},"
                + "\"required\":[\"export_id\"]," + schema + ",\"strict\":false}}");
        assertEquals(201, src.status(), src.body());
        String url = src.json().get("ingest_url").asText();
        String path = url.substring(url.indexOf("/in/"));
        Map<String, String> json = Map.of("Content-Type", "application/json");

        Http.Response queued = p.http().send("POST", path, null, "{\"export_id\":\"exp_" + System.nanoTime() + "\"}", json);
        assertEquals(202, queued.status(), queued.body());
        Received first = receiver.next(Duration.ofSeconds(15));
        assertNotNull(first, "run.queued delivered");
        JsonNode event = JSON.readTree(first.body());
        assertEquals("run.queued", event.get("type").asText());
        assertEquals(queued.json().get("id").asText(), event.get("data").get("run_id").asText());
        assertEquals("queued", event.get("data").get("status").asText());
        assertEquals("exports", event.get("data").get("pipeline").asText());

        Http.Response refused = p.http().send("POST", path, null, "{\"export_id\":\"x\",\"n\":" + System.nanoTime() + "}", json);
        assertEquals("failed_validation", refused.json().get("status").asText(), refused.body());
        Received second = receiver.next(Duration.ofSeconds(15));
        assertNotNull(second, "run.failed_validation delivered");
        JsonNode failed = JSON.readTree(second.body());
        assertEquals("run.failed_validation", failed.get("type").asText());
        assertEquals(refused.json().get("id").asText(), failed.get("data").get("run_id").asText());
        assertEquals("/export_id", failed.get("data").get("violations").get(0).get("field").asText());
        assertNull(receiver.next(Duration.ofSeconds(1)), "one event per run, and no run.queued for the refused one");
    }
}
