package dev.hookline.core.endpoint;

import java.time.Instant;
import java.util.Optional;

/**
 * The endpoint health state machine, pure: given where an endpoint stands, its thresholds, one attempt's
 * result and the failure rate over the rate window, where it stands next and which event says so.
 *
 * <ul>
 *   <li>healthy/degraded: a failure counts; at {@link #DEGRADED_AFTER} in a row the endpoint is degraded;
 *       at the open threshold (consecutive, or rate over the window with enough attempts) it is paused and
 *       the first probe is due after {@code probeAfter}. A success makes it healthy again.</li>
 *   <li>paused: only probes are attempted. A probe failure waits another {@code probeAfter}; a success
 *       counts, and {@code successesToClose} of them in a row close the circuit (healthy again).</li>
 *   <li>Failing for {@code disableAfter} without a success disables it.</li>
 * </ul>
 */
public final class CircuitBreaker {
    /** Consecutive failures that make a healthy endpoint degraded (before the circuit opens). */
    public static final int DEGRADED_AFTER = 3;

    public record Step(EndpointHealth health, Optional<String> event) {
        public boolean changed(EndpointHealth before) {
            return !health.equals(before);
        }
    }

    private CircuitBreaker() {
    }

    /** Whether a delivery may be attempted now; paused endpoints take one probe per interval. */
    public static boolean mayAttempt(EndpointHealth health, Instant now) {
        return !EndpointHealth.PAUSED.equals(health.state()) || (health.probeAt() != null && !now.isBefore(health.probeAt()));
    }

    public static Step onSuccess(EndpointHealth h, BreakerSettings b, Instant now) {
        if (EndpointHealth.PAUSED.equals(h.state())) {
            int successes = h.probeSuccesses() + 1;
            if (successes >= b.successesToClose()) {
                return new Step(EndpointHealth.healthy(now), Optional.of("endpoint.recovered"));
            }
            // Half-open: the next probe may go at once; closing needs successes in a row.
            return new Step(new EndpointHealth(h.state(), h.since(), h.reason(), 0, h.failingSince(), now, successes),
                    Optional.empty());
        }
        if (EndpointHealth.DEGRADED.equals(h.state())) {
            return new Step(EndpointHealth.healthy(now), Optional.of("endpoint.recovered"));
        }
        return new Step(h.consecutiveFailures() == 0 ? h : EndpointHealth.healthy(h.since()), Optional.empty());
    }

    /**
     * @param attemptsInWindow attempts over the rate window, this one included
     * @param failuresInWindow failures over the rate window, this one included
     */
    public static Step onFailure(EndpointHealth h, BreakerSettings b, Instant now, long attemptsInWindow,
                                 long failuresInWindow) {
        Instant failingSince = h.failingSince() == null ? now : h.failingSince();
        int consecutive = h.consecutiveFailures() + 1;
        if (!now.isBefore(failingSince.plus(b.disableAfter()))) {
            return new Step(new EndpointHealth(EndpointHealth.DISABLED, now, "failing for " + b.disableAfter().toDays()
                    + " days without a success", consecutive, failingSince, null, 0), Optional.of("endpoint.disabled"));
        }
        if (EndpointHealth.PAUSED.equals(h.state())) {
            return new Step(new EndpointHealth(h.state(), h.since(), h.reason(), consecutive, failingSince,
                    now.plus(b.probeAfter()), 0), Optional.empty());
        }
        boolean rateOpens = attemptsInWindow >= b.minimumAttempts()
                && failuresInWindow >= Math.ceil(b.failureRateToOpen() * attemptsInWindow);
        if (consecutive >= b.consecutiveFailuresToOpen() || rateOpens) {
            String reason = rateOpens && consecutive < b.consecutiveFailuresToOpen()
                    ? failuresInWindow + " of " + attemptsInWindow + " attempts failed in " + b.rateWindow().toMinutes() + " min"
                    : consecutive + " consecutive failures";
            return new Step(new EndpointHealth(EndpointHealth.PAUSED, now, reason, consecutive, failingSince,
                    now.plus(b.probeAfter()), 0), Optional.of("endpoint.paused"));
        }
        if (consecutive >= DEGRADED_AFTER && EndpointHealth.HEALTHY.equals(h.state())) {
            return new Step(new EndpointHealth(EndpointHealth.DEGRADED, now, consecutive + " consecutive failures",
                    consecutive, failingSince, null, 0), Optional.of("endpoint.degraded"));
        }
        return new Step(new EndpointHealth(h.state(), h.since(), h.reason(), consecutive, failingSince, null, 0),
                Optional.empty());
    }

    /** A 410 disables at once. */
    public static Step onGone(EndpointHealth h, Instant now) {
        return new Step(new EndpointHealth(EndpointHealth.DISABLED, now, "the receiver answered 410 Gone",
                h.consecutiveFailures() + 1, h.failingSince() == null ? now : h.failingSince(), null, 0),
                Optional.of("endpoint.disabled"));
    }
}
