package dev.hookline.core.delivery;

import dev.hookline.core.crypto.Tokens;
import dev.hookline.core.endpoint.CircuitBreaker;
import dev.hookline.core.endpoint.Endpoint;
import dev.hookline.core.endpoint.EndpointHealth;
import dev.hookline.core.endpoint.EndpointHealthTracker;
import dev.hookline.core.endpoint.EndpointKeys;
import dev.hookline.core.endpoint.EndpointStore;
import dev.hookline.core.outbound.AttemptClassifier;
import dev.hookline.core.outbound.AttemptOutcome;
import dev.hookline.core.outbound.FailureKind;
import dev.hookline.core.problem.Problem;
import dev.hookline.core.problem.ProblemType;
import dev.hookline.core.schedule.DueSender;
import dev.hookline.core.schedule.WorkQueue;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Pull delivery: a receiver that cannot take inbound connections leases its endpoint's due deliveries
 * ({@link #pull}), each with the exact request a push would have sent, signed at lease time; it answers with
 * an {@link #ack} of what its application said. An ack, or a lease that ends without one ({@link #expire}),
 * is an attempt like a push's: {@link AttemptRecorder} applies the endpoint's retry policy, breaker and
 * dead-lettering. Leases are single conditional writes, so two receivers never hold the same delivery.
 */
public final class PullDeliveries {
    public static final int MAX_BATCH = 100;
    /** Bounded below the API function's 29 s timeout, with room to lease, sign and answer. */
    public static final Duration MAX_WAIT = Duration.ofSeconds(20);
    public static final Duration MIN_VISIBILITY = Duration.ofSeconds(5);
    public static final Duration MAX_VISIBILITY = Duration.ofMinutes(15);
    public static final Duration DEFAULT_VISIBILITY = Duration.ofSeconds(60);
    /** How often a waiting pull looks at the index again. */
    static final Duration POLL_INTERVAL = Duration.ofMillis(200);

    /** One leased delivery: what to hand the application, and the lease to acknowledge. */
    public record Pulled(Delivery delivery, int attempt, String leaseId, Instant leaseUntil, OutboundRequest request) {
    }

    /** What the receiver's application answered: a status code, or no answer at all ({@code failure}). */
    public record Ack(Integer statusCode, FailureKind failure, long latencyMs, String responseExcerpt, String leaseId) {
    }

    /** Waits between looks at the index; tests pass one that advances their clock. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final EndpointStore endpoints;
    private final DeliveryStore deliveries;
    private final MessageStore messages;
    private final EndpointKeys keys;
    private final AttemptClassifier classifier;
    private final AttemptRecorder recorder;
    private final EndpointHealthTracker health;
    private final DueSender scheduler;
    private final Clock clock;
    private final SecureRandom random;
    private final Sleeper sleeper;

    public PullDeliveries(EndpointStore endpoints, DeliveryStore deliveries, MessageStore messages, EndpointKeys keys,
                          AttemptClassifier classifier, AttemptRecorder recorder, EndpointHealthTracker health,
                          DueSender scheduler, Clock clock, SecureRandom random, Sleeper sleeper) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.messages = messages;
        this.keys = keys;
        this.classifier = classifier;
        this.recorder = recorder;
        this.health = health;
        this.scheduler = scheduler;
        this.clock = clock;
        this.random = random;
        this.sleeper = sleeper;
    }

    /**
     * Leases up to {@code max} due deliveries of the tenant's pull endpoint for {@code visibility}, waiting up
     * to {@code wait} for the first one; an empty list when none came due in time.
     */
    public List<Pulled> pull(String tenantId, String endpointId, int max, Duration wait, Duration visibility) {
        Endpoint endpoint = pullEndpoint(tenantId, endpointId);
        Instant deadline = clock.instant().plus(wait);
        while (true) {
            List<Pulled> leased = leaseDue(endpoint, max, visibility);
            Instant now = clock.instant();
            if (!leased.isEmpty() || !now.isBefore(deadline)) {
                return leased;
            }
            Duration left = Duration.between(now, deadline);
            try {
                sleeper.sleep(left.compareTo(POLL_INTERVAL) < 0 ? left : POLL_INTERVAL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return leased;
            }
        }
    }

    private List<Pulled> leaseDue(Endpoint endpoint, int max, Duration visibility) {
        Instant now = clock.instant();
        List<DeliveryStore.PullState> due = deliveries.duePulls(endpoint.tenantId(), endpoint.id(), now, max);
        if (due.isEmpty()) {
            return List.of();
        }
        // Fresh health for this round: acks may have opened the circuit since the pull began.
        Endpoint current = endpoints.get(endpoint.tenantId(), endpoint.id()).orElse(null);
        if (current == null || !current.enabled()) {
            return List.of();
        }
        int allowed = max;
        if (EndpointHealth.PAUSED.equals(current.health().state())) {
            // Circuit open: one probe per interval, like a push.
            if (!CircuitBreaker.mayAttempt(current.health(), now) || !health.claimProbe(current)) {
                return List.of();
            }
            allowed = 1;
        }
        List<Pulled> out = new ArrayList<>();
        for (DeliveryStore.PullState state : due) {
            if (out.size() >= allowed) {
                break;
            }
            if (state.leased()) {
                if (!state.leaseUntil().isAfter(now)) {
                    expired(state, current); // ended unacknowledged and not yet recorded: it counts now
                }
                continue;
            }
            lease(current, state.delivery(), now, visibility).ifPresent(out::add);
        }
        return out;
    }

    private Optional<Pulled> lease(Endpoint endpoint, Delivery candidate, Instant now, Duration visibility) {
        String leaseId = Tokens.generate("", random).substring(0, 22);
        Instant until = now.plus(visibility);
        Optional<DeliveryStore.PullState> taken = deliveries.leasePull(endpoint.tenantId(), candidate.id(), leaseId, now, until);
        if (taken.isEmpty()) {
            return Optional.empty(); // another receiver was first, or it changed meanwhile
        }
        Delivery delivery = taken.get().delivery();
        int n = delivery.attemptCount() + 1;
        Message message = messages.get(endpoint.tenantId(), delivery.messageId()).orElse(null);
        if (message == null) {
            Attempt gone = new Attempt(n, now, null, 0, "the message has expired", null, "message_expired");
            deliveries.recordPullAttempt(delivery, leaseId, false, gone, DeliveryStatus.FAILED, null, false, now, null);
            return Optional.empty();
        }
        try {
            // The lease's prompt timer: if no ack comes, the delivery queue brings the lease back when it ends (a
            // lease never outlasts an SQS delay). Should this send fail, the lease's due-index entry, written with
            // the lease, has the scheduler record it; and a pull sees it in the pull index meanwhile.
            scheduler.sendAt(WorkQueue.DELIVERY,
                    DeliveryTask.leaseTimer(delivery.tenantId(), delivery.id(), leaseId).toJson(), until);
        } catch (RuntimeException timerNotSet) {
            // See above: the index is the durable timer, the queue only the prompt one.
        }
        return Optional.of(new Pulled(delivery, n, leaseId, until, DeliveryRequests.signed(endpoint, message, now, keys)));
    }

    /** Records what the receiver's application answered for a leased delivery; returns the delivery afterwards. */
    public Delivery ack(String tenantId, String deliveryId, Ack ack) {
        DeliveryStore.PullState state = deliveries.pullState(tenantId, deliveryId)
                .orElseThrow(() -> Problem.of(ProblemType.NOT_FOUND, "No delivery " + deliveryId + ".").toException());
        Delivery delivery = state.delivery();
        if (!delivery.pull()) {
            throw conflict("Delivery " + deliveryId + " goes to a push endpoint; only pulled deliveries are acknowledged.");
        }
        Instant now = clock.instant();
        if (!state.leased()) {
            throw conflict("Delivery " + deliveryId + " is not leased: it was acknowledged already, or never pulled.");
        }
        if (ack.leaseId() != null && !Tokens.constantTimeEquals(ack.leaseId(), state.leaseId())) {
            throw conflict("That lease of delivery " + deliveryId + " is over; it was leased again since.");
        }
        if (!state.leaseUntil().isAfter(now)) {
            throw conflict("The lease of delivery " + deliveryId + " ended at " + state.leaseUntil()
                    + " without an ack; the delivery is retried per the endpoint's policy.");
        }
        Endpoint endpoint = endpoints.get(tenantId, delivery.endpointId())
                .orElseThrow(() -> Problem.of(ProblemType.NOT_FOUND, "No delivery " + deliveryId + ".").toException());
        AttemptOutcome outcome = ack.statusCode() != null
                ? classifier.classify(ack.statusCode(), null) : classifier.classify(ack.failure());
        String error = ack.statusCode() != null ? null : "the receiver's application did not answer (" + outcome.reason() + ")";
        Attempt attempt = new Attempt(delivery.attemptCount() + 1, state.leasedAt(), ack.statusCode(),
                Math.max(0, ack.latencyMs()), error, ack.responseExcerpt(), outcome.reason());
        boolean recorded = recorder.record(delivery, endpoint, attempt, outcome, (status, next, parked, at, event) ->
                deliveries.recordPullAttempt(delivery, state.leaseId(), false, attempt, status, next, parked, at, event));
        if (!recorded) {
            throw conflict("The lease of delivery " + deliveryId + " ended while the ack was recorded; it is retried.");
        }
        return deliveries.get(tenantId, deliveryId).orElse(delivery);
    }

    /** The lease timer from the delivery queue: an unacknowledged lease that has ended is a failed attempt. */
    public DeliveryWorker.Result expire(DeliveryTask task) {
        DeliveryStore.PullState state = deliveries.pullState(task.tenantId(), task.deliveryId()).orElse(null);
        if (state == null || !state.leased() || !state.leaseId().equals(task.leaseId())) {
            return DeliveryWorker.Result.SKIPPED; // acknowledged, or already recorded and leased again
        }
        if (state.leaseUntil().isAfter(clock.instant())) {
            // Early (clocks differ between functions): come back when the lease ends.
            scheduler.sendAt(WorkQueue.DELIVERY, task.toJson(), state.leaseUntil());
            return DeliveryWorker.Result.RESCHEDULED;
        }
        Endpoint endpoint = endpoints.get(task.tenantId(), state.delivery().endpointId()).orElse(null);
        if (endpoint == null) {
            return DeliveryWorker.Result.SKIPPED; // deleted with its history
        }
        return expired(state, endpoint) ? DeliveryWorker.Result.DONE : DeliveryWorker.Result.SKIPPED;
    }

    /**
     * The scheduler's backstop for a lease whose queue timer was lost: the delivery's lease entry is due. True
     * if the ended lease is now recorded (or nothing was left to record), false to look again next pass.
     */
    public boolean expireOverdue(String tenantId, String deliveryId) {
        DeliveryStore.PullState state = deliveries.pullState(tenantId, deliveryId).orElse(null);
        if (state == null || !state.leased()) {
            return true; // deleted, or acknowledged meanwhile: its entry went with it
        }
        if (state.leaseUntil().isAfter(clock.instant())) {
            return false; // leased again since the index was read
        }
        Endpoint endpoint = endpoints.get(tenantId, state.delivery().endpointId()).orElse(null);
        return endpoint == null || expired(state, endpoint);
    }

    /** Records an ended, unacknowledged lease as an attempt that timed out. */
    private boolean expired(DeliveryStore.PullState state, Endpoint endpoint) {
        Delivery delivery = state.delivery();
        long heldMs = Duration.between(state.leasedAt(), state.leaseUntil()).toMillis();
        AttemptOutcome outcome = classifier.classify(FailureKind.TIMEOUT);
        Attempt attempt = new Attempt(delivery.attemptCount() + 1, state.leasedAt(), null, heldMs,
                "the lease ended without an ack", null, outcome.reason());
        AttemptRecorder.Write write = (status, next, parked, at, event) ->
                deliveries.recordPullAttempt(delivery, state.leaseId(), true, attempt, status, next, parked, at, event);
        if (!endpoint.enabled()) {
            // Disabled while the lease ran (e.g. `hookline listen` stopped): it waits with the rest, parked.
            return write.apply(DeliveryStatus.FAILED, null, true, clock.instant(), null);
        }
        return recorder.record(delivery, endpoint, attempt, outcome, write);
    }

    /** The tenant's endpoint, if it is a pull endpoint that may be pulled now; 404 / 409 otherwise. */
    private Endpoint pullEndpoint(String tenantId, String endpointId) {
        Endpoint endpoint = endpoints.get(tenantId, endpointId)
                .orElseThrow(() -> Problem.of(ProblemType.NOT_FOUND, "No endpoint " + endpointId + ".").toException());
        if (!endpoint.pull()) {
            throw conflict("Endpoint " + endpointId + " is a push endpoint: Hookline sends to its URL. "
                    + "Create an endpoint with \"delivery\": \"pull\" to pull.");
        }
        if (!endpoint.enabled()) {
            throw conflict("Endpoint " + endpointId + " is disabled" + (endpoint.disabledReason() == null ? ""
                    : " (" + endpoint.disabledReason() + ")") + "; enable it to pull its deliveries.");
        }
        return endpoint;
    }

    private static RuntimeException conflict(String detail) {
        return Problem.of(ProblemType.CONFLICT, detail).toException();
    }
}
