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

    /** A create or patch request's breaker settings: fields not given keep the base's value. */
    public record Overrides(Integer consecutiveFailuresToOpen, Double failureRateToOpen, Long rateWindowS,
                            Integer minimumAttempts, Long probeAfterS, Integer successesToClose, Long disableAfterS) {
        public BreakerSettings over(BreakerSettings base) {
            return new BreakerSettings(
                    consecutiveFailuresToOpen == null ? base.consecutiveFailuresToOpen() : consecutiveFailuresToOpen,
                    failureRateToOpen == null ? base.failureRateToOpen() : failureRateToOpen,
                    rateWindowS == null ? base.rateWindow() : Duration.ofSeconds(rateWindowS),
                    minimumAttempts == null ? base.minimumAttempts() : minimumAttempts,
                    probeAfterS == null ? base.probeAfter() : Duration.ofSeconds(probeAfterS),
                    successesToClose == null ? base.successesToClose() : successesToClose,
                    disableAfterS == null ? base.disableAfter() : Duration.ofSeconds(disableAfterS));
        }
    }
}
