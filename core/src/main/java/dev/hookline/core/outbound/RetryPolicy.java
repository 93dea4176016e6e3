package dev.hookline.core.outbound;

import dev.hookline.core.problem.Problem;
import dev.hookline.core.problem.Problem.FieldError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * How long to wait between delivery attempts: exponential backoff capped at {@code maxBackoff}, with jitter.
 *
 * <p>Attempt 1 is sent immediately; attempt {@code n >= 2} waits {@code min(initialBackoff * multiplier^(n-2),
 * maxBackoff)}, then shortened by a random fraction of at most {@code jitter}. Jitter only ever shortens the wait: it
 * still spreads a burst of failures (so a recovering receiver is not hit by all retries in the same second), but it can
 * never push a wait past {@code maxBackoff} nor collapse it towards zero the way "full jitter" can, which keeps the
 * retry horizon a promise we can state. With {@code jitter <= 0.5} no wait is below half its nominal value.
 *
 * <p>The default (30 s x3, capped at 10 h, 10 attempts, 10 % jitter) waits 30 s, 90 s, 4.5 min, 13.5 min, 40.5 min,
 * ~2 h, ~6 h, 10 h, 10 h: a nominal horizon of 29 h 6 min 30 s, and at least 26 h 11 min with full jitter, so a
 * receiver that is down for a day still gets its events.
 *
 * <p>Waits longer than SQS allows (15 min delay, 12 h visibility) are meant to be persisted as a due time and
 * re-enqueued by the scheduler, not parked in a queue.
 */
public record RetryPolicy(Duration initialBackoff, double multiplier, int maxAttempts, Duration maxBackoff,
                          double jitter) {

    public static final RetryPolicy DEFAULT =
            new RetryPolicy(Duration.ofSeconds(30), 3.0, 10, Duration.ofHours(10), 0.1);

    static final Duration MIN_INITIAL = Duration.ofSeconds(1);
    static final Duration MAX_INITIAL = Duration.ofHours(1);
    static final Duration MAX_BACKOFF = Duration.ofDays(7);
    static final double MAX_MULTIPLIER = 10;
    static final int MAX_ATTEMPTS = 50;
    static final double MAX_JITTER = 0.5;

    /**
     * A create or patch request's retry settings: fields not given keep the base policy's value (the default on
     * create, the endpoint's current policy on patch).
     */
    public record Overrides(Long initialBackoffS, Double multiplier, Integer maxAttempts, Long maxBackoffS) {
        public RetryPolicy over(RetryPolicy base) {
            return ofSeconds(initialBackoffS == null ? base.initialBackoff().toSeconds() : initialBackoffS,
                    multiplier == null ? base.multiplier() : multiplier,
                    maxAttempts == null ? base.maxAttempts() : maxAttempts,
                    maxBackoffS == null ? base.maxBackoff().toSeconds() : maxBackoffS);
        }
    }

    /** The API's shape (whole seconds, no jitter field): jitter comes from the default. */
    public static RetryPolicy ofSeconds(long initialBackoffS, double multiplier, int maxAttempts, long maxBackoffS) {
        return new RetryPolicy(Duration.ofSeconds(initialBackoffS), multiplier, maxAttempts,
                Duration.ofSeconds(maxBackoffS), DEFAULT.jitter());
    }

    /** Field errors named like the API's {@code retry} object, empty when the policy is usable. */
    public List<FieldError> validate() {
        List<FieldError> errors = new ArrayList<>();
        if (initialBackoff == null) {
            errors.add(new FieldError("initial_backoff_s", "is required"));
        } else if (initialBackoff.compareTo(MIN_INITIAL) < 0 || initialBackoff.compareTo(MAX_INITIAL) > 0) {
            errors.add(new FieldError("initial_backoff_s", "must be between 1 and 3600 seconds"));
        }
        if (!(multiplier >= 1 && multiplier <= MAX_MULTIPLIER)) {
            errors.add(new FieldError("multiplier", "must be between 1 and 10"));
        }
        if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS) {
            errors.add(new FieldError("max_attempts", "must be between 1 and " + MAX_ATTEMPTS));
        }
        if (maxBackoff == null) {
            errors.add(new FieldError("max_backoff_s", "is required"));
        } else if (maxBackoff.compareTo(MAX_BACKOFF) > 0) {
            errors.add(new FieldError("max_backoff_s", "must be at most 604800 seconds (7 days)"));
        } else if (initialBackoff != null && maxBackoff.compareTo(initialBackoff) < 0) {
            errors.add(new FieldError("max_backoff_s", "must be at least initial_backoff_s"));
        }
        if (!(jitter >= 0 && jitter <= MAX_JITTER)) {
            errors.add(new FieldError("jitter", "must be between 0 and 0.5"));
        }
        return List.copyOf(errors);
    }

    /** @throws dev.hookline.core.problem.ProblemException (422) listing every invalid field */
    public RetryPolicy requireValid() {
        List<FieldError> errors = validate();
        if (!errors.isEmpty()) {
            throw Problem.invalid("The retry policy is not valid.", errors).toException();
        }
        return this;
    }

    public boolean allowsAttempt(int attemptNumber) {
        return attemptNumber >= 1 && attemptNumber <= maxAttempts;
    }

    /** The wait before {@code attemptNumber} without jitter; zero for the first attempt. */
    public Duration nominalDelayBeforeAttempt(int attemptNumber) {
        if (!allowsAttempt(attemptNumber)) {
            throw new IllegalArgumentException("attempt " + attemptNumber + " is outside 1.." + maxAttempts);
        }
        if (attemptNumber == 1) {
            return Duration.ZERO;
        }
        double millis = initialBackoff.toMillis() * Math.pow(multiplier, attemptNumber - 2);
        return Duration.ofMillis(Math.round(Math.min(millis, maxBackoff.toMillis())));
    }

    /** The jittered wait before {@code attemptNumber}, in {@code [(1 - jitter) * nominal, nominal]}. */
    public Duration delayBeforeAttempt(int attemptNumber, RandomGenerator random) {
        Duration nominal = nominalDelayBeforeAttempt(attemptNumber);
        double shortenBy = jitter * random.nextDouble();
        return Duration.ofMillis(Math.round(nominal.toMillis() * (1 - shortenBy)));
    }

    /** Sum of nominal waits from the first to the last attempt: how long a delivery keeps trying. */
    public Duration horizon() {
        Duration total = Duration.ZERO;
        for (int n = 2; n <= maxAttempts; n++) {
            total = total.plus(nominalDelayBeforeAttempt(n));
        }
        return total;
    }
}
