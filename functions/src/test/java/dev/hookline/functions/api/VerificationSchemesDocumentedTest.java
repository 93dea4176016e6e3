package dev.hookline.functions.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.core.inbound.verify.SchemeType;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A vendor preset added in core is a scheme the API accepts, so the OpenAPI document must name it too. */
class VerificationSchemesDocumentedTest {

    @Test
    void everySchemeIsDeclaredWithItsOwnSchema() throws Exception {
        JsonNode schemas;
        try (InputStream in = getClass().getResourceAsStream("/openapi.json")) {
            assertNotNull(in, "openapi.json is on the classpath");
            schemas = new ObjectMapper().readTree(in).path("components").path("schemas");
        }
        List<String> enumerated = new ArrayList<>();
        schemas.path("VerificationScheme").path("enum").forEach(n -> enumerated.add(n.asText()));
        assertEquals(SchemeType.ids(), enumerated, "VerificationScheme's enum");

        JsonNode mapping = schemas.path("VerificationInput").path("discriminator").path("mapping");
        List<String> mapped = new ArrayList<>();
        mapping.fieldNames().forEachRemaining(mapped::add);
        assertEquals(SchemeType.ids(), mapped, "VerificationInput's discriminator");
        for (String id : SchemeType.ids()) {
            String ref = mapping.path(id).asText();
            JsonNode schema = schemas.path(ref.substring(ref.lastIndexOf('/') + 1));
            assertEquals(id, schema.path("properties").path("scheme").path("const").asText(), ref);
        }
    }
}
