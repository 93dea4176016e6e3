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

    /**
     * A pull delivery with its lease, if a receiver holds one: the lease's id, when it was taken and when it
     * ends. A lease ends with the receiver's ack, or unacknowledged at {@code leaseUntil}.
     */
    record PullState(Delivery delivery, String leaseId, Instant leasedAt, Instant leaseUntil) {
        public boolean leased() {
            return leaseId != null;
        }
    }

    /**
     * The endpoint's pull deliveries that are due by {@code now}, and those whose lease ended unacknowledged by
     * then, oldest first. Read from an index that may lag a write by a moment: leasing decides.
     */
    List<PullState> duePulls(String tenantId, String endpointId, Instant now, int limit);

    Optional<PullState> pullState(String tenantId, String deliveryId);

    /**
     * Leases a pull delivery in one conditional write: only if it is due, not final, not parked and not leased
     * (an ended lease is recorded before the delivery is leased again). Empty when refused: another receiver
     * was first, or the delivery changed since it was read.
     */
    Optional<PullState> leasePull(String tenantId, String deliveryId, String leaseId, Instant now, Instant leaseUntil);

    /**
     * Records the attempt a lease stood for (its ack, or its expiry) if the attempt count is still
     * {@code leased.attemptCount()}, the lease is still {@code leaseId}'s and has ended ({@code expired}) or not
     * ({@code !expired}) by {@code now}. Releases the lease; the delivery is due again in the pull index when a
     * retry is scheduled, and leaves it otherwise. False if the write was refused.
     */
    boolean recordPullAttempt(Delivery leased, String leaseId, boolean expired, Attempt attempt, DeliveryStatus status,
                              Instant nextAttemptAt, boolean parked, Instant now);
}
