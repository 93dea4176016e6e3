package dev.hookline.functions.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every example in openapi.json is valid against the schema it illustrates: schema {@code examples}, and the
 * {@code example}/{@code examples} of media types, parameters and headers. A generated client's tests and the docs
 * readers copy from must not teach a shape the API refuses or never sends.
 */
class OpenApiExamplesTest {
    private static final String IRI = "https://hookline.dev/openapi.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyExampleMatchesItsSchema() throws Exception {
        String text;
        try (InputStream in = OpenApiExamplesTest.class.getResourceAsStream("/openapi.json")) {
            assertNotNull(in, "openapi.json on the classpath");
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        JsonNode doc = JSON.readTree(text);
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                b -> b.schemas(Map.of(IRI, text)));
        List<String> checked = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        walk(doc, "", false, (pointer, example, schemaPointer) -> {
            Schema schema = registry.getSchema(SchemaLocation.of(IRI + "#" + schemaPointer));
            List<Error> errors = schema.validate(JSON.writeValueAsString(example), InputFormat.JSON);
            checked.add(pointer);
            if (!errors.isEmpty()) {
                failures.add("#" + pointer + " does not match #" + schemaPointer + ": " + errors);
            }
        });
        assertTrue(checked.size() > 50, "examples found: " + checked.size());
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @FunctionalInterface
    interface Check {
        void example(String pointer, JsonNode example, String schemaPointer) throws Exception;
    }

    /** {@code schemaPosition}: the node at {@code at} is a schema (its {@code examples} is an array of instances). */
    private static void walk(JsonNode node, String at, boolean schemaPosition, Check check) throws Exception {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), at + "/" + i, schemaPosition, check);
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        if (node.has("schema") && node.get("schema").isObject()) {
            // A media type, parameter or header: example and examples.*.value illustrate its schema.
            if (node.has("example")) {
                check.example(at + "/example", node.get("example"), at + "/schema");
            }
            if (node.path("examples").isObject()) {
                for (var e : node.get("examples").properties()) {
                    if (e.getValue().has("value")) {
                        check.example(at + "/examples/" + escape(e.getKey()) + "/value", e.getValue().get("value"),
                                at + "/schema");
                    }
                }
            }
        }
        if (schemaPosition && node.path("examples").isArray()) {
            for (int i = 0; i < node.get("examples").size(); i++) {
                check.example(at + "/examples/" + i, node.get("examples").get(i), at);
            }
        }
        if (schemaPosition && node.has("example") && !node.has("schema")) {
            check.example(at + "/example", node.get("example"), at);
        }
        for (var e : node.properties()) {
            String key = e.getKey();
            if (key.equals("examples") || key.equals("example") || key.equals("const") || key.equals("default")
                    || key.equals("enum")) {
                continue;
            }
            boolean childIsSchema = key.equals("schema") || key.equals("items") || key.equals("not")
                    || key.equals("additionalProperties") || key.equals("contains")
                    || (schemaPosition && (key.equals("allOf") || key.equals("anyOf") || key.equals("oneOf")
                    || key.equals("prefixItems")))
                    || at.equals("/components/schemas");
            if ((key.equals("properties") || key.equals("$defs") || key.equals("patternProperties")) && schemaPosition
                    || at.equals("/components") && key.equals("schemas")) {
                for (var p : e.getValue().properties()) {
                    walk(p.getValue(), at + "/" + escape(key) + "/" + escape(p.getKey()), true, check);
                }
                continue;
            }
            walk(e.getValue(), at + "/" + escape(key), childIsSchema, check);
        }
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
