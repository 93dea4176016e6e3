package dev.hookline.core.inbound.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.core.inbound.trigger.Violation;
import dev.hookline.core.problem.Problem.FieldError;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamSchemaTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode stream(String json) throws Exception {
        return JSON.readTree(json);
    }

    @Test
    void aRecordThatDriftedNamesThePath() throws Exception {
        JsonNode s = stream("{\"schema\":{\"type\":\"object\",\"required\":[\"id\"],\"properties\":{\"amount\":{\"type\":\"integer\"}}}}");
        assertEquals(List.of(), StreamSchema.violations(s, JSON.readTree("{\"id\":\"x\",\"amount\":3}")));
        List<Violation> v = StreamSchema.violations(s, JSON.readTree("{\"amount\":\"3\"}"));
        assertEquals(List.of("/amount", "/id"), v.stream().map(Violation::field).sorted().toList());
        assertEquals(StreamSchema.Mode.STRICT, StreamSchema.mode(s));
        assertEquals(StreamSchema.Mode.QUARANTINE, StreamSchema.mode(stream("{\"schema\":{},\"schema_mode\":\"quarantine\"}")));
    }

    @Test
    void violationsAreBounded() throws Exception {
        StringBuilder required = new StringBuilder("[");
        for (int i = 0; i < 40; i++) {
            required.append(i == 0 ? "" : ",").append("\"f").append(i).append('"');
        }
        JsonNode s = stream("{\"schema\":{\"type\":\"object\",\"required\":" + required + "]}}");
        assertEquals(StreamSchema.MAX_VIOLATIONS, StreamSchema.violations(s, JSON.readTree("{}")).size());
    }

    @Test
    void badSchemasAndModesAreRefusedWhenSaved() throws Exception {
        List<FieldError> typo = StreamSchema.validate(stream("{\"schema\":{\"type\":\"strin\"}}"));
        assertFalse(typo.isEmpty());
        assertEquals("stream.schema", typo.getFirst().field());
        assertTrue(StreamSchema.validate(stream("{\"schema\":{\"$ref\":\"https://example.com/s.json\"}}")).stream()
                .anyMatch(e -> e.field().equals("stream.schema")), "no remote references");
        assertEquals("stream.schema_mode", StreamSchema.validate(stream("{\"schema\":{},\"schema_mode\":\"loose\"}")).getFirst().field());
        assertEquals("stream.schema_mode", StreamSchema.validate(stream("{\"schema_mode\":\"strict\"}")).getFirst().field());
        assertEquals(List.of(), StreamSchema.validate(stream("{\"schema\":{\"type\":\"object\"},\"schema_mode\":\"quarantine\"}")));
    }
}
