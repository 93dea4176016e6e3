package dev.hookline.core.delivery;

import java.time.Instant;

/**
 * One message on its way to one endpoint. {@code attemptCount} fences concurrent workers: an attempt is
 * recorded only if the count is still the one the worker claimed. {@code parked} marks deliveries held
 * while their endpoint is disabled; enabling the endpoint sends them.
 */
public record Delivery(String id, String tenantId, String messageId, String endpointId, String eventType,
                       DeliveryStatus status, int attemptCount, Instant nextAttemptAt, boolean parked,
                       String lastError, Instant createdAt, Instant updatedAt, Instant expiresAt) {
}
