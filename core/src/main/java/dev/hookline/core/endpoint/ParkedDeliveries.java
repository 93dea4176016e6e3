package dev.hookline.core.endpoint;

/**
 * Port: the backlog an endpoint kept while it could not be sent to (paused circuit, disabled), sent again when it
 * comes back. Deliveries are the delivery side's (its {@code DeliveryReplay} implements this), so an endpoint names
 * only what it asks of them.
 */
public interface ParkedDeliveries {
    /** Oldest first, so receivers see the backlog in the order it was due; returns how many were sent. */
    int replayParked(String tenantId, String endpointId);

    /** The oldest parked delivery, now: the next probe of a half-open circuit. */
    boolean replayOldestParked(String tenantId, String endpointId);
}
