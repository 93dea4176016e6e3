package dev.hookline.local.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A tenant's view of the API in tests: create endpoints, publish, follow deliveries. */
public final class Tenants {
    private final TestPlatform p;
    private final TestPlatform.Tenant tenant;

    public Tenants(TestPlatform p, String name) {
        this.p = p;
        this.tenant = p.newTenant(name);
    }

    public String key() {
        return tenant.apiKey();
    }

    public String id() {
        return tenant.id();
    }

    public JsonNode createEndpoint(String json) {
        Http.Response r = p.http().post("/v1/endpoints", tenant.apiKey(), json);
        assertEquals(201, r.status(), r.body());
        return r.json();
    }

    public String publish(String type, String dataJson) {
        Http.Response r = p.http().post("/v1/events", tenant.apiKey(), "{\"type\":\"" + type + "\",\"data\":" + dataJson + "}");
        assertEquals(202, r.status(), r.body());
        return r.json().get("id").asText();
    }

    /** The delivery of a message to an endpoint, once fan-out has created it. */
    public String deliveryOf(String messageId, String endpointId) {
        JsonNode found = Eventually.poll(Duration.ofSeconds(15), () -> {
            JsonNode event = p.http().get("/v1/events/" + messageId, tenant.apiKey()).json();
            for (JsonNode d : event.get("deliveries")) {
                if (d.get("endpoint_id").asText().equals(endpointId)) {
                    return d;
                }
            }
            return null;
        }, d -> d != null);
        if (found == null) {
            throw new AssertionError("No delivery of " + messageId + " to " + endpointId);
        }
        return found.get("id").asText();
    }

    public JsonNode delivery(String id) {
        Http.Response r = p.http().get("/v1/deliveries/" + id, tenant.apiKey());
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    public JsonNode awaitStatus(String deliveryId, String status, Duration limit) {
        JsonNode last = Eventually.poll(limit, () -> delivery(deliveryId), d -> d.get("status").asText().equals(status));
        assertEquals(status, last.get("status").asText(), last.toString());
        return last;
    }

    public Http.Response get(String path) {
        return p.http().get(path, tenant.apiKey());
    }

    public Http.Response send(String method, String path, String body) {
        return p.http().send(method, path, tenant.apiKey(), body, Map.of());
    }
}
