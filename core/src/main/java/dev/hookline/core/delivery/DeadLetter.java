package dev.hookline.core.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/** What a failing or dead-lettered delivery reports (DLQ record, delivery.failing, delivery.dead_lettered): enough to find and redrive it. */
public final class DeadLetter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DeadLetter() {
    }

    /** The data of {@code delivery.failing}: still retrying, and when it tries next. */
    public static String failing(Delivery delivery, Attempt last, Instant nextAttemptAt) {
        return about(delivery, last).put("next_attempt_at", nextAttemptAt.toString()).toString();
    }

    public static String of(Delivery delivery, Attempt last, Instant at) {
        return about(delivery, last).put("kind", "delivery.dead_lettered").put("tenant_id", delivery.tenantId())
                .put("dead_lettered_at", at.toString()).toString();
    }

    /** A delivery given up without a final attempt (the reconciler's case): what it had, and why. */
    public static String unprocessed(Delivery delivery, String reason, Instant at) {
        return JSON.createObjectNode()
                .put("delivery_id", delivery.id())
                .put("endpoint_id", delivery.endpointId())
                .put("message_id", delivery.messageId())
                .put("event_type", delivery.eventType())
                .put("attempts", delivery.attemptCount())
                .put("last_outcome", "unprocessed")
                .put("reason", reason)
                .put("kind", "delivery.dead_lettered").put("tenant_id", delivery.tenantId())
                .put("dead_lettered_at", at.toString()).toString();
    }

    private static ObjectNode about(Delivery delivery, Attempt last) {
        return JSON.createObjectNode()
                .put("delivery_id", delivery.id())
                .put("endpoint_id", delivery.endpointId())
                .put("message_id", delivery.messageId())
                .put("event_type", delivery.eventType())
                .put("attempts", last.n())
                .put("last_outcome", last.outcome())
                .put("last_status_code", last.statusCode() == null ? 0 : last.statusCode());
    }
}
