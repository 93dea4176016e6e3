package dev.hookline.core.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.inbound.trigger.TriggerSpec;
import dev.hookline.core.problem.ProblemException;
import dev.hookline.core.wire.ApiJson;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Management API bodies: any bytes are a typed body or a 400/415/422 - never another exception - and a trigger
 * with any schema is accepted or refused with field errors, never a hang or a stack overflow (the recursive
 * {@code $ref} that once took ingest down).
 */
class ApiBodyFuzzTest {
    /** A body shaped like the API's: strings, integers, numbers, booleans, lists, maps and a nested object. */
    public record Body(String name, Integer count, Double rate, Boolean enabled, List<String> tags,
                       Map<String, String> headers, Nested nested, JsonNode trigger) {
    }

    public record Nested(Long seconds, String mode) {
    }

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "30m")
    void decode(byte[] body) {
        try {
            Body read = ApiJson.read(body, Body.class);
            if (read.trigger() != null) {
                TriggerSpec.check(read.trigger());
            }
        } catch (ProblemException refused) {
            Refusals.expect(refused, Set.of(400, 415, 422));
        }
    }
}
