package dev.hookline.core.delivery;

import dev.hookline.core.endpoint.Endpoint;
import dev.hookline.core.endpoint.EndpointHealth;
import dev.hookline.core.endpoint.EndpointHealthTracker;
import dev.hookline.core.endpoint.PlatformEvents;
import dev.hookline.core.outbound.AttemptOutcome;
import dev.hookline.core.schedule.DueSender;
import dev.hookline.core.schedule.QueueSender;
import dev.hookline.core.schedule.WorkQueue;
import dev.hookline.core.stats.DeliveryStats;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * What one attempt's outcome does, the same for a push (a worker sent it) and a pull (a receiver acknowledged
 * a lease, or let it expire): it counts for the endpoint's health and circuit breaker, then the delivery
 * succeeds, waits parked (410, or the endpoint got disabled), is retried when the endpoint's policy says, or
 * is dead-lettered after its last attempt. The write itself is the caller's, fenced its own way.
 */
public final class AttemptRecorder {
    /**
     * The caller's fenced write of the attempt and the delivery's new state, with the platform event reporting
     * it (null for none) in the same transaction, so the event exists exactly when the change does; false if
     * the write was refused.
     */
    @FunctionalInterface
    public interface Write {
        boolean apply(DeliveryStatus status, Instant nextAttemptAt, boolean parked, Instant at, Message event);
    }

    /** Puts a push delivery's task back on its queue at a time (the worker picks the lane). */
    @FunctionalInterface
    public interface Retries {
        void schedule(Delivery delivery, Instant dueAt);
    }

    /** Attempts after which {@code delivery.failing} goes out, unless the deployment says otherwise. */
    public static final int DEFAULT_FAILING_AFTER = 3;

    private final DeliveryStore deliveries;
    private final EndpointHealthTracker health;
    private final DeliveryStats stats;
    private final QueueSender queues;
    private final PlatformEventSink platformEvents;
    private final DueSender scheduler;
    private final Clock clock;
    private final RandomGenerator random;
    private final int failingAfterAttempts;
    private final Retries retries;

    /** Push retries go to the fast lane of the delivery queue (the pull side schedules none). */
    public AttemptRecorder(DeliveryStore deliveries, EndpointHealthTracker health, DeliveryStats stats,
                           QueueSender queues, PlatformEventSink platformEvents, DueSender scheduler, Clock clock,
                           RandomGenerator random, int failingAfterAttempts) {
        this(deliveries, health, stats, queues, platformEvents, scheduler, clock, random, failingAfterAttempts, null);
    }

    public AttemptRecorder(DeliveryStore deliveries, EndpointHealthTracker health, DeliveryStats stats,
                           QueueSender queues, PlatformEventSink platformEvents, DueSender scheduler, Clock clock,
                           RandomGenerator random, int failingAfterAttempts, Retries retries) {
        this.deliveries = deliveries;
        this.health = health;
        this.stats = stats;
        this.queues = queues;
        this.platformEvents = platformEvents;
        this.scheduler = scheduler;
        this.clock = clock;
        this.random = random;
        this.failingAfterAttempts = failingAfterAttempts;
        this.retries = retries != null ? retries : this::onDeliveryQueue;
    }

    /** Applies the outcome of attempt {@code attempt.n()} of {@code claimed}; true if {@code write} recorded it. */
    public boolean record(Delivery claimed, Endpoint endpoint, Attempt attempt, AttemptOutcome outcome, Write write) {
        long latencyMs = attempt.latencyMs();
        Instant after = clock.instant();
        switch (outcome.verdict()) {
            case SUCCEEDED -> {
                health.record(endpoint, EndpointHealthTracker.Result.SUCCEEDED, latencyMs);
                return write.apply(DeliveryStatus.SUCCEEDED, null, false, after, null);
            }
            case DISABLE_ENDPOINT -> {
                health.record(endpoint, EndpointHealthTracker.Result.GONE, latencyMs);
                return write.apply(DeliveryStatus.FAILED, null, true, after, null);
            }
            default -> {
                return failed(claimed, endpoint, attempt, outcome, write, after);
            }
        }
    }

    /** A failed attempt: retried when the policy allows, dead-lettered after the last; either way it counts. */
    private boolean failed(Delivery claimed, Endpoint endpoint, Attempt attempt, AttemptOutcome outcome, Write write,
                           Instant after) {
        int n = attempt.n();
        Endpoint afterFailure = health.record(endpoint, EndpointHealthTracker.Result.FAILED, attempt.latencyMs());
        if (!afterFailure.enabled()) {
            // Disabled after failing too long: this delivery waits with the rest for the endpoint to return.
            return write.apply(DeliveryStatus.FAILED, null, true, after, null);
        }
        if (endpoint.retry().allowsAttempt(n + 1)) {
            Instant next = after.plus(endpoint.retry().delayBeforeAttempt(n + 1, random));
            if (outcome.retryNotBefore().isPresent() && outcome.retryNotBefore().get().isAfter(next)) {
                next = outcome.retryNotBefore().get();
            }
            Instant probe = afterFailure.health().probeAt();
            if (EndpointHealth.PAUSED.equals(afterFailure.health().state()) && probe != null && probe.isAfter(next)) {
                next = probe; // the circuit is open: this retry is the next probe
            }
            Message failing = n == failingAfterAttempts
                    ? aboutDelivery(claimed, "delivery.failing", DeadLetter.failing(claimed, attempt, next)) : null;
            if (!write.apply(DeliveryStatus.RETRYING, next, false, after, failing)) {
                return false;
            }
            if (!claimed.pull()) {
                retries.schedule(claimed, next); // a pull retry waits in the pull index, due at `next`
            }
            return true;
        }
        if (!write.apply(DeliveryStatus.DEAD_LETTERED, null, false, after,
                aboutDelivery(claimed, "delivery.dead_lettered", DeadLetter.of(claimed, attempt, after)))) {
            return false;
        }
        queues.send(WorkQueue.DELIVERY_DEAD_LETTERS, DeadLetter.of(claimed, attempt, after), Duration.ZERO);
        stats.recordDeadLetter(claimed.tenantId(), claimed.endpointId(), after);
        if (EndpointHealth.PAUSED.equals(afterFailure.health().state())) {
            nextProbe(afterFailure);
        }
        return true;
    }

    /** A push attempt's outcome, written fenced by the attempt count (a redelivered task cannot record twice). */
    public boolean recordPushed(Delivery claimed, Endpoint endpoint, Attempt attempt, AttemptOutcome outcome) {
        return record(claimed, endpoint, attempt, outcome, (status, next, parked, at, event) ->
                deliveries.recordAttempt(claimed, attempt, status, next, parked, at, event));
    }

    /** The message expired before attempt {@code n} could carry it: the delivery fails, nothing is sent. */
    public void recordExpired(Delivery claimed, int n, Instant now) {
        deliveries.recordAttempt(claimed, new Attempt(n, now, null, 0, "the message has expired", null, "message_expired"),
                DeliveryStatus.FAILED, null, false, now, null);
    }

    /**
     * The delivery's task on the delivery queue at {@code dueAt} when an SQS delay reaches it; beyond that, its
     * due-index entry (written with the retry) is the schedule.
     */
    private void onDeliveryQueue(Delivery delivery, Instant dueAt) {
        scheduler.sendAt(WorkQueue.DELIVERY, new DeliveryTask(delivery.tenantId(), delivery.id()).toJson(), dueAt);
    }

    /**
     * The delivery that carried the probes is finished while the circuit is still open: the oldest delivery
     * waiting becomes the next probe, at the probe time, so the backlog does not wait for new traffic.
     */
    private void nextProbe(Endpoint paused) {
        for (Delivery waiting : deliveries.parked(paused.tenantId(), paused.id(), 1)) {
            deliveries.requeue(waiting.tenantId(), waiting.id(), clock.instant())
                    .filter(d -> !d.pull())
                    .ifPresent(d -> retries.schedule(d, paused.health().probeAt()));
        }
    }

    /**
     * {@code delivery.failing} / {@code delivery.dead_lettered}, stored with the attempt that caused it. Never about
     * a delivery of a platform event itself, so an endpoint failing its own operational subscriptions cannot feed
     * itself an ever-growing stream of them.
     */
    private Message aboutDelivery(Delivery delivery, String type, String dataJson) {
        return PlatformEvents.isOperational(delivery.eventType()) ? null
                : platformEvents.prepare(delivery.tenantId(), type, dataJson);
    }
}
