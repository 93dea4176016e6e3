package dev.hookline.core.delivery;

import dev.hookline.core.endpoint.EndpointHistory;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Port: deliveries and their attempts, always addressed by (tenant, id). While a delivery is owed an attempt
 * (pending or retrying, not parked) it carries a {@link dev.hookline.core.schedule.DueIndex} entry for the time
 * it is due, written by the same write that made it so: the scheduler re-queues it from there if its queue
 * message is lost, so no delivery waits forever. ({@link #deleteByEndpoint} comes from {@link EndpointHistory}.)
 */
public interface DeliveryStore extends EndpointHistory {

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

    sealed interface Claim permits Claimed, NotDue, Leased, Refused {
    }

    /** This worker may attempt it now. */
    record Claimed(Delivery delivery) implements Claim {
    }

    /** Not due yet (an early or duplicate message): wait until {@code delivery.nextAttemptAt()}. */
    record NotDue(Delivery delivery) implements Claim {
    }

    /**
     * Another worker holds the lease until {@code until}: it may finish, or it may have died. Come back then,
     * rather than dropping this message, so a worker that died on it never leaves it unattempted.
     */
    record Leased(Delivery delivery, Instant until) implements Claim {
    }

    /** Gone, final or parked: nothing to do for this message. */
    record Refused() implements Claim {
    }

    /** Gives up a claim without an attempt, and the delivery's place in the due index (the endpoint is gone). */
    void release(String tenantId, String deliveryId);

    /** Gives up a claim without an attempt; the delivery is due again at {@code at} (the endpoint's circuit is open). */
    void reschedule(String tenantId, String deliveryId, Instant at, Instant now);

    /**
     * Records the attempt and the delivery's new state, if the delivery's attempt count is still
     * {@code claimed.attemptCount()}; releases the lease. False if another worker recorded first. A non-null
     * {@code event} (a platform event reporting this change) is stored in the same transaction, so it exists
     * exactly when the change does.
     */
    boolean recordAttempt(Delivery claimed, Attempt attempt, DeliveryStatus status, Instant nextAttemptAt,
                          boolean parked, Instant now, Message event);

    /** Holds the delivery until its endpoint is enabled again, releasing any claim on it. */
    void park(String tenantId, String deliveryId, Instant now);

    /**
     * Makes the delivery due now whatever its state (manual retry, replay) and clears parking; empty if the
     * tenant has no such delivery. An attempt already in flight keeps its lease: the two collapse into one.
     */
    Optional<Delivery> requeue(String tenantId, String deliveryId, Instant now);

    /**
     * {@link #requeue} of a delivery that is still parked; empty if it is not (any more). Two replays of one
     * endpoint's parked deliveries (an enable, and a fan-out that parked one meanwhile) then never send one twice.
     */
    Optional<Delivery> unpark(String tenantId, String deliveryId, Instant now);

    /**
     * A waiting delivery has come due and the scheduler is about to queue it: its entry becomes a queued one,
     * due now. False if the delivery moved on since the scheduler saw it due at {@code seenDueAt}.
     */
    boolean queueWaiting(String tenantId, String deliveryId, Instant seenDueAt, Instant now);

    /** What became of a delivery that was still unattempted a grace after it was due. */
    sealed interface Overdue permits Requeued, GaveUp, MovedOn {
    }

    /** Due again now; the caller queues it. {@code times}: how often this has happened since its last attempt. */
    record Requeued(int times) implements Overdue {
    }

    /** Re-queued {@code maxRequeues} times without an attempt being recorded: now dead-lettered with the reason. */
    record GaveUp(Delivery delivery) implements Overdue {
    }

    /** It was attempted, parked, finished or re-queued by someone else meanwhile: nothing to do. */
    record MovedOn() implements Overdue {
    }

    /** Re-queues (fenced on {@code seenDueAt}) or, after {@code maxRequeues}, dead-letters an overdue delivery. */
    Overdue requeueOverdue(String tenantId, String deliveryId, Instant seenDueAt, Instant now, int maxRequeues,
                           String reason);

    /** Parked deliveries of an endpoint, oldest first. */
    List<Delivery> parked(String tenantId, String endpointId, int limit);

    List<Attempt> attempts(String tenantId, String deliveryId);

    /** Newest first; {@code status} null for all. Cursor is opaque to callers. */
    DeliveryPage listByEndpoint(String tenantId, String endpointId, DeliveryStatus status, String cursor, int limit);

    record DeliveryPage(List<Delivery> deliveries, String nextCursor) {
    }

    List<Delivery> listByMessage(String tenantId, String messageId);

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
     * was first, or the delivery changed since it was read. While the lease runs the delivery has a
     * {@link dev.hookline.core.schedule.DueIndex.Kind#PULL_LEASE} entry at its end.
     */
    Optional<PullState> leasePull(String tenantId, String deliveryId, String leaseId, Instant now, Instant leaseUntil);

    /**
     * Records the attempt a lease stood for (its ack, or its expiry) if the attempt count is still
     * {@code leased.attemptCount()}, the lease is still {@code leaseId}'s and has ended ({@code expired}) or not
     * ({@code !expired}) by {@code now}. Releases the lease; the delivery is due again in the pull index when a
     * retry is scheduled, and leaves it otherwise; the lease's due-index entry goes. A non-null {@code event} is
     * stored in the same transaction, as with {@link #recordAttempt}. False if the write was refused.
     */
    boolean recordPullAttempt(Delivery leased, String leaseId, boolean expired, Attempt attempt, DeliveryStatus status,
                              Instant nextAttemptAt, boolean parked, Instant now, Message event);
}
