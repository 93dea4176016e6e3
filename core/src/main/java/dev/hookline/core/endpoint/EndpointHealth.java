package dev.hookline.core.endpoint;

import java.time.Instant;

/**
 * Where an endpoint stands: healthy -> degraded -> paused (circuit open) -> disabled, since when and why.
 * The counters are what the transitions are decided from; they are updated as attempts are recorded.
 *
 * @param state               healthy | degraded | paused | disabled
 * @param consecutiveFailures failed attempts in a row since the last success
 * @param failingSince        first failure of the current failing streak (null while healthy)
 * @param probeAt             while paused: when the next single probe may go
 * @param probeSuccesses      successes in a row while half-open (closing needs several)
 */
public record EndpointHealth(String state, Instant since, String reason, int consecutiveFailures, Instant failingSince,
                             Instant probeAt, int probeSuccesses) {

    public static final String HEALTHY = "healthy";
    public static final String DEGRADED = "degraded";
    public static final String PAUSED = "paused";
    public static final String DISABLED = "disabled";

    public static EndpointHealth healthy(Instant at) {
        return new EndpointHealth(HEALTHY, at, null, 0, null, null, 0);
    }
}
