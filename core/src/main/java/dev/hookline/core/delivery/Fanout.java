package dev.hookline.core.delivery;

import dev.hookline.core.endpoint.Endpoint;
import dev.hookline.core.endpoint.EndpointStore;
import dev.hookline.core.id.IdPrefix;
import dev.hookline.core.id.Ids;
import dev.hookline.core.schedule.QueueSender;
import dev.hookline.core.schedule.WorkQueue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Expands a message into one delivery per subscribed endpoint. Safe to run twice for one message (SQS
 * delivers at least once): an existing delivery is not created again, only re-sent if it never started.
 * A disabled endpoint's delivery is created parked: it waits for the endpoint to be enabled.
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
        Message message = messages.get(task.tenantId(), task.messageId()).orElse(null);
        if (message == null) {
            return 0;
        }
        int count = 0;
        Instant now = clock.instant();
        for (Endpoint endpoint : endpoints.listAll(task.tenantId())) {
            if (!endpoint.subscribesTo(message.type())) {
                continue;
            }
            Delivery fresh = new Delivery(ids.next(IdPrefix.DELIVERY), task.tenantId(), message.id(), endpoint.id(),
                    message.type(), DeliveryStatus.PENDING, 0, now, !endpoint.enabled(), null, now, now,
                    message.expiresAt(), endpoint.pull());
            DeliveryStore.Created result = deliveries.createOnce(fresh);
            Delivery d = result.delivery();
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
