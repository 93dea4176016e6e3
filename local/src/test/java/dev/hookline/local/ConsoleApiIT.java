package dev.hookline.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.local.testing.Http;
import dev.hookline.local.testing.TestPlatform;
import dev.hookline.local.testing.TestReceiver;
import dev.hookline.local.testing.TestReceiver.Answer;
import dev.hookline.local.testing.Tenants;
import dev.hookline.local.testing.WithPlatform;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The API routes the console needs: tenants for the admin, the event list, and the stats time series. */
@WithPlatform
class ConsoleApiIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theAdminListsTenantsNewestFirstAndATenantKeyCannot(TestPlatform p) {
        List<TestPlatform.Tenant> made = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            made.add(p.newTenant("listed-" + i));
        }
        Http.Response first = p.http().get("/v1/tenants?limit=2", p.adminKey());
        assertEquals(200, first.status(), first.body());
        JsonNode page = first.json();
        assertEquals(made.get(2).id(), page.get("data").get(0).get("id").asText(), "newest first");
        assertEquals(made.get(1).id(), page.get("data").get(1).get("id").asText());
        assertEquals("listed-2", page.get("data").get(0).get("name").asText());
        assertNotNull(Instant.parse(page.get("data").get(0).get("created_at").asText()));
        assertFalse(page.get("data").get(0).has("api_key"), "a listing never shows keys");
        String cursor = page.get("next_cursor").asText();
        JsonNode next = p.http().get("/v1/tenants?limit=2&cursor=" + cursor, p.adminKey()).json();
        assertEquals(made.get(0).id(), next.get("data").get(0).get("id").asText());

        assertEquals(401, p.http().get("/v1/tenants", made.get(0).apiKey()).status(), "tenants are the admin's");
        assertEquals(401, p.http().get("/v1/tenants", null).status());
        assertEquals(422, p.http().get("/v1/tenants?cursor=not-a-tenant", p.adminKey()).status());
        assertEquals(422, p.http().get("/v1/tenants?limit=0", p.adminKey()).status());

        JsonNode one = p.http().get("/v1/tenants/" + made.get(1).id(), p.adminKey()).json();
        assertEquals("listed-1", one.get("name").asText());
        assertEquals(404, p.http().get("/v1/tenants/ten_01HQ3V9X0C8K2M4N6P8R0S2T4V", p.adminKey()).status());
    }

    @Test
    void theAdminIssuesListsAndRevokesATenantsKeys(TestPlatform p) throws Exception {
        Tenants t = new Tenants(p, "keys-by-admin");
        try (TestReceiver observer = new TestReceiver()) {
            t.createEndpoint("{\"url\":\"" + observer.url("/") + "\",\"event_types\":[\"api_key.*\"]}");
            String base = "/v1/tenants/" + t.id() + "/api-keys";

            Http.Response created = p.http().post(base, p.adminKey(), "{\"name\":\"ci\"}");
            assertEquals(201, created.status(), created.body());
            String key = created.json().get("api_key").asText();
            String keyId = created.json().get("id").asText();
            assertEquals(200, p.http().get("/v1/api-keys", key).status(), "the new key works for its tenant");

            JsonNode listed = p.http().get(base, p.adminKey()).json();
            assertEquals(List.of("ci", "default"), names(listed));
            assertFalse(listed.toString().contains(key), "a listing never shows a key");

            assertEquals(204, p.http().send("DELETE", base + "/" + keyId, p.adminKey(), null, Map.of()).status());
            assertEquals(401, p.http().get("/v1/api-keys", key).status(), "revoked at once");
            assertEquals(404, p.http().send("DELETE", base + "/" + keyId, p.adminKey(), null, Map.of()).status());

            // The tenant hears of both, and that the admin did it.
            List<JsonNode> events = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                TestReceiver.Received r = observer.next(Duration.ofSeconds(30));
                assertNotNull(r, "api_key event " + i);
                events.add(JSON.readTree(r.body()));
            }
            events.sort((a, b) -> a.get("type").asText().compareTo(b.get("type").asText()));
            assertEquals("api_key.created", events.get(0).get("type").asText());
            assertEquals("admin", events.get(0).get("data").get("created_by").asText());
            assertEquals("admin", events.get(1).get("data").get("revoked_by").asText());
        }

        String unknown = "/v1/tenants/ten_01HQ3V9X0C8K2M4N6P8R0S2T4V/api-keys";
        assertEquals(404, p.http().post(unknown, p.adminKey(), "{\"name\":\"x\"}").status(), "no key for a tenant that does not exist");
        assertEquals(404, p.http().get(unknown, p.adminKey()).status());
        assertEquals(401, p.http().get("/v1/tenants/" + t.id() + "/api-keys", t.key()).status(), "a tenant key is not the admin's");
        assertEquals(422, p.http().post("/v1/tenants/" + t.id() + "/api-keys", p.adminKey(), "{\"name\":\"\"}").status());
    }

    private static List<String> names(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.get("data").forEach(k -> out.add(k.get("name").asText()));
        out.sort(String::compareTo);
        return out;
    }

    @Test
    void eventsAreListedNewestFirstAndOnlyToTheirTenant(TestPlatform p) {
        Tenants a = new Tenants(p, "events-a");
        Tenants b = new Tenants(p, "events-b");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(0, a.publish("order.created", "{\"n\":" + i + "}"));
        }
        String other = b.publish("order.created", "{\"secret\":\"of b\"}");

        List<String> seen = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 5; pages++) {
            JsonNode page = a.get("/v1/events?limit=2" + (cursor == null ? "" : "&cursor=" + cursor)).json();
            page.get("data").forEach(e -> {
                seen.add(e.get("id").asText());
                assertEquals("order.created", e.get("type").asText());
                assertFalse(e.has("data"), "a listing leaves the data out");
            });
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
            if (cursor == null) {
                break;
            }
        }
        assertEquals(ids, seen);
        assertEquals(List.of(other), b.get("/v1/events").json().findValuesAsText("id"));

        String cursorOfA = a.get("/v1/events?limit=1").json().get("next_cursor").asText();
        assertEquals(422, b.get("/v1/events?cursor=" + cursorOfA).status(), "a cursor never reaches another tenant");
        assertEquals(422, a.get("/v1/events?cursor=garbage!").status());
    }

    @Test
    void theStatsSeriesHasEveryStepAndAddsUpToTheStats(TestPlatform p) throws Exception {
        Tenants t = new Tenants(p, "series");
        try (TestReceiver receiver = new TestReceiver()) {
            receiver.then(Answer.status(200), Answer.status(200), Answer.status(200), Answer.status(500));
            JsonNode ep = t.createEndpoint("{\"url\":\"" + receiver.url("/") + "\",\"event_types\":[\"tick.*\"],"
                    + "\"retry\":{\"initial_backoff_s\":1,\"multiplier\":1,\"max_attempts\":1,\"max_backoff_s\":1}}");
            String id = ep.get("id").asText();
            List<String> deliveries = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                // One at a time, so the receiver's scripted answers meet the deliveries in order.
                String dlv = t.deliveryOf(t.publish("tick.done", "{\"i\":" + i + "}"), id);
                t.awaitStatus(dlv, i < 3 ? "succeeded" : "dead_lettered", Duration.ofSeconds(60));
                deliveries.add(dlv);
            }
            JsonNode stats = t.get("/v1/endpoints/" + id + "/stats?window=1h").json();
            assertEquals(4, stats.get("total").asInt());

            Http.Response r = t.get("/v1/endpoints/" + id + "/stats/series?window=1h");
            assertEquals(200, r.status(), r.body());
            JsonNode series = r.json();
            assertEquals("1h", series.get("window").asText());
            assertEquals(300, series.get("step_s").asInt());
            JsonNode points = series.get("points");
            assertEquals(13, points.size(), "an hour in 5-minute steps, aligned: 13 of them");
            long total = 0;
            long succeeded = 0;
            long dead = 0;
            Instant previous = null;
            for (JsonNode point : points) {
                Instant start = Instant.parse(point.get("start").asText());
                assertEquals(0, start.getEpochSecond() % 300, "steps are aligned");
                if (previous != null) {
                    assertEquals(Duration.ofMinutes(5), Duration.between(previous, start), "every step is present");
                }
                previous = start;
                total += point.get("total").asLong();
                succeeded += point.get("succeeded").asLong();
                dead += point.get("dead_lettered").asLong();
                assertEquals(point.get("total").asLong() > 0, point.has("success_rate"), "figures only where attempts were");
                assertEquals(point.get("total").asLong() > 0, point.has("p95_response_ms"));
            }
            assertEquals(stats.get("total").asLong(), total);
            assertEquals(stats.get("succeeded").asLong(), succeeded);
            assertEquals(3, succeeded);
            assertEquals(1, dead);

            assertEquals(25, t.get("/v1/endpoints/" + id + "/stats/series?window=24h").json().get("points").size());
            assertEquals(21600, t.get("/v1/endpoints/" + id + "/stats/series?window=7d").json().get("step_s").asInt());
            assertEquals(422, t.get("/v1/endpoints/" + id + "/stats/series?window=2h").status());
            Tenants other = new Tenants(p, "series-other");
            assertEquals(404, other.get("/v1/endpoints/" + id + "/stats/series").status(), "another tenant's endpoint");
        }
    }
}
