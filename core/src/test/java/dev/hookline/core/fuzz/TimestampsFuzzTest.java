package dev.hookline.core.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.hookline.core.inbound.parse.Timestamps;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * Timestamp normalisation takes any JSON value a sender puts in a time field: it answers a time or nothing, never
 * throws, and what it answers is a UTC RFC 3339 time that normalises to itself.
 */
class TimestampsFuzzTest {
    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "30m")
    void normalize(FuzzedDataProvider data) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        JsonNode value = switch (data.consumeInt(0, 5)) {
            case 0 -> f.numberNode(data.consumeLong());
            case 1 -> f.numberNode(data.consumeDouble());
            case 2 -> f.numberNode(new BigDecimal(data.consumeLong()).movePointLeft(data.consumeInt(-20, 20)));
            case 3 -> f.booleanNode(data.consumeBoolean());
            case 4 -> f.numberNode(data.consumeInt());
            default -> f.textNode(data.consumeRemainingAsString());
        };
        Optional<String> normalized = Timestamps.normalize(value);
        if (normalized.isPresent()) {
            String text = normalized.get();
            Instant parsed = Instant.parse(text);
            if (!text.endsWith("Z") || !Timestamps.normalize(f.textNode(text)).equals(Optional.of(parsed.toString()))) {
                throw new AssertionError(value + " normalised to " + text + ", which does not normalise to itself");
            }
        }
    }
}
