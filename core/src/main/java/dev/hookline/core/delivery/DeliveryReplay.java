package dev.hookline.core.delivery;

import dev.hookline.core.endpoint.ParkedDeliveries;
import dev.hookline.core.problem.Problem;
import dev.hookline.core.problem.ProblemType;
import dev.hookline.core.schedule.QueueSender;
import dev.hookline.core.schedule.WorkQueue;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Sends deliveries again: one on request (manual retry), or every parked one when an endpoint is enabled. */
public final class DeliveryReplay implements ParkedDeliveries {
    private static final int PAGE = 100;

    private final DeliveryStore deliveries;
    private final QueueSender queues;
    private final Clock clock;

    public DeliveryReplay(DeliveryStore deliveries, QueueSender queues, Clock clock) {
        this.deliveries = deliveries;
        this.queues = queues;
        this.clock = clock;
    }

    public Delivery retryNow(String tenantId, String deliveryId) {
        return send(deliveries.requeue(tenantId, deliveryId, clock.instant()), new DeliveryTask(tenantId, deliveryId));
    }

    /** A tenant's "retry now": attempted at once even while the circuit is open (see {@link DeliveryTask#manual}). */
    public Delivery retryManually(String tenantId, String deliveryId) {
        return send(deliveries.requeue(tenantId, deliveryId, clock.instant()), DeliveryTask.manual(tenantId, deliveryId));
    }

    private Delivery send(java.util.Optional<Delivery> requeued, DeliveryTask task) {
        Delivery delivery = requeued.orElseThrow(() ->
                Problem.of(ProblemType.NOT_FOUND, "No delivery " + task.deliveryId() + ".").toException());
        if (!delivery.pull()) {
            // A pull delivery is due again in its endpoint's pull index; no worker sends it.
            queues.send(WorkQueue.DELIVERY, task.toJson(), Duration.ZERO);
        }
        return delivery;
    }

    @Override
    public boolean replayOldestParked(String tenantId, String endpointId) {
        List<Delivery> oldest = deliveries.parked(tenantId, endpointId, 1);
        oldest.forEach(d -> unpark(tenantId, d.id()));
        return !oldest.isEmpty();
    }

    @Override
    public int replayParked(String tenantId, String endpointId) {
        int sent = 0;
        while (true) {
            List<Delivery> page = deliveries.parked(tenantId, endpointId, PAGE);
            int unparked = 0;
            for (Delivery d : page) {
                if (unpark(tenantId, d.id())) {
                    unparked++;
                }
            }
            sent += unparked;
            // A full page none of which was still parked (another replay took them) would come back the same.
            if (page.size() < PAGE || unparked == 0) {
                return sent;
            }
        }
    }

    /** Requeued only if still parked: another replay of the same endpoint may have taken it already. */
    private boolean unpark(String tenantId, String deliveryId) {
        var unparked = deliveries.unpark(tenantId, deliveryId, clock.instant());
        unparked.ifPresent(d -> send(unparked, new DeliveryTask(tenantId, deliveryId)));
        return unparked.isPresent();
    }
}
