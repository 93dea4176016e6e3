package dev.hookline.core.inbound.verify;

import dev.hookline.core.inbound.verify.Verification.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The timestamp window shared by every scheme that signs a timestamp. Checked in both directions: too old limits
 * replays, too new limits messages pre-signed by a skewed or compromised sender.
 */
final class Freshness {

    static final Duration DEFAULT_TOLERANCE = Duration.ofSeconds(300);

    private Freshness() {
    }

    /** Empty when fresh, otherwise the failure to return. */
    static Optional<Verification> check(long sentAtSeconds, Instant now, Duration tolerance) {
        long age = now.getEpochSecond() - sentAtSeconds;
        long limit = tolerance.toSeconds();
        if (age > limit) {
            return Optional.of(Verification.fail(Reason.STALE_TIMESTAMP,
                    "timestamp is " + age + " s old, tolerance " + limit + " s"));
        }
        if (-age > limit) {
            return Optional.of(Verification.fail(Reason.FUTURE_TIMESTAMP,
                    "timestamp is " + -age + " s in the future, tolerance " + limit + " s"));
        }
        return Optional.empty();
    }
}
