package dev.hookline.core.endpoint;

import java.time.Duration;

/**
 * Circuit breaker thresholds, overridable per endpoint. Defaults: open after 10 consecutive failures, or at
 * >= 70 % failures over 5 minutes with >= 10 attempts; probe after 60 s; close after 3 successes; disable
 * after 5 days failing (a 410 disables at once).
 */
public record BreakerSettings(int consecutiveFailuresToOpen, double failureRateToOpen, Duration rateWindow,
                              int minimumAttempts, Duration probeAfter, int successesToClose, Duration disableAfter) {

    public static final BreakerSettings DEFAULT = new BreakerSettings(10, 0.70, Duration.ofMinutes(5), 10,
            Duration.ofSeconds(60), 3, Duration.ofDays(5));
}
