package dev.hookline.core.inbound.trigger;

import static dev.hookline.core.testing.TestJson.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.core.inbound.trigger.ParameterMapper.MappedParameters;
import dev.hookline.core.problem.Problem.FieldError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterMapperTest {

    private static Map<String, String> params(String... nameThenPointer) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < nameThenPointer.length; i += 2) {
            m.put(nameThenPointer[i], nameThenPointer[i + 1]);
        }
        return m;
    }

    private static TriggerSpec spec(Map<String, String> parameters, List<String> required, String schema) {
        return new TriggerSpec("export", null, parameters, required, schema == null ? null : json(schema), false);
    }

    @Test
    void nestedPointersAndArrayIndexes() {
        TriggerSpec spec = spec(params("object_id", "/data/object/id", "sku", "/items/0/sku",
                "second_qty", "/items/1/qty", "slash", "/a~1b", "tilde", "/c~0d"), List.of(), null);
        JsonNode payload = json("{\"data\":{\"object\":{\"id\":\"in_1\"}},"
                + "\"items\":[{\"sku\":\"A-1\",\"qty\":1},{\"sku\":\"B-2\",\"qty\":2}],\"a/b\":true,\"c~d\":[1]}");
        MappedParameters mapped = ParameterMapper.map(spec, payload);
        assertTrue(mapped.valid());
        assertEquals("{\"object_id\":\"in_1\",\"sku\":\"A-1\",\"second_qty\":2,\"slash\":true,\"tilde\":[1]}",
                mapped.parameters().toString());
    }

    @Test
    void wholePayloadWithEmptyPointerIsACopy() {
        ObjectNode payload = (ObjectNode) json("{\"a\":{\"b\":1}}");
        MappedParameters mapped = ParameterMapper.map(spec(params("all", ""), List.of(), null), payload);
        ((ObjectNode) payload.get("a")).put("b", 2);
        assertEquals("{\"all\":{\"a\":{\"b\":1}}}", mapped.parameters().toString());
    }

    @Test
    void missingIsAbsentAndNullIsKept() {
        MappedParameters mapped = ParameterMapper.map(
                spec(params("a", "/a", "b", "/b", "c", "/items/5"), List.of(), null),
                json("{\"b\":null,\"items\":[]}"));
        assertTrue(mapped.valid());
        assertEquals("{\"b\":null}", mapped.parameters().toString());
    }

    @Test
    void requiredMissingOrNullAreViolationsNamingThePointer() {
        TriggerSpec spec = spec(params("export_id", "/export_id", "account", "/account/id", "note", "/note"),
                List.of("export_id", "account"), null);
        MappedParameters mapped = ParameterMapper.map(spec, json("{\"account\":{\"id\":null},\"note\":\"hi\"}"));
        assertFalse(mapped.valid());
        assertEquals(List.of(new Violation("export_id", "is required (from /export_id)"),
                new Violation("account", "is required (from /account/id)")), mapped.violations());
        // What was found is still there for a non-strict source to record.
        assertEquals("{\"account\":null,\"note\":\"hi\"}", mapped.parameters().toString());
        assertEquals(List.of(new FieldError("export_id", "is required (from /export_id)"),
                new FieldError("account", "is required (from /account/id)")), mapped.fieldErrors());
    }

    @Test
    void nonObjectOrNullPayloadMapsNothing() {
        TriggerSpec spec = spec(params("id", "/id"), List.of("id"), null);
        assertEquals(List.of(new Violation("id", "is required (from /id)")),
                ParameterMapper.map(spec, json("\"text\"")).violations());
        assertEquals(List.of(new Violation("id", "is required (from /id)")),
                ParameterMapper.map(spec, null).violations());
    }

    @Test
    void schemaViolationsAreReportedWithLocations() {
        String schema = """
                {"type":"object",
                 "properties":{
                   "count":{"type":"integer","minimum":1},
                   "mode":{"enum":["full","delta"]},
                   "name":{"type":"string"},
                   "tags":{"type":"array","items":{"type":"string"}}},
                 "additionalProperties":false}""";
        TriggerSpec spec = spec(params("count", "/count", "mode", "/mode", "name", "/name", "tags", "/tags",
                "extra", "/extra"), List.of(), schema);
        MappedParameters mapped = ParameterMapper.map(spec,
                json("{\"count\":0,\"mode\":\"weekly\",\"name\":42,\"tags\":[\"a\",7],\"extra\":1}"));
        assertEquals(List.of(
                new Violation("/count", "must have a minimum value of 1"),
                new Violation("/mode", "does not have a value in the enumeration [\"full\", \"delta\"]"),
                new Violation("/name", "integer found, string expected"),
                new Violation("/tags/1", "integer found, string expected"),
                new Violation("/extra", "property 'extra' is not defined in the schema and the schema does not "
                        + "allow additional properties")), mapped.violations());
    }

    @Test
    void schemaPassesValidParametersAndReportsItsOwnRequired() {
        String schema = "{\"type\":\"object\",\"required\":[\"region\"],"
                + "\"properties\":{\"count\":{\"type\":\"integer\",\"minimum\":1}}}";
        TriggerSpec spec = spec(params("count", "/n", "region", "/r"), List.of(), schema);
        assertTrue(ParameterMapper.map(spec, json("{\"n\":3,\"r\":\"eu\"}")).valid());
        assertEquals(List.of(new Violation("/region", "required property 'region' not found")),
                ParameterMapper.map(spec, json("{\"n\":3}")).violations());
    }

    @Test
    void requiredViolationsComeBeforeSchemaViolations() {
        TriggerSpec spec = spec(params("id", "/id", "n", "/n"), List.of("id"),
                "{\"properties\":{\"n\":{\"type\":\"integer\"}}}");
        assertEquals(List.of(new Violation("id", "is required (from /id)"),
                        new Violation("/n", "string found, integer expected")),
                ParameterMapper.map(spec, json("{\"n\":\"3\"}")).violations());
    }

    @Test
    void olderDraftsAreHonouredWhenDeclared() {
        // Draft 4's boolean exclusiveMinimum would be a schema error under 2020-12.
        TriggerSpec spec = spec(params("n", "/n"), List.of(),
                "{\"$schema\":\"http://json-schema.org/draft-04/schema#\",\"properties\":{\"n\":"
                        + "{\"type\":\"integer\",\"minimum\":3,\"exclusiveMinimum\":true}}}");
        assertTrue(spec.validate().isEmpty(), () -> spec.validate().toString());
        assertTrue(ParameterMapper.map(spec, json("{\"n\":4}")).valid());
        assertEquals(List.of("/n"), ParameterMapper.map(spec, json("{\"n\":3}")).violations().stream()
                .map(Violation::field).toList());
    }

    @Test
    void aBrokenPointerIsAConfigurationErrorNotAViolation() {
        TriggerSpec badPointer = spec(params("id", "id"), List.of(), null);
        assertThrows(IllegalArgumentException.class, () -> ParameterMapper.map(badPointer, json("{}")));
    }

    @Test
    void aSchemaTheValidatorCannotRunIsAViolationNeverAnError() {
        // Saved before the bounds existed, say: the call is recorded as failed validation, not a 500.
        TriggerSpec badPattern = spec(params("id", "/id"), List.of(), "{\"pattern\":\"[\"}");
        ParameterMapper.MappedParameters mapped = ParameterMapper.map(badPattern, json("{\"id\":\"x\"}"));
        assertFalse(mapped.valid());
        assertTrue(mapped.violations().getFirst().message().startsWith("the trigger's schema could not be evaluated"),
                mapped.violations().toString());
        TriggerSpec recursive = spec(params("id", "/id"), List.of(), "{\"$ref\":\"#\"}");
        ParameterMapper.MappedParameters looping = ParameterMapper.map(recursive, json("{\"id\":\"x\"}"));
        assertFalse(looping.valid());
        assertEquals("", looping.violations().getFirst().field());
    }
}
