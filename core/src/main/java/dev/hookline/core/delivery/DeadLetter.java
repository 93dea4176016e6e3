package dev.hookline.core.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Instant;

/** The record a dead-lettered delivery leaves in the delivery DLQ: enough to find and redrive it. */
public final class DeadLetter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DeadLetter() {
    }

    /** The data of {@code delivery.failing}: still retrying, and when it tries next. */
    public static String failing(Delivery delivery, Attempt last, Instant nextAttemptAt) {
        return JSON.createObjectNode()
                .put("delivery_id", delivery.id())
                .put("endpoint_id", delivery.endpointId())
                .put("message_id", delivery.messageId())
                .put("event_type", delivery.eventType())
                .put("attempts", last.n())
                .put("last_outcome", last.outcome())
                .put("last_status_code", last.statusCode() == null ? 0 : last.statusCode())
                .put("next_attempt_at", nextAttemptAt.toString())
                .toString();
    }

    public static String of(Delivery delivery, Attempt last, Instant at) {
        return JSON.createObjectNode()
                .put("kind", "delivery.dead_lettered")
                .put("tenant_id", delivery.tenantId())
                .put("delivery_id", delivery.id())
                .put("endpoint_id", delivery.endpointId())
                .put("message_id", delivery.messageId())
                .put("event_type", delivery.eventType())
                .put("attempts", last.n())
                .put("last_outcome", last.outcome())
                .put("last_status_code", last.statusCode() == null ? 0 : last.statusCode())
                .put("dead_lettered_at", at.toString())
                .toString();
    }
}
