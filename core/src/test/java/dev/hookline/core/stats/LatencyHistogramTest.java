package dev.hookline.core.stats;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LatencyHistogramTest {
    private static final double EPS = 1e-9;

    @Test
    void boundsAreInclusiveAndTheLastSlotIsOpen() {
        assertEquals(15, LatencyHistogram.SLOTS);
        assertEquals(0, LatencyHistogram.slot(0));
        assertEquals(0, LatencyHistogram.slot(25));
        assertEquals(1, LatencyHistogram.slot(26));
        assertEquals(13, LatencyHistogram.slot(30_000));
        assertEquals(14, LatencyHistogram.slot(30_001));
    }

    @Test
    void p95IsTheBoundOfTheSlotWhereTheCumulativeCountReaches95Percent() {
        // 90 at <= 25, 5 at <= 500, 5 open: the 95th of 100 is in the <= 500 slot.
        assertEquals(500, LatencyHistogram.p95(new long[]{90, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 5}), EPS);
        // 94 below 500 ms: the 95th is in the open slot, reported as the last bound ("at least").
        assertEquals(30_000, LatencyHistogram.p95(new long[]{90, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 6}), EPS);
        assertEquals(0, LatencyHistogram.p95(new long[LatencyHistogram.SLOTS]), EPS);
    }
}
