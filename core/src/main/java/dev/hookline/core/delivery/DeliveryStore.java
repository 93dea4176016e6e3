package dev.hookline.core.delivery;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Port: deliveries and their attempts, always addressed by (tenant, id). */
public interface DeliveryStore {

    /**
     * Creates the delivery of a message to an endpoint unless one exists already (fan-out may run twice
     * for one message); returns the delivery that exists afterwards and whether this call created it.
     */
    Created createOnce(Delivery delivery);

    record Created(Delivery delivery, boolean created) {
    }

    Optional<Delivery> get(String tenantId, String deliveryId);

    /**
     * Takes the delivery for one attempt, in one conditional write: only if it exists, is not final, not
     * parked, is due ({@code next_attempt_at <= now}) and no other worker holds an unexpired lease. The lease
     * ends at {@code leaseUntil} even if the worker dies. When refused, says why, with the delivery as it is.
     */
    Claim claim(String tenantId, String deliveryId, Instant now, Instant leaseUntil);

    sealed interface Claim permits Claimed, NotDue, Refused {
    }

    /** This worker may attempt it now. */
    record Claimed(Delivery delivery) implements Claim {
    }

    /** Not due yet (an early or duplicate message): wait until {@code delivery.nextAttemptAt()}. */
    record NotDue(Delivery delivery) implements Claim {
    }

    /** Gone, final, parked, or another worker is on it: nothing to do for this message. */
    record Refused() implements Claim {
    }

    /** Gives up a claim without an attempt (the endpoint is gone). */
    void release(String tenantId, String deliveryId);

    /**
     * Records the attempt and the delivery's new state, if the delivery's attempt count is still
     * {@code claimed.attemptCount()}; releases the lease. False if another worker recorded first.
     */
    boolean recordAttempt(Delivery claimed, Attempt attempt, DeliveryStatus status, Instant nextAttemptAt,
                          boolean parked, Instant now);

    /** Holds the delivery until its endpoint is enabled again, releasing any claim on it. */
    void park(String tenantId, String deliveryId, Instant now);

    /**
     * Makes the delivery due now whatever its state (manual retry, replay) and clears parking; empty if the
     * tenant has no such delivery. An attempt already in flight keeps its lease: the two collapse into one.
     */
    Optional<Delivery> requeue(String tenantId, String deliveryId, Instant now);

    /** Parked deliveries of an endpoint, oldest first. */
    List<Delivery> parked(String tenantId, String endpointId, int limit);

    List<Attempt> attempts(String tenantId, String deliveryId);

    /** Newest first; {@code status} null for all. Cursor is opaque to callers. */
    DeliveryPage listByEndpoint(String tenantId, String endpointId, DeliveryStatus status, String cursor, int limit);

    record DeliveryPage(List<Delivery> deliveries, String nextCursor) {
    }

    List<Delivery> listByMessage(String tenantId, String messageId);

    /** Deletes every delivery (and attempt) of the endpoint; returns how many deliveries were removed. */
    int deleteByEndpoint(String tenantId, String endpointId);
}
