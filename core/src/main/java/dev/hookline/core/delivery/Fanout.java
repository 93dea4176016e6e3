package dev.hookline.core.delivery;

import dev.hookline.core.endpoint.Endpoint;
import dev.hookline.core.endpoint.EndpointStore;
import dev.hookline.core.endpoint.ParkedDeliveries;
import dev.hookline.core.fault.FaultPoint;
import dev.hookline.core.fault.Faults;
import dev.hookline.core.id.IdPrefix;
import dev.hookline.core.id.Ids;
import dev.hookline.core.schedule.QueueSender;
import dev.hookline.core.schedule.WorkQueue;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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
    private final ParkedDeliveries parked;
    private final Ids ids;
    private final Clock clock;

    public Fanout(MessageStore messages, EndpointStore endpoints, DeliveryStore deliveries, QueueSender queues,
                  ParkedDeliveries parked, Ids ids, Clock clock) {
        this.messages = messages;
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.queues = queues;
        this.parked = parked;
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
        List<String> tasks = new ArrayList<>();
        List<String> parkedFor = new ArrayList<>();
        for (Endpoint endpoint : endpoints.listAll(message.tenantId())) {
            if (!endpoint.subscribesTo(message.type(), message.category())) {
                continue;
            }
            Delivery fresh = new Delivery(ids.next(IdPrefix.DELIVERY), message.tenantId(), message.id(), endpoint.id(),
                    message.type(), DeliveryStatus.PENDING, 0, now, !endpoint.enabled(), null, now, now,
                    message.expiresAt(), endpoint.pull());
            Delivery d = deliveries.createOnce(fresh).delivery();
            Faults.at(FaultPoint.FANOUT_AFTER_DELIVERY_WRITE);
            if (d.parked()) {
                parkedFor.add(endpoint.id());
            }
            boolean neverStarted = d.status() == DeliveryStatus.PENDING && d.attemptCount() == 0 && !d.parked();
            // A pull delivery waits, due, in its endpoint's pull index: the receiver fetches it.
            if (neverStarted && !d.pull()) {
                tasks.add(new DeliveryTask(d.tenantId(), d.id(), d.endpointId()).toJson());
            }
            count++;
        }
        // Queued together (SQS batches of 10) once every delivery is stored; a crash before this runs the record
        // again, and the deliveries found never started are queued then.
        if (!tasks.isEmpty()) {
            queues.sendAll(WorkQueue.DELIVERY, tasks);
        }
        replayIfEnabledMeanwhile(message.tenantId(), parkedFor);
        return count;
    }

    /**
     * An endpoint enabled while this run was writing a delivery parked: enabling replays the parked deliveries it
     * finds, and this one may not have been written yet. Read after the write, the endpoint tells which side came
     * last: still disabled, and the enable that follows will find the delivery; enabled, and it is replayed here
     * (replaying twice is harmless: a replay unparks only what is still parked, so one of the two sends it).
     */
    private void replayIfEnabledMeanwhile(String tenantId, List<String> endpointIds) {
        for (String endpointId : endpointIds) {
            if (endpoints.get(tenantId, endpointId).map(Endpoint::enabled).orElse(false)) {
                parked.replayParked(tenantId, endpointId);
            }
        }
    }
}
