package dev.hookline.core.inbound.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** {@code value} is JSON text, so numbers and strings are both covered. */
    private static Optional<String> normalize(String json) throws Exception {
        return Timestamps.normalize(MAPPER.readTree(json));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "1700000000                         | 2023-11-14T22:13:20Z",
            "1700000000123                      | 2023-11-14T22:13:20.123Z",
            "\"1700000000\"                     | 2023-11-14T22:13:20Z",
            "\"1700000000123\"                  | 2023-11-14T22:13:20.123Z",
            "1700000000.5                       | 2023-11-14T22:13:20.500Z",
            "1700000000.123                     | 2023-11-14T22:13:20.123Z",
            "\"1700000000.25\"                  | 2023-11-14T22:13:20.250Z",
            "0                                  | 1970-01-01T00:00:00Z",
            "99999999999                        | 5138-11-16T09:46:39Z",
            "100000000000                       | 1973-03-03T09:46:40Z",
            "\"2021-04-26T17:36:27.458+02:00\"  | 2021-04-26T15:36:27.458Z",
            "\"2021-04-26T17:36:27+02:00\"      | 2021-04-26T15:36:27Z",
            "\"2021-04-26T17:36:27-0500\"       | 2021-04-26T22:36:27Z",
            "\"2021-04-26T17:36:27Z\"           | 2021-04-26T17:36:27Z",
            "\"2021-04-26t17:36:27.1z\"         | 2021-04-26T17:36:27.100Z",
            "\"2021-04-26 17:36:27.000123+00:00\" | 2021-04-26T17:36:27.000123Z",
            "\"2026-11-24T05:44:32.000Z\"       | 2026-11-24T05:44:32Z",
    })
    void normalizesToUtcRfc3339(String json, String expected) throws Exception {
        assertEquals(Optional.of(expected), normalize(json));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "\"garbage\"", "\"\"", "true", "null", "{}", "[1700000000]",
            "-1", "100000000000000", "\"-1700000000\"", "\"1e9\"",
            // No offset: the zone is unknown, so it is not guessed.
            "\"2021-04-26T17:36:27\"", "\"2021-04-26\"",
            "\"2021-02-30T10:00:00Z\"", "\"2021-04-26T25:00:00Z\"", "\"Mon, 26 Apr 2021 17:36:27 GMT\"",
    })
    void anythingElseIsNotATimestamp(String json) throws Exception {
        assertEquals(Optional.empty(), normalize(json));
    }

    @Test
    void missingValueIsNotATimestamp() {
        JsonNode missing = null;
        assertEquals(Optional.empty(), Timestamps.normalize(missing));
    }

    @Test
    void numbersTooLargeForADoubleAreNoTime() throws Exception {
        // {"timestamp": 1e400} reads as Infinity; it once threw NumberFormatException (a 503 at ingest).
        assertEquals(java.util.Optional.empty(), Timestamps.normalize(
                new com.fasterxml.jackson.databind.ObjectMapper().readTree("1e400")));
        assertEquals(java.util.Optional.empty(), Timestamps.normalize(
                com.fasterxml.jackson.databind.node.DoubleNode.valueOf(Double.NaN)));
    }
}
