package dev.hookline.core.delivery;

import dev.hookline.core.schedule.DueSender;
import dev.hookline.core.schedule.QueueSender;

import java.time.Instant;

/**
 * Where a push delivery's task goes back on the delivery queue's lanes: retries and probes at their due time on the
 * endpoint's lane as this environment knows it now, hand-backs at once to the lane the gate chose. One per
 * execution environment, like the gate whose knowledge of slow endpoints it carries.
 */
public final class LaneQueues {
    private final LaneGate gate;
    private final DueSender scheduler;
    private final QueueSender queues;

    public LaneQueues(LaneGate gate, DueSender scheduler, QueueSender queues) {
        this.gate = gate;
        this.scheduler = scheduler;
        this.queues = queues;
    }

    public LaneGate gate() {
        return gate;
    }

    /** Retries and probes go to the endpoint's lane as this environment knows it now. */
    public void schedule(Delivery delivery, Instant dueAt) {
        schedule(delivery, dueAt, gate.laneFor(delivery.tenantId(), delivery.endpointId()));
    }

    /**
     * Queues the delivery for {@code dueAt} on {@code lane} if an SQS delay reaches it; beyond that its due-index entry
     * does (the scheduler queues it on the fast lane, and the lane gate passes a slow endpoint's on).
     */
    void schedule(Delivery delivery, Instant dueAt, Lane lane) {
        scheduler.sendAt(lane.queue(), new DeliveryTask(delivery.tenantId(), delivery.id(), lane,
                delivery.endpointId()).toJson(), dueAt);
    }

    /** The task, unsent, onto the lane the gate chose, after the gate's delay. */
    void handBack(DeliveryTask task, LaneGate.HandBack back) {
        queues.send(back.lane().queue(), task.on(back.lane()).toJson(), back.delay());
    }
}
