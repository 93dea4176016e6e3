package dev.hookline.local.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.local.LocalPlatform;
import org.testcontainers.localstack.LocalStackContainer;

/** The running platform as a test sees it: its API, its clock, its AWS resources, and tenant shortcuts. */
public final class TestPlatform implements AutoCloseable {
    private final LocalPlatform platform;
    private final AdjustableClock clock;
    private final LocalStackContainer container;
    private final Http http;
    private final String adminKey;

    TestPlatform(LocalPlatform platform, AdjustableClock clock, LocalStackContainer container) {
        this.platform = platform;
        this.clock = clock;
        this.container = container;
        this.http = new Http(platform.baseUri());
        this.adminKey = platform.adminKey();
    }

    /** A platform a test started itself (its own template variant, data directory or faults), closed by the test. */
    public static TestPlatform of(LocalPlatform platform, AdjustableClock clock) {
        return new TestPlatform(platform, clock, null);
    }

    public record Tenant(String id, String apiKey) {
    }

    public LocalPlatform platform() {
        return platform;
    }

    public AdjustableClock clock() {
        return clock;
    }

    public Http http() {
        return http;
    }

    public String adminKey() {
        return adminKey;
    }

    public Tenant newTenant(String name) {
        Http.Response r = http.post("/v1/tenants", adminKey, "{\"name\":\"" + name + "\"}");
        if (r.status() != 201) {
            throw new AssertionError("Tenant creation answered " + r.status() + ": " + r.body());
        }
        JsonNode body = r.json();
        return new Tenant(body.get("id").asText(), body.get("api_key").asText());
    }

    @Override
    public void close() {
        platform.close();
        if (container != null) {
            container.stop();
        }
    }
}
