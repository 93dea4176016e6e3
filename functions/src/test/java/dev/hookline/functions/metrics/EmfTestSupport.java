package dev.hookline.functions.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Captures what a {@link Metrics} writes and reads it back as JSON. */
final class EmfTestSupport {
    static final Instant NOW = Instant.parse("2025-03-01T12:00:00.123Z");
    static final String FUNCTION = "hookline-DeliveryFunction-AbC123";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final Metrics metrics;

    EmfTestSupport(String functionName) {
        metrics = new Metrics(functionName, new PrintStream(bytes, true, StandardCharsets.UTF_8),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    List<JsonNode> lines() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : text().split("\n")) {
            if (!line.isBlank()) {
                out.add(MAPPER.readTree(line));
            }
        }
        return out;
    }

    JsonNode onlyLine() throws Exception {
        List<JsonNode> lines = lines();
        assertEquals(1, lines.size(), "one EMF line per flush: " + text());
        return lines.get(0);
    }

    /** Checks the EMF envelope and returns the single metric directive. */
    static JsonNode directive(JsonNode line) {
        JsonNode aws = line.get("_aws");
        assertTrue(aws != null && aws.isObject(), "_aws object: " + line);
        assertTrue(aws.get("Timestamp").isIntegralNumber(), "Timestamp is a number (epoch ms)");
        assertEquals(NOW.toEpochMilli(), aws.get("Timestamp").asLong());
        JsonNode directives = aws.get("CloudWatchMetrics");
        assertTrue(directives.isArray());
        assertEquals(1, directives.size());
        JsonNode directive = directives.get(0);
        assertEquals("Hookline", directive.get("Namespace").asText());
        // Every dimension named by a dimension set is a string member of the root (EMF target members).
        for (JsonNode set : directive.get("Dimensions")) {
            for (JsonNode dimension : set) {
                assertTrue(line.has(dimension.asText()) && line.get(dimension.asText()).isTextual(),
                        "root member for dimension " + dimension);
            }
        }
        // Every metric definition has a numeric root member.
        for (JsonNode metric : directive.get("Metrics")) {
            assertTrue(line.has(metric.get("Name").asText()) && line.get(metric.get("Name").asText()).isNumber(),
                    "root member for metric " + metric);
        }
        return directive;
    }

    static String dimensionSets(JsonNode directive) {
        return directive.get("Dimensions").toString();
    }

    static String unitOf(JsonNode directive, String name) {
        for (JsonNode metric : directive.get("Metrics")) {
            if (metric.get("Name").asText().equals(name)) {
                return metric.get("Unit").asText();
            }
        }
        return null;
    }
}
