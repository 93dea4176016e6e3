package dev.hookline.core.delivery;

import dev.hookline.core.endpoint.CircuitBreaker;
import dev.hookline.core.endpoint.Endpoint;
import dev.hookline.core.endpoint.EndpointHealthTracker;
import dev.hookline.core.endpoint.EndpointStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The claim side of a push attempt: the lease on the delivery (one conditional write, which refuses final and
 * early deliveries), its endpoint, message and pace read together, and the lane gate's and circuit breaker's
 * go-ahead. Whatever is decided here happens before anything is sent.
 */
public final class DeliveryClaims {
    /** Longest endpoint timeout (30 s) plus room to record: a lease outlives any attempt. */
    private static final Duration LEASE = Duration.ofSeconds(60);
    private static final ExecutorService READS = Executors.newVirtualThreadPerTaskExecutor();

    /** What a claim came to: settled already (nothing to send), or ready to send under the lane's admission. */
    public sealed interface Claim permits Settled, Ready {
    }

    public record Settled(DeliveryWorker.Result result) implements Claim {
    }

    /** A claimed delivery with what it needs to be sent; {@code message} is null once it expired. */
    public record Ready(Delivery delivery, Endpoint endpoint, Message message, Instant now, LaneGate.Send admission)
            implements Claim {
    }

    private final DeliveryStore deliveries;
    private final EndpointStore endpoints;
    private final MessageStore messages;
    private final LaneQueues lanes;
    private final EndpointHealthTracker health;
    private final Clock clock;

    public DeliveryClaims(DeliveryStore deliveries, EndpointStore endpoints, MessageStore messages, LaneQueues lanes,
                          EndpointHealthTracker health, Clock clock) {
        this.deliveries = deliveries;
        this.endpoints = endpoints;
        this.messages = messages;
        this.lanes = lanes;
        this.health = health;
        this.clock = clock;
    }

    public Claim claim(DeliveryTask task) {
        // A delivery to an endpoint this environment already knows to be slow moves on before any store call.
        if (task.endpointId() != null) {
            Optional<LaneGate.HandBack> early = lanes.gate().early(task.lane(), task.tenantId(), task.endpointId());
            if (early.isPresent()) {
                lanes.handBack(task, early.get());
                return new Settled(DeliveryWorker.Result.HANDED_BACK);
            }
        }
        Instant now = clock.instant();
        // Hot path: claim (one write), then endpoint and message read together, send, record (one write).
        DeliveryStore.Claim claim = deliveries.claim(task.tenantId(), task.deliveryId(), now, now.plus(LEASE));
        if (claim instanceof DeliveryStore.NotDue(Delivery early)) {
            // Early (a duplicate, or a rounded delay): go back and wait, never send before the due time.
            lanes.schedule(early, early.nextAttemptAt(), task.lane());
            return new Settled(DeliveryWorker.Result.RESCHEDULED);
        }
        if (claim instanceof DeliveryStore.Leased(Delivery held, Instant until)) {
            // Another worker is on it - or died on it. Come back when its lease ends: the claim then tells which.
            lanes.schedule(held, until);
            return new Settled(DeliveryWorker.Result.RESCHEDULED);
        }
        if (!(claim instanceof DeliveryStore.Claimed(Delivery claimed))) {
            return new Settled(DeliveryWorker.Result.SKIPPED);
        }
        return admit(task, claimed, now);
    }

    private Claim admit(DeliveryTask task, Delivery claimed, Instant now) {
        Future<Optional<Endpoint>> endpointRead = READS.submit(() -> endpoints.get(task.tenantId(), claimed.endpointId()));
        Future<Optional<Message>> messageRead = READS.submit(() -> messages.get(task.tenantId(), claimed.messageId()));
        Future<LaneGate.PaceView> paceRead = READS.submit(() -> lanes.gate().view(task.tenantId(), claimed.endpointId()));
        Endpoint endpoint = join(endpointRead).orElse(null);
        Message message = join(messageRead).orElse(null);
        LaneGate.PaceView pace = join(paceRead);
        if (endpoint == null || endpoint.pull()) {
            // Deleted (its history went with it), or a pull endpoint, which only its receiver's lease attempts.
            deliveries.release(task.tenantId(), claimed.id());
            return new Settled(DeliveryWorker.Result.SKIPPED);
        }
        // Nothing is sent yet: a delivery handed back here goes to the slow lane (or comes back later) unsent.
        LaneGate.Admission admission = lanes.gate().admit(task.lane(), pace);
        if (admission instanceof LaneGate.HandBack back) {
            deliveries.release(task.tenantId(), claimed.id());
            lanes.handBack(new DeliveryTask(task.tenantId(), claimed.id(), task.lane(), claimed.endpointId(),
                    task.manual(), null), back);
            return new Settled(DeliveryWorker.Result.HANDED_BACK);
        }
        return new Ready(claimed, endpoint, message, now, (LaneGate.Send) admission);
    }

    /**
     * What keeps an admitted delivery from being sent now, if anything. Disabled, or another worker took this
     * interval's probe: wait, parked; enabling the endpoint or closing its circuit replays what waited. Paused with
     * no probe due yet: come back at the probe time, so that some delivery is always there to carry the next probe.
     * A manual retry goes now, circuit open or not; its outcome then counts like a probe's (health.record).
     */
    public Optional<DeliveryWorker.Result> held(DeliveryTask task, Ready ready) {
        Endpoint endpoint = ready.endpoint();
        Delivery claimed = ready.delivery();
        Instant now = ready.now();
        if (endpoint.enabled() && !task.manual() && !CircuitBreaker.mayAttempt(endpoint.health(), now)) {
            deliveries.reschedule(task.tenantId(), claimed.id(), endpoint.health().probeAt(), now);
            lanes.schedule(claimed, endpoint.health().probeAt());
            return Optional.of(DeliveryWorker.Result.RESCHEDULED);
        }
        if (!endpoint.enabled() || (!task.manual() && !health.claimProbe(endpoint))) {
            deliveries.park(task.tenantId(), claimed.id(), now);
            return Optional.of(DeliveryWorker.Result.SKIPPED);
        }
        return Optional.empty();
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
}
