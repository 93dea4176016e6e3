package dev.hookline.core.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.endpoint.PlatformEvents;
import dev.hookline.core.outbound.EventTypeFilter;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlatformEventTypesTest {
    private static final List<String> PUBLISHED = List.of("run.queued", "run.failed_validation", "run.started", "run.succeeded", "run.failed",
            "run.cancelled", "endpoint.degraded", "endpoint.paused", "endpoint.recovered", "endpoint.disabled",
            "delivery.dead_lettered", "webhook.test");

    private static final List<PlatformEventType> CATALOG = PlatformEventTypes.all();

    @Test
    void listsEveryTypeHooklinePublishesOnce() {
        Set<String> seen = new HashSet<>();
        for (PlatformEventType info : CATALOG) {
            assertTrue(seen.add(info.type()), "listed once: " + info.type());
        }
        for (String type : PUBLISHED) {
            assertTrue(seen.contains(type), "lists " + type);
        }
    }

    @Test
    void everyTypeIsAValidEventType() {
        for (PlatformEventType info : CATALOG) {
            assertTrue(EventTypeFilter.isValidEventType(info.type()), info.type() + " is a valid event type");
            assertFalse(info.description().isBlank(), info.type() + " has a description");
        }
    }

    @Test
    void operationalFlagsAgreeWithPlatformEvents() {
        for (PlatformEventType info : CATALOG) {
            assertEquals(PlatformEvents.isOperational(info.type()), info.operational(), info.type() + " operational");
            if (info.operational()) {
                assertTrue(info.description().contains("event_types"),
                        info.type() + " says it must be named in event_types");
            }
        }
    }

    @Test
    void examplesAreJsonObjects() {
        for (PlatformEventType info : CATALOG) {
            JsonNode example = info.example();
            assertTrue(example.isObject(), info.type() + " example is a JSON object: " + info.exampleJson());
            assertFalse(example.isEmpty(), info.type() + " example has fields");
        }
    }

    @Test
    void examplesHaveThePublishedShapes() {
        for (PlatformEventType info : CATALOG) {
            JsonNode ex = info.example();
            Set<String> fields = new HashSet<>();
            ex.fieldNames().forEachRemaining(fields::add);
            String type = info.type();
            if (type.equals("run.failed_validation")) {
                assertEquals(Set.of("run_id", "source_id", "pipeline", "version", "status", "detail", "parameters",
                        "violations"), fields, type);
                assertEquals("failed_validation", ex.get("status").asText());
            } else if (type.startsWith("run.")) {
                assertEquals(Set.of("run_id", "source_id", "pipeline", "version", "status", "detail", "parameters"),
                        fields, type);
                assertEquals(type.substring("run.".length()), ex.get("status").asText(), type + " status");
            } else if (type.startsWith("endpoint.")) {
                assertEquals(Set.of("endpoint_id", "url", "state", "since", "reason"), fields, type);
            } else if (type.equals("delivery.dead_lettered")) {
                assertEquals(Set.of("kind", "tenant_id", "delivery_id", "endpoint_id", "message_id", "event_type",
                        "attempts", "last_outcome", "last_status_code", "dead_lettered_at"), fields, type);
                assertEquals(type, ex.get("kind").asText());
            } else if (type.equals("webhook.test")) {
                assertEquals(Set.of("endpoint_id", "message"), fields, type);
            }
        }
    }

    @Test
    void catalogIsImmutable() {
        assertThrows(UnsupportedOperationException.class, () -> CATALOG.add(CATALOG.getFirst()));
    }
}
