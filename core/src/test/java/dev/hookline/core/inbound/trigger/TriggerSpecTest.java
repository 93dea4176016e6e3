package dev.hookline.core.inbound.trigger;

import static dev.hookline.core.testing.TestJson.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.core.problem.Problem;
import dev.hookline.core.problem.Problem.FieldError;
import dev.hookline.core.problem.ProblemException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TriggerSpecTest {

    private static TriggerSpec withSchema(String schema) {
        return new TriggerSpec("p", null, Map.of("n", "/n"), List.of(), json(schema), false);
    }

    private static List<String> fields(List<FieldError> errors) {
        return errors.stream().map(FieldError::field).toList();
    }

    @Test
    void aTypicalSpecIsValid() {
        TriggerSpec spec = new TriggerSpec("nightly-export", "v3", Map.of("export_id", "/export_id", "all", ""),
                List.of("export_id"), json("{\"type\":\"object\"}"), true);
        assertEquals(List.of(), spec.validate());
    }

    @Test
    void pipelineIsRequiredAndBounded() {
        assertEquals(List.of(new FieldError("pipeline", "must be 1 to 128 characters")),
                new TriggerSpec(null, null, null, null, null, false).validate());
        assertEquals(List.of("pipeline"), fields(new TriggerSpec(" ", null, null, null, null, false).validate()));
        assertEquals(List.of("pipeline"),
                fields(new TriggerSpec("p".repeat(129), null, null, null, null, false).validate()));
        assertEquals(List.of(), new TriggerSpec("p".repeat(128), null, null, null, null, false).validate());
        assertEquals(List.of("version"), fields(new TriggerSpec("p", "", null, null, null, false).validate()));
    }

    @Test
    void pointersMustBeRfc6901() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("ok", "/a/0/b~1c~0d");
        parameters.put("whole", "");
        parameters.put("no_slash", "export_id");
        parameters.put("bad_escape", "/a~2");
        parameters.put("dangling", "/a~");
        parameters.put("missing", null);
        List<FieldError> errors = new TriggerSpec("p", null, parameters, null, null, false).validate();
        assertEquals(List.of("parameters.no_slash", "parameters.bad_escape", "parameters.dangling",
                "parameters.missing"), fields(errors));
    }

    @Test
    void atMostFiftyParameters() {
        Map<String, String> fifty = new LinkedHashMap<>();
        for (int i = 0; i < 50; i++) {
            fifty.put("p" + i, "/p" + i);
        }
        assertEquals(List.of(), new TriggerSpec("p", null, fifty, null, null, false).validate());
        fifty.put("p50", "/p50");
        assertEquals(List.of(new FieldError("parameters", "must have at most 50 entries")),
                new TriggerSpec("p", null, fifty, null, null, false).validate());
    }

    @Test
    void requiredMustNameParameters() {
        List<FieldError> errors = new TriggerSpec("p", null, Map.of("a", "/a"),
                java.util.Arrays.asList("a", "b", null, "a"), null, false).validate();
        assertEquals(List.of(new FieldError("required[1]", "must name one of the parameters"),
                new FieldError("required[2]", "must name one of the parameters"),
                new FieldError("required[3]", "repeats 'a'")), errors);
    }

    @Test
    void validSchemasPass() {
        assertEquals(List.of(), withSchema("true").validate());
        assertEquals(List.of(), withSchema("{\"$schema\":\"http://json-schema.org/draft-07/schema#\","
                + "\"properties\":{\"n\":{\"exclusiveMinimum\":3}}}").validate());
        assertEquals(List.of(), withSchema("{\"$defs\":{\"n\":{\"type\":\"integer\"}},"
                + "\"properties\":{\"n\":{\"$ref\":\"#/$defs/n\"}}}").validate());
    }

    @Test
    void invalidSchemasAreRejected() {
        assertSchemaError("{\"type\":\"strin\"}", "at /type:");
        assertSchemaError("{\"minimum\":\"one\"}", "at /minimum: string found, number expected");
        assertSchemaError("{\"required\":\"id\"}", "at /required:");
        assertSchemaError("{\"pattern\":\"[\"}", "pattern '[' is not supported: missing closing ]");
        assertSchemaError("{\"$ref\":\"#/$defs/missing\"}", "does not point inside this schema");
        assertSchemaError("[]", "must be a JSON Schema object (or true/false)");
        assertSchemaError("{\"$schema\":\"https://example.com/my-dialect\"}", "$schema must be one of");
        // Never fetched: ingest must not depend on, or call out to, an arbitrary host.
        assertSchemaError("{\"$ref\":\"https://schemas.example.com/export.json\"}",
                "only references within the schema are allowed");
    }

    @Test
    void recursiveOversizedAndRunawaySchemasAreRefusedAtCreation() {
        assertSchemaError("{\"$ref\":\"#\"}", "loops back without descending");
        assertSchemaError("{\"$defs\":{\"a\":{\"$ref\":\"#/$defs/b\"},\"b\":{\"allOf\":[{\"$ref\":\"#/$defs/a\"}]}},"
                + "\"$ref\":\"#/$defs/a\"}", "loops back without descending");
        assertSchemaError("{\"anyOf\":[{\"not\":{\"$ref\":\"#\"}}]}", "loops back without descending");
        assertSchemaError("{\"$dynamicRef\":\"#meta\"}", "$dynamicRef is not supported");
        assertSchemaError("{\"$ref\":\"other.json#/a\"}", "does not point inside this schema");
        assertSchemaError("{\"description\":\"" + "x".repeat(20_000) + "\"}", "at most 16384 bytes");
        assertSchemaError("{\"not\":".repeat(40) + "{}" + "}".repeat(40), "nests deeper than 32 levels");
        // Backreferences and lookaround need backtracking, which is what makes a pattern run away.
        assertSchemaError("{\"pattern\":\"(a)\\\\1\"}", "is not supported");
        assertSchemaError("{\"pattern\":\"a(?=b)\"}", "is not supported");
        // Recursion that descends into the value ends with the value, and the value is bounded.
        assertEquals(List.of(), withSchema("{\"type\":\"object\",\"properties\":{\"child\":{\"$ref\":\"#\"}}}").validate());
        assertEquals(List.of(), withSchema("{\"$defs\":{\"node\":{\"$anchor\":\"n\",\"items\":{\"$ref\":\"#n\"}}},"
                + "\"properties\":{\"tree\":{\"$ref\":\"#n\"}}}").validate());
    }

    @Test
    void aPatternThatBacktracksExponentiallyElsewhereRunsInLinearTimeHere() {
        TriggerSpec spec = new TriggerSpec("p", null, java.util.Map.of("s", "/s"), List.of(),
                json("{\"properties\":{\"s\":{\"pattern\":\"^(a+)+$\"}}}"), false);
        assertEquals(List.of(), spec.validate());
        // 10^4 characters ending in a mismatch: catastrophic for a backtracking engine, nothing for RE2.
        var mapped = ParameterMapper.map(spec, json("{\"s\":\"" + "a".repeat(10_000) + "!\"}"));
        assertEquals(List.of("/s"), mapped.violations().stream().map(Violation::field).toList());
    }

    private static void assertSchemaError(String schema, String messagePart) {
        List<FieldError> errors = withSchema(schema).validate();
        assertFalse(errors.isEmpty(), schema);
        assertTrue(errors.stream().allMatch(e -> e.field().equals("schema")), errors::toString);
        assertTrue(errors.stream().anyMatch(e -> e.message().contains(messagePart)), errors::toString);
    }

    @Test
    void fromJsonReadsTheApiShape() {
        TriggerSpec spec = TriggerSpec.fromJson(json("{\"pipeline\":\"export\",\"version\":\"2\","
                + "\"parameters\":{\"export_id\":\"/export_id\",\"region\":\"/meta/region\"},"
                + "\"required\":[\"export_id\"],\"schema\":{\"type\":\"object\"},\"strict\":true}"));
        assertEquals("export", spec.pipeline());
        assertEquals("2", spec.version());
        assertEquals(List.of("export_id", "region"), List.copyOf(spec.parameters().keySet()));
        assertEquals("/meta/region", spec.parameters().get("region"));
        assertEquals(List.of("export_id"), spec.required());
        assertEquals("{\"type\":\"object\"}", spec.schema().toString());
        assertTrue(spec.strict());

        TriggerSpec minimal = TriggerSpec.fromJson(json("{\"pipeline\":\"p\"}"));
        assertEquals(Map.of(), minimal.parameters());
        assertEquals(List.of(), minimal.required());
        assertEquals(null, minimal.schema());
        assertFalse(minimal.strict());
    }

    @Test
    void fromJsonRefusesWrongShapesWith422() {
        Problem p = assertThrows(ProblemException.class, () -> TriggerSpec.fromJson(json(
                "{\"pipeline\":1,\"parameters\":{\"a\":3},\"required\":\"a\",\"strict\":\"yes\",\"requried\":[]}")))
                .problem();
        assertEquals(422, p.status());
        assertEquals(List.of("requried", "pipeline", "parameters.a", "required", "strict"), fields(p.errors()));
    }

    @Test
    void checkCombinesShapeAndValueErrors() {
        assertEquals(List.of("trigger"), fields(TriggerSpec.check(json("[]"))));
        assertEquals(List.of("pipeline", "required[0]"),
                fields(TriggerSpec.check(json("{\"parameters\":{},\"required\":[\"x\"]}"))));
        assertEquals(List.of(), TriggerSpec.check(json("{\"pipeline\":\"p\",\"parameters\":{\"x\":\"/x\"}}")));
    }
}
