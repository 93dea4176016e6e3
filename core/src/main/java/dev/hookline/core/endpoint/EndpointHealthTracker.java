package dev.hookline.core.endpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.core.stats.DeliveryStats;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Applies {@link CircuitBreaker} steps to stored endpoints: counts each attempt, writes the endpoint only
 * when its health changes (a healthy endpoint's successes cost no write), publishes the transition as an
 * {@code endpoint.*} event, and on closing replays the backlog that waited, once, oldest first.
 */
public final class EndpointHealthTracker {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EndpointStore endpoints;
    private final DeliveryStats stats;
    private final EndpointEvents events;
    private final ParkedDeliveries replay;
    private final Clock clock;

    public EndpointHealthTracker(EndpointStore endpoints, DeliveryStats stats, EndpointEvents events,
                                 ParkedDeliveries replay, Clock clock) {
        this.endpoints = endpoints;
        this.stats = stats;
        this.events = events;
        this.replay = replay;
        this.clock = clock;
    }

    public enum Result { SUCCEEDED, FAILED, GONE }

    /** Records one attempt's effect; returns the endpoint as it stands afterwards. */
    public Endpoint record(Endpoint endpoint, Result result, long latencyMs) {
        Instant now = clock.instant();
        stats.recordAttempt(endpoint.tenantId(), endpoint.id(), result == Result.SUCCEEDED, latencyMs, now);
        for (int tries = 0; tries < 5; tries++) {
            Endpoint current = endpoints.get(endpoint.tenantId(), endpoint.id()).orElse(null);
            if (current == null) {
                return endpoint;
            }
            CircuitBreaker.Step step = switch (result) {
                case SUCCEEDED -> CircuitBreaker.onSuccess(current.health(), current.breaker(), now);
                case GONE -> CircuitBreaker.onGone(current.health(), now);
                case FAILED -> {
                    DeliveryStats.EndpointStatsView window = stats.read(current.tenantId(), current.id(),
                            current.breaker().rateWindow(), now);
                    yield CircuitBreaker.onFailure(current.health(), current.breaker(), now, window.total(), window.failed());
                }
            };
            if (!step.changed(current.health())) {
                return current;
            }
            Endpoint next = EndpointHealth.DISABLED.equals(step.health().state())
                    ? current.withHealth(step.health()).withEnabled(false, step.health().reason(), now)
                    : current.withHealth(step.health());
            if (endpoints.update(next)) {
                boolean wasPaused = EndpointHealth.PAUSED.equals(current.health().state());
                step.event().ifPresent(type -> publish(next, type));
                if (wasPaused && EndpointHealth.HEALTHY.equals(step.health().state())) {
                    replay.replayParked(next.tenantId(), next.id());
                } else if (wasPaused && result == Result.SUCCEEDED) {
                    replay.replayOldestParked(next.tenantId(), next.id()); // half-open: the next probe, now
                }
                return next;
            }
        }
        return endpoint;
    }

    /** One probe per interval: true for the one caller that takes this interval's probe slot. */
    public boolean claimProbe(Endpoint endpoint) {
        Instant now = clock.instant();
        EndpointHealth h = endpoint.health();
        if (!CircuitBreaker.mayAttempt(h, now)) {
            return false;
        }
        if (!EndpointHealth.PAUSED.equals(h.state())) {
            return true;
        }
        EndpointHealth slotTaken = new EndpointHealth(h.state(), h.since(), h.reason(), h.consecutiveFailures(),
                h.failingSince(), now.plus(endpoint.breaker().probeAfter()), h.probeSuccesses());
        return endpoints.update(endpoint.withHealth(slotTaken));
    }

    public void publish(Endpoint endpoint, String type) {
        EndpointHealth h = endpoint.health();
        var data = JSON.createObjectNode().put("endpoint_id", endpoint.id()).put("url", endpoint.url())
                .put("state", h.state()).put("since", h.since() == null ? null : h.since().toString())
                .put("reason", h.reason());
        events.publish(endpoint.tenantId(), type, data.toString());
    }

    public Optional<Endpoint> current(Endpoint endpoint) {
        return endpoints.get(endpoint.tenantId(), endpoint.id());
    }
}
