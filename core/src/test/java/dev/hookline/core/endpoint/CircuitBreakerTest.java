package dev.hookline.core.endpoint;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CircuitBreakerTest {
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private static final BreakerSettings B = BreakerSettings.DEFAULT;

    private static EndpointHealth failTimes(int n, Instant at) {
        EndpointHealth h = EndpointHealth.healthy(T0);
        for (int i = 0; i < n; i++) {
            h = CircuitBreaker.onFailure(h, B, at, 0, 0).health();
        }
        return h;
    }

    @Test
    void threeFailuresInARowDegradeAndTheTenthOpensTheCircuit() {
        EndpointHealth two = failTimes(2, T0);
        assertEquals("healthy", two.state());
        CircuitBreaker.Step third = CircuitBreaker.onFailure(two, B, T0, 0, 0);
        assertEquals("degraded", third.health().state());
        assertEquals(Optional.of("endpoint.degraded"), third.event());

        EndpointHealth nine = failTimes(9, T0);
        assertEquals("degraded", nine.state());
        CircuitBreaker.Step tenth = CircuitBreaker.onFailure(nine, B, T0, 0, 0);
        assertEquals("paused", tenth.health().state());
        assertEquals(Optional.of("endpoint.paused"), tenth.event());
        assertEquals(T0.plusSeconds(60), tenth.health().probeAt(), "first probe 60 s later");
        assertEquals("10 consecutive failures", tenth.health().reason());
    }

    @Test
    void seventyPercentFailuresOverTheWindowWithTenAttemptsOpenIt() {
        EndpointHealth h = failTimes(1, T0);
        // 7 of 10 attempts failed in the window (this one included): 7 >= ceil(0.7 * 10) = 7 -> open.
        CircuitBreaker.Step step = CircuitBreaker.onFailure(h, B, T0, 10, 7);
        assertEquals("paused", step.health().state());
        assertEquals("7 of 10 attempts failed in 5 min", step.health().reason());
        // 6 of 10 does not, nor 7 of 9 (too few attempts).
        assertEquals("healthy", CircuitBreaker.onFailure(h, B, T0, 10, 6).health().state());
        assertEquals("healthy", CircuitBreaker.onFailure(h, B, T0, 9, 7).health().state());
    }

    @Test
    void whilePausedOnlyADueProbeMayGoAndThreeSuccessesCloseIt() {
        EndpointHealth paused = failTimes(10, T0);
        assertFalse(CircuitBreaker.mayAttempt(paused, T0.plusSeconds(59)));
        assertTrue(CircuitBreaker.mayAttempt(paused, T0.plusSeconds(60)));

        CircuitBreaker.Step failedProbe = CircuitBreaker.onFailure(paused, B, T0.plusSeconds(60), 0, 0);
        assertEquals("paused", failedProbe.health().state());
        assertEquals(T0.plusSeconds(120), failedProbe.health().probeAt(), "another interval after a failed probe");
        assertEquals(Optional.empty(), failedProbe.event());

        Instant t = T0.plusSeconds(120);
        CircuitBreaker.Step first = CircuitBreaker.onSuccess(failedProbe.health(), B, t);
        assertEquals("paused", first.health().state());
        assertEquals(1, first.health().probeSuccesses());
        assertTrue(CircuitBreaker.mayAttempt(first.health(), t), "half-open: the next probe may go at once");
        CircuitBreaker.Step second = CircuitBreaker.onSuccess(first.health(), B, t);
        CircuitBreaker.Step third = CircuitBreaker.onSuccess(second.health(), B, t);
        assertEquals("healthy", third.health().state());
        assertEquals(Optional.of("endpoint.recovered"), third.event());
        assertEquals(0, third.health().consecutiveFailures());
    }

    @Test
    void aSuccessHealsADegradedEndpoint() {
        CircuitBreaker.Step step = CircuitBreaker.onSuccess(failTimes(4, T0), B, T0.plusSeconds(5));
        assertEquals("healthy", step.health().state());
        assertEquals(Optional.of("endpoint.recovered"), step.event());
        CircuitBreaker.Step quiet = CircuitBreaker.onSuccess(EndpointHealth.healthy(T0), B, T0.plusSeconds(5));
        assertFalse(quiet.changed(EndpointHealth.healthy(T0)), "a success on a healthy endpoint writes nothing");
    }

    @Test
    void failingForFiveDaysDisablesAndA410DisablesAtOnce() {
        EndpointHealth failing = failTimes(1, T0);
        CircuitBreaker.Step almost = CircuitBreaker.onFailure(failing, B, T0.plus(Duration.ofDays(5)).minusSeconds(1), 0, 0);
        assertTrue(!"disabled".equals(almost.health().state()));
        CircuitBreaker.Step fiveDays = CircuitBreaker.onFailure(failing, B, T0.plus(Duration.ofDays(5)), 0, 0);
        assertEquals("disabled", fiveDays.health().state());
        assertEquals(Optional.of("endpoint.disabled"), fiveDays.event());

        CircuitBreaker.Step gone = CircuitBreaker.onGone(EndpointHealth.healthy(T0), T0);
        assertEquals("disabled", gone.health().state());
        assertEquals("the receiver answered 410 Gone", gone.health().reason());
    }

    @Test
    void perEndpointThresholdsAreHonoured() {
        BreakerSettings strict = new BreakerSettings(2, 0.5, Duration.ofMinutes(1), 4, Duration.ofSeconds(5), 1,
                Duration.ofHours(1));
        EndpointHealth one = CircuitBreaker.onFailure(EndpointHealth.healthy(T0), strict, T0, 0, 0).health();
        CircuitBreaker.Step two = CircuitBreaker.onFailure(one, strict, T0, 0, 0);
        assertEquals("paused", two.health().state());
        assertEquals(T0.plusSeconds(5), two.health().probeAt());
        assertEquals("healthy", CircuitBreaker.onSuccess(two.health(), strict, T0.plusSeconds(5)).health().state());
    }
}
