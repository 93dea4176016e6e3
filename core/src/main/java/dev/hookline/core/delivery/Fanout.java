package dev.hookline.core.delivery;

import dev.hookline.core.endpoint.Endpoint;
import dev.hookline.core.endpoint.EndpointStore;
import dev.hookline.core.fault.FaultPoint;
import dev.hookline.core.fault.Faults;
import dev.hookline.core.id.IdPrefix;
import dev.hookline.core.id.Ids;
import dev.hookline.core.schedule.QueueSender;
import dev.hookline.core.schedule.WorkQueue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Expands a message into one delivery per subscribed endpoint. Safe to run twice for one message (the change
 * stream delivers at least once, and a failed batch is retried): an existing delivery is not created again, only
 * queued again if it never started. Each delivery is created due now, in the due index, so if the queue send
 * after it is lost the scheduler still finds it. A disabled endpoint's delivery is created parked: it waits for
 * the endpoint to be enabled.
 */
public final class Fanout {
    private final MessageStore messages;
    private final EndpointStore endpoints;
    private final DeliveryStore deliveries;
    private final QueueSender queues;
    private final Ids ids;
    private final Clock clock;

    public Fanout(MessageStore messages, EndpointStore endpoints, DeliveryStore deliveries, QueueSender queues,
                  Ids ids, Clock clock) {
        this.messages = messages;
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.queues = queues;
        this.ids = ids;
        this.clock = clock;
    }

    /** Returns how many deliveries the message has after this run (0 if the message is gone). */
    public int expand(FanoutTask task) {
        return messages.get(task.tenantId(), task.messageId()).map(this::expand).orElse(0);
    }

    /** The message as the change stream carried it: no need to read it again. */
    public int expand(Message message) {
        int count = 0;
        Instant now = clock.instant();
        for (Endpoint endpoint : endpoints.listAll(message.tenantId())) {
            if (!endpoint.subscribesTo(message.type(), message.category())) {
                continue;
            }
            Delivery fresh = new Delivery(ids.next(IdPrefix.DELIVERY), message.tenantId(), message.id(), endpoint.id(),
                    message.type(), DeliveryStatus.PENDING, 0, now, !endpoint.enabled(), null, now, now,
                    message.expiresAt(), endpoint.pull());
            Delivery d = deliveries.createOnce(fresh).delivery();
            Faults.at(FaultPoint.FANOUT_AFTER_DELIVERY_WRITE);
            boolean neverStarted = d.status() == DeliveryStatus.PENDING && d.attemptCount() == 0 && !d.parked();
            // A pull delivery waits, due, in its endpoint's pull index: the receiver fetches it.
            if (neverStarted && !d.pull()) {
                queues.send(WorkQueue.DELIVERY, new DeliveryTask(d.tenantId(), d.id(), d.endpointId()).toJson(), Duration.ZERO);
            }
            count++;
        }
        return count;
    }
}
