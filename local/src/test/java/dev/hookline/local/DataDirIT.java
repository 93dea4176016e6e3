package dev.hookline.local;

import dev.hookline.local.testing.Http;
import dev.hookline.local.testing.RepoPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --data-dir}: tables and secrets survive a restart of the whole platform. */
class DataDirIT {

    @Test
    void tenantsKeysAndTheAdminKeySurviveARestart(@TempDir Path dir) throws Exception {
        LocalOptions options = LocalOptions.defaults().withTemplate(RepoPaths.template()).withPort(0)
                .withDataDir(dir).withNamePrefix("hookline-persist-");
        String adminKey;
        String apiKey;
        try (LocalPlatform first = LocalPlatform.start(options)) {
            adminKey = first.adminKey();
            Http.Response created = new Http(first.baseUri()).post("/v1/tenants", adminKey, "{\"name\":\"kept\"}");
            assertEquals(201, created.status(), created.body());
            apiKey = created.json().get("api_key").asText();
        }
        assertTrue(Files.exists(dir.resolve("secrets.json")));
        assertTrue(Files.list(dir.resolve("dynamodb")).findAny().isPresent(), "DynamoDB Local wrote its file");

        try (LocalPlatform second = LocalPlatform.start(options)) {
            assertEquals(adminKey, second.adminKey(), "the admin key is not regenerated");
            Http http = new Http(second.baseUri());
            assertEquals(200, http.get("/v1/api-keys", apiKey).status(), "the tenant's key still works");
            assertEquals(200, http.get("/health", null).status());
        }
    }
}
