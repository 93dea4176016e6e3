package dev.hookline.core.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.core.problem.Problem.FieldError;
import dev.hookline.core.problem.ProblemException;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    /** A generator whose nextDouble is fixed, to pin jitter at its extremes. */
    private record FixedDouble(double value) implements RandomGenerator {
        @Override
        public double nextDouble() {
            return value;
        }

        @Override
        public long nextLong() {
            throw new UnsupportedOperationException();
        }
    }

    private static final RandomGenerator NO_JITTER = new FixedDouble(0.0);
    private static final RandomGenerator MAX_JITTER = new FixedDouble(Math.nextDown(1.0));

    @Test
    void defaultScheduleWrittenOutByHand() {
        List<Duration> expected = List.of(
                Duration.ZERO,                                  // attempt 1: immediately
                Duration.ofSeconds(30),                         // 30 s
                Duration.ofSeconds(90),                         // 30 s x 3
                Duration.ofMinutes(4).plusSeconds(30),          // 270 s
                Duration.ofMinutes(13).plusSeconds(30),         // 810 s
                Duration.ofMinutes(40).plusSeconds(30),         // 2430 s
                Duration.ofHours(2).plusMinutes(1).plusSeconds(30),  // 7290 s
                Duration.ofHours(6).plusMinutes(4).plusSeconds(30),  // 21870 s
                Duration.ofHours(10),                           // 65610 s capped at 10 h
                Duration.ofHours(10));                          // capped
        RetryPolicy p = RetryPolicy.DEFAULT;
        assertEquals(10, p.maxAttempts());
        for (int n = 1; n <= 10; n++) {
            assertEquals(expected.get(n - 1), p.nominalDelayBeforeAttempt(n), "attempt " + n);
            assertEquals(expected.get(n - 1), p.delayBeforeAttempt(n, NO_JITTER), "attempt " + n);
        }
    }

    @Test
    void defaultHorizonIsOverADayEvenWithMaximalJitter() {
        // 30+90+270+810+2430+7290+21870+36000+36000 = 104790 s = 29 h 6 min 30 s.
        assertEquals(Duration.ofHours(29).plusMinutes(6).plusSeconds(30), RetryPolicy.DEFAULT.horizon());
        // Every wait shortened by the full 10 %: 0.9 x 104790 s = 94311 s = 26 h 11 min 51 s.
        Duration shortest = Duration.ZERO;
        for (int n = 2; n <= 10; n++) {
            shortest = shortest.plus(RetryPolicy.DEFAULT.delayBeforeAttempt(n, MAX_JITTER));
        }
        assertEquals(Duration.ofSeconds(94311), shortest);
        assertTrue(shortest.compareTo(Duration.ofHours(24)) >= 0);
    }

    @Test
    void jitterStaysWithinHalfAndFullNominalAndUnderTheCap() {
        RetryPolicy wide = new RetryPolicy(Duration.ofSeconds(10), 2.5, 30, Duration.ofHours(3), 0.5);
        SplittableRandom random = new SplittableRandom(42);
        for (int round = 0; round < 200; round++) {
            for (int n = 2; n <= 30; n++) {
                long nominal = wide.nominalDelayBeforeAttempt(n).toMillis();
                long actual = wide.delayBeforeAttempt(n, random).toMillis();
                assertTrue(actual <= nominal && actual <= Duration.ofHours(3).toMillis(), n + ": " + actual);
                assertTrue(actual >= nominal / 2, n + ": " + actual);
            }
        }
        assertEquals(Duration.ofMinutes(90), wide.delayBeforeAttempt(30, new FixedDouble(1.0)));
    }

    @Test
    void capAndConstantSchedules() {
        RetryPolicy capped = new RetryPolicy(Duration.ofHours(1), 10, 4, Duration.ofHours(2), 0);
        assertEquals(Duration.ofHours(1), capped.nominalDelayBeforeAttempt(2));
        assertEquals(Duration.ofHours(2), capped.nominalDelayBeforeAttempt(3));
        assertEquals(Duration.ofHours(5), capped.horizon());
        RetryPolicy constant = new RetryPolicy(Duration.ofMinutes(5), 1, 4, Duration.ofMinutes(5), 0);
        assertEquals(Duration.ofMinutes(15), constant.horizon());
        RetryPolicy once = new RetryPolicy(Duration.ofSeconds(1), 2, 1, Duration.ofSeconds(1), 0);
        assertEquals(Duration.ZERO, once.horizon());
    }

    @Test
    void fiftyAttemptsAtMaximumGrowthDoNotOverflow() {
        RetryPolicy extreme = new RetryPolicy(Duration.ofHours(1), 10, 50, Duration.ofDays(7), 0);
        assertEquals(Duration.ofDays(7), extreme.nominalDelayBeforeAttempt(50));
        // 49 waits: 1 h, 10 h, 100 h, then 46 capped at 168 h.
        assertEquals(Duration.ofHours(1 + 10 + 100 + 46 * 168), extreme.horizon());
    }

    @Test
    void attemptNumbersOutsideThePolicyAreRefused() {
        assertTrue(RetryPolicy.DEFAULT.allowsAttempt(10));
        assertFalse(RetryPolicy.DEFAULT.allowsAttempt(11));
        assertFalse(RetryPolicy.DEFAULT.allowsAttempt(0));
        assertThrows(IllegalArgumentException.class, () -> RetryPolicy.DEFAULT.nominalDelayBeforeAttempt(11));
        assertThrows(IllegalArgumentException.class, () -> RetryPolicy.DEFAULT.delayBeforeAttempt(0, NO_JITTER));
    }

    @Test
    void defaultAndApiShapedPoliciesAreValid() {
        assertEquals(List.of(), RetryPolicy.DEFAULT.validate());
        RetryPolicy fromApi = RetryPolicy.ofSeconds(5, 2, 8, 36000);
        assertEquals(new RetryPolicy(Duration.ofSeconds(5), 2, 8, Duration.ofHours(10), 0.1), fromApi);
        assertEquals(List.of(), fromApi.validate());
        assertEquals(List.of(), new RetryPolicy(Duration.ofSeconds(1), 1, 1, Duration.ofSeconds(1), 0).validate());
        assertEquals(List.of(), new RetryPolicy(Duration.ofHours(1), 10, 50, Duration.ofDays(7), 0.5).validate());
    }

    @Test
    void validateNamesEveryBadField() {
        RetryPolicy bad = new RetryPolicy(Duration.ofMillis(999), 0.5, 0, Duration.ofDays(8), 0.6);
        assertEquals(List.of(
                new FieldError("initial_backoff_s", "must be between 1 and 3600 seconds"),
                new FieldError("multiplier", "must be between 1 and 10"),
                new FieldError("max_attempts", "must be between 1 and 50"),
                new FieldError("max_backoff_s", "must be at most 604800 seconds (7 days)"),
                new FieldError("jitter", "must be between 0 and 0.5")), bad.validate());
    }

    @Test
    void validateUpperBoundsNullsNaNAndOrdering() {
        assertEquals(List.of("initial_backoff_s", "multiplier", "max_attempts", "max_backoff_s"),
                fields(new RetryPolicy(Duration.ofSeconds(3601), 10.01, 51, Duration.ofSeconds(3600), 0)));
        assertEquals(List.of("initial_backoff_s", "multiplier", "max_backoff_s", "jitter"),
                fields(new RetryPolicy(null, Double.NaN, 5, null, Double.NaN)));
        assertEquals(List.of(new FieldError("max_backoff_s", "must be at least initial_backoff_s")),
                new RetryPolicy(Duration.ofMinutes(10), 2, 5, Duration.ofMinutes(9), 0).validate());
        assertEquals(List.of("jitter"), fields(new RetryPolicy(Duration.ofSeconds(30), 2, 5, Duration.ofHours(1), -0.1)));
    }

    @Test
    void requireValidThrowsA422Problem() {
        ProblemException e = assertThrows(ProblemException.class,
                () -> new RetryPolicy(Duration.ofSeconds(30), 11, 5, Duration.ofHours(1), 0).requireValid());
        assertEquals(422, e.problem().status());
        assertEquals(List.of(new FieldError("multiplier", "must be between 1 and 10")), e.problem().errors());
        assertEquals(RetryPolicy.DEFAULT, RetryPolicy.DEFAULT.requireValid());
    }

    private static List<String> fields(RetryPolicy p) {
        return p.validate().stream().map(FieldError::field).toList();
    }
}
