package dev.hookline.core.delivery;

import java.time.Instant;

/**
 * One message on its way to one endpoint. {@code attemptCount} fences concurrent workers: an attempt is
 * recorded only if the count is still the one the worker claimed. {@code parked} marks deliveries held
 * while their endpoint is disabled; enabling the endpoint sends them. {@code pull} marks deliveries to a
 * pull endpoint: never sent by a worker, leased by the receiver when due and recorded when it acknowledges.
 */
public record Delivery(String id, String tenantId, String messageId, String endpointId, String eventType,
                       DeliveryStatus status, int attemptCount, Instant nextAttemptAt, boolean parked,
                       String lastError, Instant createdAt, Instant updatedAt, Instant expiresAt, boolean pull) {

    /** A delivery to a push endpoint. */
    public Delivery(String id, String tenantId, String messageId, String endpointId, String eventType,
                    DeliveryStatus status, int attemptCount, Instant nextAttemptAt, boolean parked, String lastError,
                    Instant createdAt, Instant updatedAt, Instant expiresAt) {
        this(id, tenantId, messageId, endpointId, eventType, status, attemptCount, nextAttemptAt, parked, lastError,
                createdAt, updatedAt, expiresAt, false);
    }
}
