package dev.hookline.local.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lambda's filter semantics for the subset the local runner supports, and a loud refusal of the rest. */
class EventFilterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void nestedFieldsMustAllMatchOneOfTheirValues() throws Exception {
        EventFilter f = EventFilter.of(List.of("{\"eventName\":[\"INSERT\",\"MODIFY\"],\"dynamodb\":{\"NewImage\":{\"outbox\":{\"S\":[\"ready\"]}}}}"));
        assertTrue(f.matches(json("{\"eventName\":\"MODIFY\",\"dynamodb\":{\"NewImage\":{\"outbox\":{\"S\":\"ready\"},\"x\":{\"N\":\"1\"}}}}")));
        assertFalse(f.matches(json("{\"eventName\":\"REMOVE\",\"dynamodb\":{\"NewImage\":{\"outbox\":{\"S\":\"ready\"}}}}")));
        assertFalse(f.matches(json("{\"eventName\":\"INSERT\",\"dynamodb\":{\"NewImage\":{\"outbox\":{\"S\":\"scheduled\"}}}}")));
        assertFalse(f.matches(json("{\"eventName\":\"INSERT\",\"dynamodb\":{}}")), "a missing field matches no value");
    }

    @Test
    void anyPatternMayMatch() throws Exception {
        EventFilter f = EventFilter.of(List.of("{\"a\":[1]}", "{\"b\":[\"x\"]}"));
        assertTrue(f.matches(json("{\"a\":1.0}")), "numbers compare as numbers");
        assertTrue(f.matches(json("{\"b\":\"x\"}")));
        assertFalse(f.matches(json("{\"a\":2,\"b\":\"y\"}")));
        assertTrue(EventFilter.of(List.of()).matches(json("{}")), "no filter: everything passes");
    }

    @Test
    void existsPrefixAndAnythingBut() throws Exception {
        assertTrue(EventFilter.of(List.of("{\"a\":[{\"exists\":false}]}")).matches(json("{\"b\":1}")));
        assertFalse(EventFilter.of(List.of("{\"a\":[{\"exists\":false}]}")).matches(json("{\"a\":1}")));
        assertTrue(EventFilter.of(List.of("{\"a\":[{\"exists\":true}]}")).matches(json("{\"a\":\"\"}")));
        assertTrue(EventFilter.of(List.of("{\"a\":[{\"prefix\":\"MSG\"}]}")).matches(json("{\"a\":\"MSG#1\"}")));
        assertFalse(EventFilter.of(List.of("{\"a\":[{\"prefix\":\"MSG\"}]}")).matches(json("{\"a\":\"DLV#1\"}")));
        assertTrue(EventFilter.of(List.of("{\"a\":[{\"anything-but\":[\"x\",\"y\"]}]}")).matches(json("{\"a\":\"z\"}")));
        assertFalse(EventFilter.of(List.of("{\"a\":[{\"anything-but\":\"x\"}]}")).matches(json("{\"a\":\"x\"}")));
        assertTrue(EventFilter.of(List.of("{\"a\":[\"x\"]}")).matches(json("{\"a\":[\"w\",\"x\"]}")), "an array matches by any element");
    }

    @Test
    void operatorsTheRunnerCannotRunAreRefusedWhenItStarts() {
        assertThrows(IllegalArgumentException.class, () -> EventFilter.of(List.of("{\"a\":[{\"numeric\":[\">\",1]}]}")));
        assertThrows(IllegalArgumentException.class, () -> EventFilter.of(List.of("{\"a\":\"x\"}")));
        assertThrows(IllegalArgumentException.class, () -> EventFilter.of(List.of("[1]")));
        assertThrows(IllegalArgumentException.class, () -> EventFilter.of(List.of("{not json")));
    }
}
