package dev.hookline.core.delivery;

import dev.hookline.core.endpoint.CircuitBreaker;
import dev.hookline.core.endpoint.Endpoint;
import dev.hookline.core.endpoint.EndpointHealthTracker;
import dev.hookline.core.endpoint.EndpointKeys;
import dev.hookline.core.endpoint.EndpointStore;
import dev.hookline.core.outbound.AttemptClassifier;
import dev.hookline.core.outbound.AttemptOutcome;
import dev.hookline.core.outbound.ClientIdentity;
import dev.hookline.core.fault.FaultPoint;
import dev.hookline.core.fault.Faults;
import dev.hookline.core.outbound.FailureKind;
import dev.hookline.core.schedule.DueSender;
import dev.hookline.core.schedule.QueueSender;
import dev.hookline.core.stats.DeliveryStats;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.random.RandomGenerator;

/**
 * Makes one attempt of one delivery: claim it, sign, send, record, then schedule the next attempt, park
 * it, or dead-letter it. A delivery that already succeeded is never sent again, however often its message
 * is redelivered: the claim refuses final deliveries and the record is fenced by the attempt count.
 */
public final class DeliveryWorker {
    /** What the queue should do with the message that asked for this attempt. */
    public enum Result { DONE, RESCHEDULED, SKIPPED, HANDED_BACK }

    public static final String USER_AGENT = DeliveryRequests.USER_AGENT;
    /** Longest endpoint timeout (30 s) plus room to record: a lease outlives any attempt. */
    private static final Duration LEASE = Duration.ofSeconds(60);
    private static final ExecutorService READS = Executors.newVirtualThreadPerTaskExecutor();

    private final DeliveryStore deliveries;
    private final MessageStore messages;
    private final EndpointStore endpoints;
    private final EndpointKeys keys;
    private final WebhookSender sender;
    private final AttemptClassifier classifier;
    private final DueSender scheduler;
    private final QueueSender queues;
    private final Clock clock;
    private final EndpointHealthTracker health;
    private final LaneGate lanes;
    private final AttemptRecorder recorder;

    public DeliveryWorker(DeliveryStore deliveries, MessageStore messages, EndpointStore endpoints, EndpointKeys keys,
                          WebhookSender sender, AttemptClassifier classifier, DueSender scheduler,
                          QueueSender queues, Clock clock, RandomGenerator random, EndpointHealthTracker health,
                          DeliveryStats stats, PlatformEventSink platformEvents, int failingAfterAttempts,
                          LaneGate lanes) {
        this.lanes = lanes;
        this.health = health;
        this.deliveries = deliveries;
        this.messages = messages;
        this.endpoints = endpoints;
        this.keys = keys;
        this.sender = sender;
        this.classifier = classifier;
        this.scheduler = scheduler;
        this.queues = queues;
        this.clock = clock;
        this.recorder = new AttemptRecorder(deliveries, health, stats, queues, platformEvents, scheduler, clock, random,
                failingAfterAttempts, this::schedule);
    }

    public Result attempt(DeliveryTask task) {
        // A delivery to an endpoint this environment already knows to be slow moves on before any store call.
        if (task.endpointId() != null) {
            Optional<LaneGate.HandBack> early = lanes.early(task.lane(), task.tenantId(), task.endpointId());
            if (early.isPresent()) {
                queues.send(early.get().lane().queue(), task.on(early.get().lane()).toJson(), early.get().delay());
                return Result.HANDED_BACK;
            }
        }
        Instant now = clock.instant();
        // Hot path: claim (one write), then endpoint and message read together, send, record (one write).
        DeliveryStore.Claim claim = deliveries.claim(task.tenantId(), task.deliveryId(), now, now.plus(LEASE));
        if (claim instanceof DeliveryStore.NotDue(Delivery early)) {
            // Early (a duplicate, or a rounded delay): go back and wait, never send before the due time.
            schedule(early, early.nextAttemptAt(), task.lane());
            return Result.RESCHEDULED;
        }
        if (claim instanceof DeliveryStore.Leased(Delivery held, Instant until)) {
            // Another worker is on it - or died on it. Come back when its lease ends: the claim then tells which.
            schedule(held, until);
            return Result.RESCHEDULED;
        }
        if (!(claim instanceof DeliveryStore.Claimed(Delivery claimed))) {
            return Result.SKIPPED;
        }
        Future<Optional<Endpoint>> endpointRead = READS.submit(() -> endpoints.get(task.tenantId(), claimed.endpointId()));
        Future<Optional<Message>> messageRead = READS.submit(() -> messages.get(task.tenantId(), claimed.messageId()));
        Future<LaneGate.PaceView> paceRead = READS.submit(() -> lanes.view(task.tenantId(), claimed.endpointId()));
        Endpoint endpoint = join(endpointRead).orElse(null);
        Message message = join(messageRead).orElse(null);
        LaneGate.PaceView pace = join(paceRead);
        if (endpoint == null || endpoint.pull()) {
            // Deleted (its history went with it), or a pull endpoint, which only its receiver's lease attempts.
            deliveries.release(task.tenantId(), claimed.id());
            return Result.SKIPPED;
        }
        // Nothing is sent yet: a delivery handed back here goes to the slow lane (or comes back later) unsent.
        LaneGate.Admission admission = lanes.admit(task.lane(), pace);
        if (admission instanceof LaneGate.HandBack back) {
            deliveries.release(task.tenantId(), claimed.id());
            queues.send(back.lane().queue(),
                    new DeliveryTask(task.tenantId(), claimed.id(), back.lane(), claimed.endpointId(), task.manual(),
                            null).toJson(),
                    back.delay());
            return Result.HANDED_BACK;
        }
        try (LaneGate.Slot slot = ((LaneGate.Send) admission).slot()) {
            return attemptAdmitted(task, claimed, endpoint, message, now, slot);
        }
    }

    private Result attemptAdmitted(DeliveryTask task, Delivery claimed, Endpoint endpoint, Message message,
                                   Instant now, LaneGate.Slot slot) {
        // Disabled, or another worker took this interval's probe: wait, parked; enabling the endpoint or
        // closing its circuit replays what waited. Paused with no probe due yet: come back at the probe time,
        // so that some delivery is always there to carry the next probe.
        // A manual retry goes now, circuit open or not; its outcome then counts like a probe's (health.record).
        if (endpoint.enabled() && !task.manual() && !CircuitBreaker.mayAttempt(endpoint.health(), now)) {
            deliveries.reschedule(task.tenantId(), claimed.id(), endpoint.health().probeAt(), now);
            schedule(claimed, endpoint.health().probeAt());
            return Result.RESCHEDULED;
        }
        if (!endpoint.enabled() || (!task.manual() && !health.claimProbe(endpoint))) {
            deliveries.park(task.tenantId(), claimed.id(), now);
            return Result.SKIPPED;
        }
        int n = claimed.attemptCount() + 1;
        if (message == null) {
            deliveries.recordAttempt(claimed, new Attempt(n, now, null, 0, "the message has expired", null, "message_expired"),
                    DeliveryStatus.FAILED, null, false, now, null);
            return Result.DONE;
        }
        OutboundResponse response = send(endpoint, message, now);
        slot.observed(response.latencyMs(), response.failure() == FailureKind.TIMEOUT);
        Faults.at(FaultPoint.DELIVERY_AFTER_RESPONSE);
        AttemptOutcome outcome = response.answered()
                ? classifier.classify(response.statusCode(), response.retryAfter())
                : classifier.classify(response.failure());
        Attempt attempt = new Attempt(n, now, response.answered() ? response.statusCode() : null, response.latencyMs(),
                response.error(), response.responseExcerpt(), outcome.reason(), response.headersMs());
        recorder.record(claimed, endpoint, attempt, outcome,
                (status, next, parked, at, event) -> deliveries.recordAttempt(claimed, attempt, status, next, parked, at, event));
        return Result.DONE;
    }

    /** {@code POST /v1/endpoints/{id}/test}: one signed attempt now, recorded nowhere but the answer. */
    public Attempt testSend(Endpoint endpoint, Message message) {
        Instant now = clock.instant();
        OutboundResponse response = send(endpoint, message, now);
        AttemptOutcome outcome = response.answered()
                ? classifier.classify(response.statusCode(), response.retryAfter())
                : classifier.classify(response.failure());
        return new Attempt(1, now, response.answered() ? response.statusCode() : null, response.latencyMs(),
                response.error(), response.responseExcerpt(), outcome.reason(), response.headersMs());
    }

    private OutboundResponse send(Endpoint endpoint, Message message, Instant now) {
        OutboundRequest request = DeliveryRequests.signed(endpoint, message, now, keys);
        ClientIdentity identity;
        try {
            identity = keys.clientIdentity(endpoint);
        } catch (RuntimeException e) {
            // Unreadable (Secrets Manager down, secret changed to garbage, expired): a failed attempt that says why.
            return OutboundResponse.failed(FailureKind.TLS_ERROR, "client certificate unavailable: " + e.getMessage(), 0);
        }
        return sender.send(request.withClientIdentity(identity));
    }

    private static <T> T join(Future<T> read) {
        try {
            return read.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /** Retries and probes go to the endpoint's lane as this environment knows it now. */
    private void schedule(Delivery delivery, Instant dueAt) {
        schedule(delivery, dueAt, lanes.laneFor(delivery.tenantId(), delivery.endpointId()));
    }

    /**
     * Queues the delivery for {@code dueAt} on its lane if an SQS delay reaches it; beyond that its due-index entry
     * does (the scheduler queues it on the fast lane, and the lane gate passes a slow endpoint's on).
     */
    private void schedule(Delivery delivery, Instant dueAt, Lane lane) {
        scheduler.sendAt(lane.queue(), new DeliveryTask(delivery.tenantId(), delivery.id(), lane,
                delivery.endpointId()).toJson(), dueAt);
    }
}
