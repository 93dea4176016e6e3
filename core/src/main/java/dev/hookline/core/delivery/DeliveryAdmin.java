package dev.hookline.core.delivery;

import dev.hookline.core.access.Caller;
import dev.hookline.core.audit.AuditTrail;
import dev.hookline.core.audit.AuditViews;
import dev.hookline.core.problem.Problem;
import dev.hookline.core.problem.ProblemType;

import java.time.Instant;

/**
 * A tenant's actions on deliveries: retry one now, recover an endpoint's failures since a time, redrive its dead
 * letters. Each is recorded in the audit log before it runs ({@link AuditTrail}), and the entry stays even if the
 * action then fails: these act on many items or on two services (store, queue) and may have applied in part. The
 * caller has checked that the endpoint is the tenant's.
 */
public final class DeliveryAdmin {
    private final DeliveryStore deliveries;
    private final DeliveryReplay replay;
    private final Recovery recovery;
    private final AuditTrail audit;

    public DeliveryAdmin(DeliveryStore deliveries, DeliveryReplay replay, Recovery recovery, AuditTrail audit) {
        this.deliveries = deliveries;
        this.replay = replay;
        this.recovery = recovery;
        this.audit = audit;
    }

    /**
     * Sends the delivery again now, whatever its state and whether or not its endpoint's circuit is open; the
     * attempt's outcome counts toward the circuit like a probe. 404 for another tenant's delivery.
     */
    public Delivery retry(Caller caller, String deliveryId) {
        Delivery current = deliveries.get(caller.tenantId(), deliveryId).orElseThrow(() ->
                Problem.of(ProblemType.NOT_FOUND, "No delivery " + deliveryId + ".").toException());
        return audit.recordedKept(caller, "delivery.retried", "delivery", deliveryId,
                AuditViews.of("status", current.status().wire()), AuditViews.of("status", "retry_requested"),
                () -> replay.retryManually(caller.tenantId(), deliveryId));
    }

    /** Re-queues the endpoint's failed and dead-lettered deliveries since {@code since}; how many. */
    public int recover(Caller caller, String endpointId, Instant since) {
        recovery.checkSince(since); // a refused request is not an action to audit
        return audit.recordedKept(caller, "endpoint.recovery_requested", "endpoint", endpointId, null,
                AuditViews.of("recover_since", since.toString()),
                () -> recovery.recover(caller.tenantId(), endpointId, since));
    }

    /** Re-queues every dead letter of the endpoint; how many. */
    public int redriveDeadLetters(Caller caller, String endpointId) {
        return audit.recordedKept(caller, "endpoint.dead_letters_redriven", "endpoint", endpointId, null,
                AuditViews.of("redrive", "dead_letters"), () -> recovery.redriveDeadLetters(caller.tenantId(), endpointId));
    }
}
