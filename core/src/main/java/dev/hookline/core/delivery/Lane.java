package dev.hookline.core.delivery;

import dev.hookline.core.schedule.WorkQueue;

/**
 * The two delivery queues. Endpoints that answer promptly are sent from the fast lane; an endpoint whose sends take
 * {@link LaneGate#SLOW_AFTER} or longer (or time out) is moved to the slow lane, whose consumers it can keep busy
 * without delaying anyone else's deliveries.
 */
public enum Lane {
    FAST(WorkQueue.DELIVERY),
    SLOW(WorkQueue.DELIVERY_SLOW);

    private final WorkQueue queue;

    Lane(WorkQueue queue) {
        this.queue = queue;
    }

    public WorkQueue queue() {
        return queue;
    }
}
