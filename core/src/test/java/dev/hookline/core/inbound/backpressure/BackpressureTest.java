package dev.hookline.core.inbound.backpressure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.core.inbound.backpressure.Backpressure.Decision;
import dev.hookline.core.inbound.backpressure.Backpressure.Kind;
import dev.hookline.core.inbound.backpressure.BackpressurePolicy.Queue;
import dev.hookline.core.inbound.backpressure.BackpressurePolicy.Reject;
import dev.hookline.core.inbound.backpressure.BackpressurePolicy.Shed;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackpressureTest {

    private static final Duration RETRY = Duration.ofSeconds(7);

    @Test
    void queueAlwaysAccepts() {
        Decision d = Backpressure.decide(new Queue(), 5_000_000, 100_000, 0.99);
        assertEquals(Kind.ACCEPT, d.kind());
        assertNull(d.retryAfter());
        assertEquals("accepted", d.reason());
    }

    @Test
    void rejectOnQueueDepthAtTheLimit() {
        Reject policy = new Reject(1000, 0, RETRY);
        assertEquals(Kind.ACCEPT, Backpressure.decide(policy, 999, 1_000_000, 0).kind());
        Decision full = Backpressure.decide(policy, 1000, 1, 0);
        assertEquals(Kind.REJECT, full.kind());
        assertEquals(RETRY, full.retryAfter());
        assertEquals("max_queue_depth", full.reason());
        assertEquals("queue depth 1000 is at or above 1000", full.detail());
    }

    @Test
    void rejectAboveTheRateCountingThisRequest() {
        Reject policy = new Reject(0, 50, RETRY);
        assertEquals(Kind.ACCEPT, Backpressure.decide(policy, 9_999_999, 50, 0).kind());
        Decision over = Backpressure.decide(policy, 0, 51, 0);
        assertEquals(Kind.REJECT, over.kind());
        assertEquals(RETRY, over.retryAfter());
        assertEquals("max_per_second", over.reason());
        assertEquals("51 requests this second is above 50", over.detail());
    }

    @Test
    void depthIsCheckedBeforeRate() {
        assertEquals("max_queue_depth", Backpressure.decide(new Reject(10, 10, RETRY), 10, 11, 0).reason());
        assertEquals(Kind.ACCEPT, Backpressure.decide(new Reject(10, 10, RETRY), 9, 10, 0).kind());
    }

    @Test
    void defaultRetryAfter() {
        assertEquals(Duration.ofSeconds(5), Backpressure.decide(new Reject(1, 0, null), 1, 0, 0).retryAfter());
    }

    @Test
    void shedKeepsDrawsBelowTheRate() {
        Shed half = new Shed(0.5);
        assertEquals(Kind.ACCEPT, Backpressure.decide(half, 0, 0, 0.0).kind());
        assertEquals(Kind.ACCEPT, Backpressure.decide(half, 0, 0, 0.4999).kind());
        Decision shed = Backpressure.decide(half, 0, 0, 0.5);
        assertEquals(Kind.SHED, shed.kind());
        assertNull(shed.retryAfter());
        assertEquals("sampled_out", shed.reason());
        assertEquals("draw 0.5000 against keep_rate 0.5", shed.detail());
        assertEquals(Kind.ACCEPT, Backpressure.decide(new Shed(1), 0, 0, 0.999999).kind());
    }

    @Test
    void shedRateFollowsKeepRateOverManyDraws() {
        // Seeded, so the count is exact and stable; the bound is ~4 standard deviations (sqrt(10000*.3*.7) = 46).
        SplittableRandom random = new SplittableRandom(20261124L);
        int kept = 0;
        int shed = 0;
        for (int i = 0; i < 10_000; i++) {
            Decision d = Backpressure.decide(new Shed(0.3), 0, 0, random.nextDouble());
            if (d.kind() == Kind.ACCEPT) {
                kept++;
            } else {
                assertEquals("sampled_out", d.reason());
                shed++;
            }
        }
        assertEquals(10_000, kept + shed);
        assertTrue(Math.abs(kept - 3000) <= 180, "kept " + kept);
    }

    @Test
    void evenlySpacedDrawsKeepExactlyTheRate() {
        int kept = 0;
        for (int i = 0; i < 10_000; i++) {
            if (Backpressure.decide(new Shed(0.25), 0, 0, i / 10_000.0).accepted()) {
                kept++;
            }
        }
        assertEquals(2500, kept);
    }

    @Test
    void drawsOutsideTheUnitIntervalAreABug() {
        assertThrows(IllegalArgumentException.class, () -> Backpressure.decide(new Shed(0.5), 0, 0, 1.0));
        assertThrows(IllegalArgumentException.class, () -> Backpressure.decide(new Shed(0.5), 0, 0, -0.1));
        assertThrows(IllegalArgumentException.class, () -> Backpressure.decide(new Shed(0.5), 0, 0, Double.NaN));
    }

    @Test
    void decisionsAreConsistent() {
        assertThrows(IllegalArgumentException.class, () -> new Decision(Kind.REJECT, null, "x", null));
        assertThrows(IllegalArgumentException.class, () -> new Decision(Kind.ACCEPT, RETRY, "x", null));
    }
}
